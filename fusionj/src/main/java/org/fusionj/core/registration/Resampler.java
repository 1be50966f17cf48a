package org.fusionj.core.registration;

import org.fusionj.core.Require;
import org.fusionj.core.parallel.RowBlocks;

/**
 * Resamples a moving volume onto the fixed grid: out(x) = moving(T(x)), 0 outside the moving volume; trilinear,
 * cubic, or nearest-neighbour (labels). With one transform, the whole grid or any box of it ({@link #resampleBlock},
 * from a {@link VolumeWindow} of the moving volume) gives the same bits per voxel.
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
        Require.positive("the voxel-size ratio", factor);
        if (factor == 1) {
            return t;
        }
        return t.inGrid(1 / factor, -(factor - 1) / (2 * factor));
    }

    /**
     * One transform for every voxel. The same arithmetic as {@link #resampleBlock}, so the blocks of a distributed
     * run tile this result bit for bit.
     */
    public static Volume resample(Volume moving, int nx, int ny, int nz, AffineTransform3D t, Interpolation interp,
            RowBlocks blocks) {
        return resampleBlock(VolumeWindow.of(moving), Box3D.whole(nx, ny, nz), t, interp, blocks);
    }

    /**
     * The box of the moving volume (of sx x sy x sz voxels) whose voxels the resampling of fixed-grid box
     * {@code block} through {@code t} reads, or null when the block maps entirely outside the moving volume (it
     * resamples to zeros). The box of the transformed block corners, grown by the interpolation's reach and one
     * voxel for rounding, clamped to the volume.
     */
    public static Box3D footprint(Box3D block, AffineTransform3D t, Interpolation interp, int sx, int sy, int sz) {
        double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
        double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] p = new double[3];
        for (int c = 0; c < 8; c++) {
            t.apply((c & 1) == 0 ? block.x0() : block.x1() - 1, (c & 2) == 0 ? block.y0() : block.y1() - 1,
                    (c & 4) == 0 ? block.z0() : block.z1() - 1, p);
            for (int i = 0; i < 3; i++) {
                lo[i] = Math.min(lo[i], p[i]);
                hi[i] = Math.max(hi[i], p[i]);
            }
        }
        if (sz == 1) {
            // a 2-D image is read in its plane whatever z (Sampling)
            lo[2] = 0;
            hi[2] = 0;
        }
        // trilinear (and nearest) read floor(p) and floor(p) + 1; cubic floor(p) - 1 to floor(p) + 2; plus one for
        // rounding
        int below = interp == Interpolation.CUBIC ? 2 : 1;
        int above = interp == Interpolation.CUBIC ? 3 : 2;
        // positions outside [0, n - 1] read nothing: clamp before flooring (also keeps the casts in range)
        int[] size = {sx, sy, sz};
        long[] a = new long[3];
        long[] b = new long[3];
        for (int i = 0; i < 3; i++) {
            if (hi[i] < -1 || lo[i] > size[i]) {
                return null;
            }
            a[i] = (long) Math.floor(Math.max(-4, lo[i])) - below;
            b[i] = (long) Math.floor(Math.min(size[i] + 4, hi[i])) + above;
        }
        return Box3D.ofCorners(a[0], a[1], a[2], b[0], b[1], b[2], sx, sy, sz);
    }

    /**
     * Resamples the fixed-grid box {@code block} from a window of the moving volume: out(x) = moving(t(x)) for the
     * voxels x of the block (whole-volume coordinates), 0 outside the moving volume. The window must hold
     * {@link #footprint}(block) (or be null when the footprint is null). Each voxel's position is computed from its
     * own coordinates, never stepped from a neighbour, so any tiling of the fixed grid gives the bits of the whole.
     */
    public static Volume resampleBlock(VolumeWindow moving, Box3D block, AffineTransform3D t, Interpolation interp,
            RowBlocks blocks) {
        int nx = block.nx();
        int ny = block.ny();
        int nz = block.nz();
        float[] out = new float[nx * ny * nz];
        if (moving == null) {
            return new Volume(nx, ny, nz, out);
        }
        double[] m = t.rows3x4();
        blocks.forEach(nz, (z0, z1) -> {
            for (int lz = z0; lz < z1; lz++) {
                int z = block.z0() + lz;
                for (int ly = 0; ly < ny; ly++) {
                    int y = block.y0() + ly;
                    int row = nx * (ly + ny * lz);
                    double rx = m[1] * y + m[2] * z + m[3];
                    double ry = m[5] * y + m[6] * z + m[7];
                    double rz = m[9] * y + m[10] * z + m[11];
                    for (int lx = 0; lx < nx; lx++) {
                        int x = block.x0() + lx;
                        double px = m[0] * x + rx;
                        double py = m[4] * x + ry;
                        double pz = m[8] * x + rz;
                        out[row + lx] = interp == Interpolation.CUBIC ? Sampling.cubic(moving, px, py, pz)
                                : interp == Interpolation.NEAREST ? Sampling.nearest(moving, px, py, pz)
                                : Sampling.trilinear(moving, px, py, pz);
                    }
                }
            }
        });
        return new Volume(nx, ny, nz, out);
    }

    /**
     * Per-voxel transforms (per-particle regions) on a box of the fixed grid, from a window of the moving volume
     * that holds the footprint of every transform the box uses: the same bits, voxel for voxel, as
     * {@link #resample(Volume, int, int, int, TransformField, Interpolation, RowBlocks)} of the whole volume.
     *
     * @param regions per voxel of the block (x fastest) an index into {@code byRegion}
     */
    public static Volume resampleBlock(VolumeWindow moving, Box3D block, int[] regions, AffineTransform3D[] byRegion,
            Interpolation interp, RowBlocks blocks) {
        int nx = block.nx();
        int ny = block.ny();
        int nz = block.nz();
        float[] out = new float[nx * ny * nz];
        if (moving == null) {
            return new Volume(nx, ny, nz, out);
        }
        blocks.forEach(nz, (z0, z1) -> {
            double[] p = new double[3];
            for (int lz = z0; lz < z1; lz++) {
                for (int ly = 0; ly < ny; ly++) {
                    int row = nx * (ly + ny * lz);
                    for (int lx = 0; lx < nx; lx++) {
                        // the arithmetic of resample(..., field, ...): apply() on whole-volume coordinates
                        byRegion[regions[row + lx]].apply(block.x0() + lx, block.y0() + ly, block.z0() + lz, p);
                        out[row + lx] = interp == Interpolation.CUBIC ? Sampling.cubic(moving, p[0], p[1], p[2])
                                : Sampling.trilinear(moving, p[0], p[1], p[2]);
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
