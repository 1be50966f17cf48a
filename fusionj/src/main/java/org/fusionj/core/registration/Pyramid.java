package org.fusionj.core.registration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;
import org.fusionj.core.parallel.RowBlocks;

/**
 * A multi-resolution pyramid: level 0 is the volume, each further level averages 2x2x2 blocks (an odd last voxel
 * on an axis is dropped). Voxel x_l of level l lies at {@code 2^l x_l + (2^l - 1) / 2} in level-0 voxels. A 2-D
 * image (depth 1) keeps depth 1 on every level and averages 2x2 blocks.
 */
public final class Pyramid {

    /** The smallest side a level may have: the metric needs some voxels on each side of a surface. */
    public static final int MIN_SIDE = 8;

    private Pyramid() {
    }

    /** Refuses a volume whose coarsest level would be too small, naming the level. */
    public static void requireFits(int nx, int ny, int nz, int levels, String name) {
        Require.atLeastOne("pyramid levels", levels);
        int x = nx;
        int y = ny;
        int z = nz;
        boolean flat = nz == 1;
        for (int l = 0; l < levels; l++) {
            if (x < MIN_SIDE || y < MIN_SIDE || (!flat && z < MIN_SIDE)) {
                throw new InvalidInputException(name + " (" + nx + " x " + ny + " x " + nz + ") is too small for "
                        + levels + " pyramid levels: level " + (l + 1) + " would be " + x + " x " + y + " x " + z
                        + " voxels and each side needs at least " + MIN_SIDE + "; use " + Math.max(1, l)
                        + " level(s) or a larger volume");
            }
            x /= 2;
            y /= 2;
            z = flat ? 1 : z / 2;
        }
    }

    /** Half-size block average. */
    public static Volume downsample(Volume in, RowBlocks blocks) {
        if (in.nz() == 1) {
            return downsamplePlane(in, blocks);
        }
        int nx = in.nx() / 2;
        int ny = in.ny() / 2;
        int nz = in.nz() / 2;
        float[] src = in.data();
        int sx = in.nx();
        int sp = in.nx() * in.ny();
        float[] out = new float[nx * ny * nz];
        blocks.forEach(nz, (z0, z1) -> {
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    int o = nx * (y + ny * z);
                    int s = 2 * y * sx + 2 * z * sp;
                    for (int x = 0; x < nx; x++) {
                        int i = s + 2 * x;
                        float sum = src[i] + src[i + 1] + src[i + sx] + src[i + sx + 1] + src[i + sp]
                                + src[i + sp + 1] + src[i + sp + sx] + src[i + sp + sx + 1];
                        out[o + x] = sum * 0.125f;
                    }
                }
            }
        });
        return new Volume(nx, ny, nz, out);
    }

    /** Half-size image of depth 1: 2x2 block averages. */
    private static Volume downsamplePlane(Volume in, RowBlocks blocks) {
        int nx = in.nx() / 2;
        int ny = in.ny() / 2;
        float[] src = in.data();
        int sx = in.nx();
        float[] out = new float[nx * ny];
        blocks.forEach(ny, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < nx; x++) {
                    int i = 2 * y * sx + 2 * x;
                    out[x + nx * y] = (src[i] + src[i + 1] + src[i + sx] + src[i + sx + 1]) * 0.25f;
                }
            }
        });
        return new Volume(nx, ny, 1, out);
    }

    /** Half-size mask: a coarse voxel is in the mask when any of its 8 (2-D: 4) fine voxels is. */
    public static byte[] downsampleMask(byte[] mask, int fx, int fy, int fz) {
        int nx = fx / 2;
        int ny = fy / 2;
        int nz = fz == 1 ? 1 : fz / 2;
        int dzMax = fz == 1 ? 1 : 2;
        byte[] out = new byte[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    byte any = 0;
                    for (int c = 0; c < 4 * dzMax && any == 0; c++) {
                        int i = (2 * x + (c & 1)) + fx * ((2 * y + ((c >> 1) & 1)) + fy * (dzMax * z + ((c >> 2) & 1)));
                        any = mask[i];
                    }
                    out[x + nx * (y + ny * z)] = any;
                }
            }
        }
        return out;
    }

    /** A level-0 transform expressed on level l's grid. */
    public static AffineTransform3D toLevel(AffineTransform3D t0, int level) {
        double s = 1 << level;
        return t0.inGrid(s, (s - 1) / 2);
    }

    /** A level-l transform expressed on level 0's grid. */
    public static AffineTransform3D fromLevel(AffineTransform3D tl, int level) {
        double s = 1 << level;
        return tl.inGrid(1 / s, -(s - 1) / 2 / s);
    }
}
