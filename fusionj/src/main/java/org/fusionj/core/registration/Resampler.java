package org.fusionj.core.registration;

import org.fusionj.core.parallel.RowBlocks;

/**
 * Resamples a moving volume onto the fixed grid: out(x) = moving(T(x)), 0 outside the moving volume; trilinear,
 * cubic, or nearest-neighbour (labels).
 */
public final class Resampler {

    /** Chooses the transform for each fixed voxel (per-particle regions); the global one for a single transform. */
    @FunctionalInterface
    public interface TransformField {
        AffineTransform3D at(int index);
    }

    private Resampler() {
    }

    /**
     * A transform between voxel grids found at one voxel size, expressed for data of another: {@code factor} is the
     * registration's voxel size over the data's (2 when a 2x binned copy was registered and the full data is to be
     * warped). A voxel x of the data lies at {@code x / factor - (factor - 1) / (2 factor)} of the registration's grid
     * (the block-average convention of binning and of the pyramid).
     */
    public static AffineTransform3D forVoxelSize(AffineTransform3D t, double factor) {
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new org.fusionj.core.InvalidInputException("the voxel-size ratio must be a positive number, got "
                    + factor);
        }
        if (factor == 1) {
            return t;
        }
        return t.inGrid(1 / factor, -(factor - 1) / (2 * factor));
    }

    /** One transform for every voxel: positions are stepped along rows (no per-voxel matrix product). */
    public static Volume resample(Volume moving, int nx, int ny, int nz, AffineTransform3D t, Interpolation interp,
            RowBlocks blocks) {
        float[] out = new float[nx * ny * nz];
        float[] v = moving.data();
        int mx = moving.nx();
        int my = moving.ny();
        int mz = moving.nz();
        double[] m = t.rows3x4();
        blocks.forEach(nz, (z0, z1) -> {
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    int row = nx * (y + ny * z);
                    double px = m[1] * y + m[2] * z + m[3];
                    double py = m[5] * y + m[6] * z + m[7];
                    double pz = m[9] * y + m[10] * z + m[11];
                    for (int x = 0; x < nx; x++) {
                        out[row + x] = interp == Interpolation.CUBIC ? Sampling.cubic(v, mx, my, mz, px, py, pz)
                                : interp == Interpolation.NEAREST ? Sampling.nearest(v, mx, my, mz, px, py, pz)
                                : Sampling.trilinear(v, mx, my, mz, px, py, pz);
                        px += m[0];
                        py += m[4];
                        pz += m[8];
                    }
                }
            }
        });
        return new Volume(nx, ny, nz, out);
    }

    public static Volume resample(Volume moving, int nx, int ny, int nz, TransformField field, Interpolation interp,
            RowBlocks blocks) {
        float[] out = new float[nx * ny * nz];
        float[] v = moving.data();
        int mx = moving.nx();
        int my = moving.ny();
        int mz = moving.nz();
        blocks.forEach(nz, (z0, z1) -> {
            double[] p = new double[3];
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    int row = nx * (y + ny * z);
                    for (int x = 0; x < nx; x++) {
                        field.at(row + x).apply(x, y, z, p);
                        out[row + x] = Sampling.sample(interp, v, mx, my, mz, p[0], p[1], p[2]);
                    }
                }
            }
        });
        return new Volume(nx, ny, nz, out);
    }
}
