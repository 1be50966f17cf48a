package org.fusionj.core.xanes;

import java.util.Arrays;

import org.fusionj.core.InvalidInputException;

/**
 * The first-pass white-line widths that vote for the fitted max_derivative's shared width ({@link XanesMapper}),
 * over a box of voxels, and their median and robust spread over a (2r+1)^3 window about a voxel: the local prior
 * of the second pass. On one machine the box is the volume; a block of a distributed run gets its own box plus a
 * halo of r voxels on every side (clipped at the volume's border), read from the first stage's widths, so that
 * every window sees the same votes as on one machine and the blocks tile the map bit for bit.
 *
 * @param votes   {@code [z][x + y * nx]} the widths (the Gaussian's SD, eV), NaN where a voxel does not vote
 * @param nx      voxels per row of the box
 * @param ny      rows of the box
 * @param x0      the box's origin in the coordinates of the voxels being mapped (0 for the volume itself, minus
 *                the halo's extent for a block)
 * @param y0      as x0
 * @param z0      as x0
 */
public record WidthField(float[][] votes, int nx, int ny, int x0, int y0, int z0) {

    public WidthField {
        if (votes == null || nx < 1 || ny < 1) {
            throw new InvalidInputException("a width field needs votes and a size of at least 1 x 1");
        }
        for (float[] p : votes) {
            if (p == null || p.length != nx * ny) {
                throw new InvalidInputException("a width field's slices must hold " + nx + " x " + ny + " values");
            }
        }
    }

    /** The slices of the box. */
    public int nz() {
        return votes.length;
    }

    /**
     * The median and robust spread (1.4826 x MAD) of the votes in the window of radius {@code r} about voxel
     * (x, y, z) (coordinates of the voxels being mapped), into {@code out}; false (out untouched) when fewer than
     * {@code minVotes} vote there. The window is clipped at the box; the answer depends on the votes alone, not on
     * the order they are visited in.
     *
     * @param buf scratch of at least (2r+1)^3 values
     */
    boolean local(int x, int y, int z, int r, int minVotes, float[] buf, double[] out) {
        int cx = x - x0;
        int cy = y - y0;
        int cz = z - z0;
        int n = 0;
        for (int zz = Math.max(0, cz - r); zz <= Math.min(nz() - 1, cz + r); zz++) {
            float[] p = votes[zz];
            for (int yy = Math.max(0, cy - r); yy <= Math.min(ny - 1, cy + r); yy++) {
                int row = yy * nx;
                for (int xx = Math.max(0, cx - r); xx <= Math.min(nx - 1, cx + r); xx++) {
                    float v = p[row + xx];
                    if (!Float.isNaN(v)) {
                        buf[n++] = v;
                    }
                }
            }
        }
        if (n < Math.max(1, minVotes)) {
            return false;
        }
        Arrays.sort(buf, 0, n);
        double median = median(buf, n);
        for (int i = 0; i < n; i++) {
            buf[i] = (float) Math.abs(buf[i] - median);
        }
        Arrays.sort(buf, 0, n);
        out[0] = median;
        out[1] = 1.4826 * median(buf, n);
        return true;
    }

    static double median(float[] sorted, int count) {
        return count % 2 == 1 ? sorted[count / 2] : 0.5 * ((double) sorted[count / 2 - 1] + sorted[count / 2]);
    }

    /**
     * The part of a volume's widths a block needs: the block's box grown by {@code r} on every side, clipped at the
     * volume ({@code votes} the whole volume's widths, {@code [z][x + y * width]}).
     */
    public static WidthField halo(float[][] votes, int width, int height, int bx0, int by0, int bz0, int bnx, int bny,
                                  int bnz, int r) {
        int[] h = haloBox(width, height, votes.length, bx0, by0, bz0, bnx, bny, bnz, r);
        int nx = h[3];
        float[][] out = new float[h[5]][nx * h[4]];
        for (int z = 0; z < h[5]; z++) {
            for (int y = 0; y < h[4]; y++) {
                System.arraycopy(votes[h[2] + z], h[0] + (h[1] + y) * width, out[z], y * nx, nx);
            }
        }
        return of(out, h, bx0, by0, bz0);
    }

    /**
     * The box a block at (bx0, by0, bz0) of bnx x bny x bnz voxels needs: grown by r on every side, clipped at a
     * volume of width x height x depth; {x0, y0, z0, nx, ny, nz} in the volume's coordinates.
     */
    public static int[] haloBox(int width, int height, int depth, int bx0, int by0, int bz0, int bnx, int bny,
                                int bnz, int r) {
        int x0 = Math.max(0, bx0 - r);
        int y0 = Math.max(0, by0 - r);
        int z0 = Math.max(0, bz0 - r);
        return new int[] {x0, y0, z0, Math.min(width, bx0 + bnx + r) - x0, Math.min(height, by0 + bny + r) - y0,
            Math.min(depth, bz0 + bnz + r) - z0};
    }

    /** The field of the box {@link #haloBox} gave, its votes read, for the block at (bx0, by0, bz0). */
    public static WidthField of(float[][] votes, int[] haloBox, int bx0, int by0, int bz0) {
        return new WidthField(votes, haloBox[3], haloBox[4], haloBox[0] - bx0, haloBox[1] - by0, haloBox[2] - bz0);
    }
}
