package org.fusionj.core.registration;

import org.fusionj.core.parallel.RowBlocks;

/**
 * The paper's quality figures on binarised volumes: mean squared error between the fixed mask and the moving mask
 * resampled (trilinearly) through the transform, and the Dice overlap of the fixed mask with the resampled moving
 * mask cut at 0.5.
 *
 * @param mse  mean over all fixed voxels of (fixed mask - resampled moving mask)^2
 * @param dice 2 |F and M| / (|F| + |M|)
 */
public record RegistrationQuality(double mse, double dice) {

    public static RegistrationQuality of(Volume fixedBinary, Volume movingBinary, Resampler.TransformField field,
            RowBlocks blocks) {
        int nx = fixedBinary.nx();
        int ny = fixedBinary.ny();
        int nz = fixedBinary.nz();
        float[] f = fixedBinary.data();
        float[] m = movingBinary.data();
        int nb = RowBlocks.blockCount(nz);
        double[][] parts = new double[nb][4];
        blocks.forEach(nz, (z0, z1) -> {
            double[] acc = parts[RowBlocks.blockIndex(z0)];
            double[] p = new double[3];
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        int i = x + nx * (y + ny * z);
                        field.at(i).apply(x, y, z, p);
                        double mv = Sampling.trilinear(m, movingBinary.nx(), movingBinary.ny(), movingBinary.nz(), p[0],
                                p[1], p[2]);
                        double e = mv - f[i];
                        acc[0] += e * e;
                        boolean in = mv >= 0.5;
                        acc[1] += in && f[i] > 0.5f ? 1 : 0;
                        acc[2] += f[i] > 0.5f ? 1 : 0;
                        acc[3] += in ? 1 : 0;
                    }
                }
            }
        });
        double[] s = InverseCompositionalAligner.combine(parts, 4);
        double denom = s[2] + s[3];
        return new RegistrationQuality(s[0] / fixedBinary.voxels(), denom > 0 ? 2 * s[1] / denom : 1);
    }
}
