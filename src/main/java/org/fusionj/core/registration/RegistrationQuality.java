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

    /** Quality with one transform for every voxel (positions stepped along rows: no per-voxel matrix product). */
    public static RegistrationQuality of(Volume fixedBinary, Volume movingBinary, AffineTransform3D t,
            RowBlocks blocks) {
        if (t.equals(AffineTransform3D.identity()) && fixedBinary.sameSize(movingBinary)) {
            return direct(fixedBinary, movingBinary, blocks);
        }
        double[] m = t.rows3x4();
        return scan(fixedBinary, movingBinary, blocks, (x, y, z, p) -> {
            p[0] = m[0] * x + m[1] * y + m[2] * z + m[3];
            p[1] = m[4] * x + m[5] * y + m[6] * z + m[7];
            p[2] = m[8] * x + m[9] * y + m[10] * z + m[11];
        }, null, m);
    }

    /** Quality with a transform per voxel (per-particle regions). */
    public static RegistrationQuality of(Volume fixedBinary, Volume movingBinary, Resampler.TransformField field,
            RowBlocks blocks) {
        int nx = fixedBinary.nx();
        int ny = fixedBinary.ny();
        return scan(fixedBinary, movingBinary, blocks, (x, y, z, p) -> field.at(x + nx * (y + ny * z))
                .apply(x, y, z, p), field, null);
    }

    @FunctionalInterface
    private interface Mapping {
        void map(int x, int y, int z, double[] p);
    }

    private static RegistrationQuality scan(Volume fixedBinary, Volume movingBinary, RowBlocks blocks,
            Mapping mapping, Resampler.TransformField field, double[] affine) {
        int nx = fixedBinary.nx();
        int ny = fixedBinary.ny();
        int nz = fixedBinary.nz();
        float[] f = fixedBinary.data();
        float[] mv = movingBinary.data();
        int mx = movingBinary.nx();
        int my = movingBinary.ny();
        int mz = movingBinary.nz();
        int nb = RowBlocks.blockCount(nz);
        double[][] parts = new double[nb][4];
        // positions outside the moving mask's bounding box (grown by a voxel) read 0 without interpolating
        double[] box = foregroundBox(movingBinary);
        blocks.forEach(nz, (z0, z1) -> {
            double[] acc = parts[RowBlocks.blockIndex(z0)];
            double[] p = new double[3];
            double sse = 0;
            long both = 0;
            long inF = 0;
            long inM = 0;
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    int row = nx * (y + ny * z);
                    mapping.map(0, y, z, p);
                    double px = p[0];
                    double py = p[1];
                    double pz = p[2];
                    for (int x = 0; x < nx; x++) {
                        if (affine != null) {
                            if (x > 0) {
                                px += affine[0];
                                py += affine[4];
                                pz += affine[8];
                            }
                        } else {
                            mapping.map(x, y, z, p);
                            px = p[0];
                            py = p[1];
                            pz = p[2];
                        }
                        double m = px > box[0] && px < box[1] && py > box[2] && py < box[3] && pz > box[4]
                                && pz < box[5] ? Sampling.trilinear(mv, mx, my, mz, px, py, pz) : 0;
                        float fv = f[row + x];
                        double e = m - fv;
                        sse += e * e;
                        boolean in = m >= 0.5;
                        boolean fin = fv > 0.5f;
                        both += in && fin ? 1 : 0;
                        inF += fin ? 1 : 0;
                        inM += in ? 1 : 0;
                    }
                }
            }
            acc[0] = sse;
            acc[1] = both;
            acc[2] = inF;
            acc[3] = inM;
        });
        return finish(parts, fixedBinary.voxels());
    }

    /** xmin - 1, xmax + 1, ymin - 1, ... of the voxels above 0. */
    private static double[] foregroundBox(Volume v) {
        int nx = v.nx();
        int ny = v.ny();
        float[] d = v.data();
        double[] box = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE,
            -Double.MAX_VALUE};
        int nz = v.nz();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                int row = nx * (y + ny * z);
                for (int x = 0; x < nx; x++) {
                    if (d[row + x] > 0) {
                        box[0] = Math.min(box[0], x - 1);
                        box[1] = Math.max(box[1], x + 1);
                        box[2] = Math.min(box[2], y - 1);
                        box[3] = Math.max(box[3], y + 1);
                        box[4] = Math.min(box[4], z - 1);
                        box[5] = Math.max(box[5], z + 1);
                    }
                }
            }
        }
        return box;
    }

    private static RegistrationQuality direct(Volume fixedBinary, Volume movingBinary, RowBlocks blocks) {
        int plane = fixedBinary.nx() * fixedBinary.ny();
        float[] f = fixedBinary.data();
        float[] m = movingBinary.data();
        double[][] parts = new double[RowBlocks.blockCount(fixedBinary.nz())][4];
        blocks.forEach(fixedBinary.nz(), (z0, z1) -> {
            double sse = 0;
            long both = 0;
            long inF = 0;
            long inM = 0;
            for (int i = z0 * plane; i < z1 * plane; i++) {
                double e = m[i] - f[i];
                sse += e * e;
                boolean in = m[i] >= 0.5f;
                boolean fin = f[i] > 0.5f;
                both += in && fin ? 1 : 0;
                inF += fin ? 1 : 0;
                inM += in ? 1 : 0;
            }
            parts[RowBlocks.blockIndex(z0)] = new double[] {sse, both, inF, inM};
        });
        return finish(parts, fixedBinary.voxels());
    }

    private static RegistrationQuality finish(double[][] parts, int voxels) {
        double[] s = InverseCompositionalAligner.combine(parts, 4);
        double denom = s[2] + s[3];
        return new RegistrationQuality(s[0] / voxels, denom > 0 ? 2 * s[1] / denom : 1);
    }
}
