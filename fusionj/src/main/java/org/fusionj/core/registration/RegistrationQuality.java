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

    /**
     * Quality with one transform for every voxel. Only the fixed voxels in the bounding box of the fixed mask and
     * of the moving mask mapped back are visited: elsewhere both masks are 0 and nothing adds up. Positions are
     * stepped along rows (no per-voxel matrix product).
     */
    public static RegistrationQuality of(PreparedVolume fixed, PreparedVolume moving, AffineTransform3D t,
            RowBlocks blocks) {
        Volume fixedBinary = fixed.binary();
        Volume movingBinary = moving.binary();
        if (t.equals(AffineTransform3D.identity()) && fixedBinary.sameSize(movingBinary)) {
            return direct(fixedBinary, movingBinary, blocks);
        }
        double[] m = t.rows3x4();
        return scan(fixedBinary, movingBinary, blocks, (x, y, z, p) -> {
            p[0] = m[0] * x + m[1] * y + m[2] * z + m[3];
            p[1] = m[4] * x + m[5] * y + m[6] * z + m[7];
            p[2] = m[8] * x + m[9] * y + m[10] * z + m[11];
        }, m, scanBox(fixed, moving, t), moving.box());
    }

    /** Quality with a transform per voxel (per-particle regions); every fixed voxel is visited. */
    public static RegistrationQuality of(PreparedVolume fixed, PreparedVolume moving, Resampler.TransformField field,
            RowBlocks blocks) {
        Volume fixedBinary = fixed.binary();
        int nx = fixedBinary.nx();
        int ny = fixedBinary.ny();
        int[] all = {0, nx - 1, 0, ny - 1, 0, fixedBinary.nz() - 1};
        return scan(fixedBinary, moving.binary(), blocks, (x, y, z, p) -> field.at(x + nx * (y + ny * z))
                .apply(x, y, z, p), null, all, moving.box());
    }

    /** Fixed-grid box holding the fixed mask and the moving mask's box mapped back, grown by 2 voxels. */
    private static int[] scanBox(PreparedVolume fixed, PreparedVolume moving, AffineTransform3D t) {
        Volume f = fixed.binary();
        int[] fb = fixed.box();
        int[] mb = moving.box();
        double[] lo = {fb[0], fb[2], fb[4]};
        double[] hi = {fb[1], fb[3], fb[5]};
        if (mb[1] >= 0) {
            AffineTransform3D back = t.inverse();
            for (int c = 0; c < 8; c++) {
                double[] p = back.apply(mb[(c & 1) == 0 ? 0 : 1], mb[(c & 2) == 0 ? 2 : 3], mb[(c & 4) == 0 ? 4 : 5]);
                for (int i = 0; i < 3; i++) {
                    lo[i] = Math.min(lo[i], p[i]);
                    hi[i] = Math.max(hi[i], p[i]);
                }
            }
        }
        int[] size = {f.nx(), f.ny(), f.nz()};
        int[] box = new int[6];
        for (int i = 0; i < 3; i++) {
            box[2 * i] = (int) Math.max(0, Math.floor(lo[i]) - 2);
            box[2 * i + 1] = (int) Math.min(size[i] - 1, Math.ceil(hi[i]) + 2);
        }
        return box;
    }

    @FunctionalInterface
    private interface Mapping {
        void map(int x, int y, int z, double[] p);
    }

    private static RegistrationQuality scan(Volume fixedBinary, Volume movingBinary, RowBlocks blocks,
            Mapping mapping, double[] affine, int[] visit, int[] movingBox) {
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
        double[] box = {movingBox[0] - 1, movingBox[1] + 1, movingBox[2] - 1, movingBox[3] + 1, movingBox[4] - 1,
            movingBox[5] + 1};
        blocks.forEach(nz, (z0, z1) -> {
            double[] acc = parts[RowBlocks.blockIndex(z0)];
            double[] p = new double[3];
            double sse = 0;
            long both = 0;
            long inF = 0;
            long inM = 0;
            for (int z = Math.max(z0, visit[4]); z < Math.min(z1, visit[5] + 1); z++) {
                for (int y = visit[2]; y <= visit[3]; y++) {
                    int row = nx * (y + ny * z);
                    mapping.map(visit[0], y, z, p);
                    double px = p[0];
                    double py = p[1];
                    double pz = p[2];
                    for (int x = visit[0]; x <= visit[1]; x++) {
                        if (affine != null) {
                            if (x > visit[0]) {
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

    /**
     * The paper's squared-difference volume (Fig. 3): per fixed voxel, (fixed mask - moving mask resampled
     * trilinearly through {@code t})^2, whose mean is the binarised MSE. 0 where both masks agree.
     */
    public static Volume squaredDifference(PreparedVolume fixed, PreparedVolume moving, AffineTransform3D t,
            RowBlocks blocks) {
        Volume f = fixed.binary();
        Volume m = moving.binary();
        Volume resampled = Resampler.resample(m, f.nx(), f.ny(), f.nz(), t, Interpolation.TRILINEAR, blocks);
        float[] a = f.data();
        float[] b = resampled.data();
        float[] out = new float[a.length];
        int plane = f.nx() * f.ny();
        blocks.forEach(f.nz(), (z0, z1) -> {
            for (int i = z0 * plane; i < z1 * plane; i++) {
                float d = b[i] - a[i];
                out[i] = d * d;
            }
        });
        return new Volume(f.nx(), f.ny(), f.nz(), out);
    }

    private static RegistrationQuality finish(double[][] parts, int voxels) {
        double[] s = InverseCompositionalAligner.combine(parts, 4);
        double denom = s[2] + s[3];
        return new RegistrationQuality(s[0] / voxels, denom > 0 ? 2 * s[1] / denom : 1);
    }
}
