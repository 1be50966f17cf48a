package org.fusionj.core.registration;

import java.util.List;

import org.fusionj.core.InvalidInputException;

/**
 * Which transform each full-resolution fixed voxel takes in per-particle mode, stored on a grid f times coarser
 * than the fixed volume (f = 1: the fixed grid itself, as {@link PairResult#regions()}): 0 = the global transform,
 * k = the k-th particle's. A full-resolution voxel (x, y, z) reads the grid at (x / f, y / f, z / f), clamped to
 * the grid (the block average drops an incomplete last block; its voxels take the last grid voxel's region). Small
 * enough to send to every task of a distributed run (1/f^3 of the volume; serializable), the same for every
 * energy.
 *
 * @param factor f
 * @param nx     grid size
 * @param ny     grid size
 * @param nz     grid size
 * @param labels    per grid voxel (x fastest) the region number, 0..{@code count}
 * @param count     number of particle regions
 * @param centroids per region its particle's centre in full-resolution voxels (x, y, z, then the next region's)
 * @param voxels    per region its particle's voxels (before dilation) at full resolution: f^3 per grid voxel
 */
public record ParticleRegionGrid(int factor, int nx, int ny, int nz, int[] labels, int count, double[] centroids,
        long[] voxels) implements java.io.Serializable {

    public ParticleRegionGrid {
        if (factor < 1 || labels.length != (long) nx * ny * nz) {
            throw new IllegalArgumentException("a region grid of " + nx + " x " + ny + " x " + nz + " needs as many "
                    + "labels, got " + labels.length + " (factor " + factor + ")");
        }
    }

    /**
     * The grid of particle regions found on a fixed volume's grid, f times coarser than full resolution (a grid
     * voxel x_c sits at f x_c + (f - 1) / 2 in full-resolution voxels, as {@link Downsampling} places it).
     */
    public static ParticleRegionGrid of(List<ParticleRegion> regions, Volume grid, int factor) {
        if (regions.isEmpty()) {
            throw new InvalidInputException("per-particle registration found no particle in the fixed volume");
        }
        double[] centroids = new double[3 * regions.size()];
        long[] voxels = new long[regions.size()];
        long cube = (long) factor * factor * factor;
        for (int k = 0; k < regions.size(); k++) {
            ParticleRegion r = regions.get(k);
            for (int i = 0; i < 3; i++) {
                centroids[3 * k + i] = factor == 1 ? r.centroid()[i] : r.centroid()[i] * factor + (factor - 1) / 2.0;
            }
            voxels[k] = r.voxels() * cube;
        }
        return new ParticleRegionGrid(factor, grid.nx(), grid.ny(), grid.nz(),
                ParticleRegions.labelMap(regions, grid.voxels()), regions.size(), centroids, voxels);
    }

    /** Region k's centre (1-based k), full-resolution voxels. */
    public double[] centroid(int k) {
        return new double[] {centroids[3 * (k - 1)], centroids[3 * (k - 1) + 1], centroids[3 * (k - 1) + 2]};
    }

    /**
     * Per region (1-based, index k - 1) the box of its grid voxels: xmin, xmax, ymin, ymax, zmin, zmax (inclusive,
     * grid voxels); one scan of the grid.
     */
    public int[][] gridBoxes() {
        int[][] out = new int[count][];
        for (int k = 0; k < count; k++) {
            out[k] = new int[] {Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1};
        }
        int i = 0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    int l = labels[i++];
                    if (l > 0) {
                        int[] b = out[l - 1];
                        b[0] = Math.min(b[0], x);
                        b[1] = Math.max(b[1], x);
                        b[2] = Math.min(b[2], y);
                        b[3] = Math.max(b[3], y);
                        b[4] = Math.min(b[4], z);
                        b[5] = Math.max(b[5], z);
                    }
                }
            }
        }
        return out;
    }

    /** The region of full-resolution voxel (x, y, z). */
    public int at(int x, int y, int z) {
        int gx = Math.min(x / factor, nx - 1);
        int gy = Math.min(y / factor, ny - 1);
        int gz = Math.min(z / factor, nz - 1);
        return labels[gx + nx * (gy + ny * gz)];
    }

    /** Per voxel of {@code box} (x fastest) its region. */
    public int[] of(Box3D box) {
        int[] out = new int[(int) box.voxels()];
        int i = 0;
        for (int z = box.z0(); z < box.z1(); z++) {
            for (int y = box.y0(); y < box.y1(); y++) {
                for (int x = box.x0(); x < box.x1(); x++) {
                    out[i++] = at(x, y, z);
                }
            }
        }
        return out;
    }
}
