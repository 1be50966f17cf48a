package org.fusionj.core.tv;

import java.util.Objects;

import org.fusionj.core.Require;
import org.fusionj.core.parallel.RowBlocks;

/**
 * Non-negative 3-D isotropic total-variation proximal step by FGP (Beck and Teboulle, IEEE TIP 18(11), 2009):
 * {@code argmin_{u >= 0} 1/2 ||u - b||^2 + lambda TV(u)} for a volume of {@code slices} slices of {@code rows}
 * rows of {@code width} voxels (index {@code (s * rows + r) * width + x}), with Neumann boundaries (every
 * difference between two voxels of the volume is regularised, none across its faces).
 *
 * <p>The same iteration as the 2-D {@link FgpTvProximal} with the isotropic projection, in three dimensions: duals
 * {@code (p_x, p_y, p_z)} on the backward differences, dual step {@code 1/(12 lambda)} (12 bounds the norm of
 * the 3-D gradient squared), FISTA momentum, zero duals at the start of every call, the result the image of the
 * last duals. The 2-D class streams rows through per-thread buffers; here each iteration is two parallel passes
 * over blocks of slices (the image of the extrapolated duals, then the new duals), which keeps the code simple:
 * the volume's dual fields (six float arrays of the volume's size, kept between calls) are the memory price.
 * Every voxel is computed by the same float operations whatever the blocks, so the result is bit-identical for any
 * number of threads. An instance is not thread-safe.
 */
public final class FgpTv3D {

    /** Slices per parallel task. */
    static final int SLICES_PER_BLOCK = 2;

    private float[] px = new float[0];
    private float[] py = new float[0];
    private float[] pz = new float[0];
    private float[] rx = new float[0];
    private float[] ry = new float[0];
    private float[] rz = new float[0];
    private final ThreadLocal<Rows> rows = new ThreadLocal<>();

    /**
     * Writes the proximal volume of {@code input} into {@code output} and returns its isotropic TV (sum over voxels
     * of the norm of the backward differences), summed per slice in double and then in slice order.
     *
     * @param input      the volume to smooth; not modified; finite
     * @param output     receives the result; another array of the same length
     * @param lambda     TV weight, &gt; 0
     * @param iterations FGP iterations, &gt;= 1
     * @param blocks     the thread pool
     */
    public double apply(float[] input, float[] output, int width, int rows, int slices, double lambda,
                        int iterations, RowBlocks blocks) {
        Objects.requireNonNull(blocks, "blocks");
        Require.positive("lambda_tv", lambda);
        Require.atLeastOne("n_iter_tv", iterations);
        if (width < 1 || rows < 1 || slices < 1 || (long) width * rows * slices != input.length) {
            throw new IllegalArgumentException("volume of " + input.length + " voxels is not " + width + " x " + rows
                    + " x " + slices);
        }
        if (output == input || output.length != input.length) {
            throw new IllegalArgumentException("output must be another array of the input's length");
        }
        int n = input.length;
        if (px.length != n) {
            px = new float[n];
            py = new float[n];
            pz = new float[n];
            rx = new float[n];
            ry = new float[n];
            rz = new float[n];
        }
        Geometry g = new Geometry(width, rows, slices, (float) lambda, 1f / (12f * (float) lambda));
        float[] beta = momentum(iterations);
        // Iteration 1 starts from zero duals: its image is max(0, b) and its duals need no old values.
        blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> positivePart(input, output, s0 * g.plane(),
                s1 * g.plane()));
        blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> duals(g, output, s0, s1, 0f, true));
        for (int k = 2; k <= iterations; k++) {
            float b = beta[k + 1];
            blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> image(g, input, rx, ry, rz, output, s0, s1));
            blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> duals(g, output, s0, s1, b, false));
        }
        blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> image(g, input, px, py, pz, output, s0, s1));
        double[] perSlice = new double[slices];
        blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                perSlice[s] = TotalVariation3D.isotropicSlice(output, width, rows, s);
            }
        });
        double tv = 0;
        for (double v : perSlice) {
            tv += v;
        }
        return tv;
    }

    /**
     * {@code beta[k]}, k in [2, n + 1]: the momentum that extrapolates the duals of iteration k - 1 into the point
     * iteration k starts from (FISTA: {@code t_1 = 1}, {@code t_{k+1} = (1 + sqrt(1 + 4 t_k^2)) / 2},
     * {@code beta = (t_{k-1} - 1) / t_k}, so {@code beta[2] = 0}). Public for the joint TV of the tomography.
     */
    public static float[] momentum(int n) {
        float[] beta = new float[n + 2];
        double t = 1;
        double b = 0;
        for (int k = 1; k <= n + 1; k++) {
            beta[k] = (float) b;
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            b = (t - 1) / tNext;
            t = tNext;
        }
        return beta;
    }

    private record Geometry(int w, int rows, int slices, float lambda, float step) {
        int plane() {
            return w * rows;
        }
    }

    private static void positivePart(float[] b, float[] u, int from, int to) {
        for (int i = from; i < to; i++) {
            float v = b[i];
            u[i] = (v + Math.abs(v)) * 0.5f;
        }
    }

    /**
     * {@code u = max(0, b - lambda L q)} on slices [s0, s1), {@code L q = q_x - q_x[x+1] + q_y - q_y[y+1] + q_z -
     * q_z[z+1]} (the adjoint of the backward differences; a neighbour beyond the volume counts as 0).
     */
    private void image(Geometry g, float[] b, float[] qx, float[] qy, float[] qz, float[] u, int s0, int s1) {
        int w = g.w;
        int plane = g.plane();
        float lambda = g.lambda;
        Rows buf = rowBuffers(w);
        float[] bb = buf.u;
        float[] xs = buf.ax;
        float[] xn = buf.bx;
        float[] ys = buf.ay;
        float[] yn = buf.by;
        float[] zs = buf.az;
        float[] zn = buf.bz;
        for (int s = s0; s < s1; s++) {
            boolean lastSlice = s == g.slices - 1;
            for (int r = 0; r < g.rows; r++) {
                int row = s * plane + r * w;
                // Row buffers indexed by x alone (the JIT vectorises the loop); a neighbour beyond the volume is 0.
                System.arraycopy(b, row, bb, 0, w);
                System.arraycopy(qx, row, xs, 0, w);
                System.arraycopy(qx, row + 1, xn, 0, w - 1);
                xn[w - 1] = 0f;
                System.arraycopy(qy, row, ys, 0, w);
                if (r == g.rows - 1) {
                    java.util.Arrays.fill(yn, 0f);
                } else {
                    System.arraycopy(qy, row + w, yn, 0, w);
                }
                System.arraycopy(qz, row, zs, 0, w);
                if (lastSlice) {
                    java.util.Arrays.fill(zn, 0f);
                } else {
                    System.arraycopy(qz, row + plane, zn, 0, w);
                }
                for (int x = 0; x < w; x++) {
                    float div = (xs[x] - xn[x]) + (ys[x] - yn[x]) + (zs[x] - zn[x]);
                    float val = bb[x] - lambda * div;
                    bb[x] = (val + Math.abs(val)) * 0.5f;
                }
                System.arraycopy(bb, 0, u, row, w);
            }
        }
    }

    /**
     * New duals on slices [s0, s1): {@code p = P(r + step grad u)} with the isotropic projection onto the unit
     * ball, then {@code r = p + beta (p - p_old)}. With {@code first} the old duals are zero (and not read).
     */
    private void duals(Geometry g, float[] u, int s0, int s1, float beta, boolean first) {
        int w = g.w;
        int plane = g.plane();
        float step = g.step;
        Rows b = rowBuffers(w);
        float[] ur = b.u;
        float[] ul = b.left;
        float[] ua = b.above;
        float[] us = b.below;
        float[] ax = b.ax;
        float[] ay = b.ay;
        float[] az = b.az;
        float[] bx = b.bx;
        float[] by = b.by;
        float[] bz = b.bz;
        for (int s = s0; s < s1; s++) {
            for (int r = 0; r < g.rows; r++) {
                int row = s * plane + r * w;
                // Row buffers indexed by x alone, so that the JIT vectorises the loop below.
                System.arraycopy(u, row, ur, 0, w);
                ul[0] = ur[0];
                System.arraycopy(u, row, ul, 1, w - 1);
                System.arraycopy(u, r > 0 ? row - w : row, ua, 0, w);
                System.arraycopy(u, s > 0 ? row - plane : row, us, 0, w);
                if (first) {
                    java.util.Arrays.fill(ax, 0f);
                    java.util.Arrays.fill(ay, 0f);
                    java.util.Arrays.fill(az, 0f);
                    java.util.Arrays.fill(bx, 0f);
                    java.util.Arrays.fill(by, 0f);
                    java.util.Arrays.fill(bz, 0f);
                } else {
                    System.arraycopy(px, row, ax, 0, w);
                    System.arraycopy(py, row, ay, 0, w);
                    System.arraycopy(pz, row, az, 0, w);
                    System.arraycopy(rx, row, bx, 0, w);
                    System.arraycopy(ry, row, by, 0, w);
                    System.arraycopy(rz, row, bz, 0, w);
                }
                for (int x = 0; x < w; x++) {
                    float uv = ur[x];
                    float cx = bx[x] + step * (uv - ul[x]);
                    float cy = by[x] + step * (uv - ua[x]);
                    float cz = bz[x] + step * (uv - us[x]);
                    // Projection onto the unit ball: divide by max(1, |c|), written as 1 + max(0, |c| - 1) with
                    // (v + |v|) / 2 for the max (branch-free; SIMD Math.max orders NaN and signed zeros, slowly),
                    // and one division instead of three.
                    float excess = (float) Math.sqrt(cx * cx + cy * cy + cz * cz) - 1f;
                    float inv = 1f / (1f + (excess + Math.abs(excess)) * 0.5f);
                    cx *= inv;
                    cy *= inv;
                    cz *= inv;
                    float ox = ax[x];
                    float oy = ay[x];
                    float oz = az[x];
                    ax[x] = cx;
                    ay[x] = cy;
                    az[x] = cz;
                    bx[x] = cx + beta * (cx - ox);
                    by[x] = cy + beta * (cy - oy);
                    bz[x] = cz + beta * (cz - oz);
                }
                System.arraycopy(ax, 0, px, row, w);
                System.arraycopy(ay, 0, py, row, w);
                System.arraycopy(az, 0, pz, row, w);
                System.arraycopy(bx, 0, rx, row, w);
                System.arraycopy(by, 0, ry, row, w);
                System.arraycopy(bz, 0, rz, row, w);
            }
        }
    }

    private Rows rowBuffers(int w) {
        Rows b = rows.get();
        if (b == null || b.u.length != w) {
            b = new Rows(w);
            rows.set(b);
        }
        return b;
    }

    /** Row buffers of one worker thread. */
    private static final class Rows {
        final float[] u;
        final float[] left;
        final float[] above;
        final float[] below;
        final float[] ax;
        final float[] ay;
        final float[] az;
        final float[] bx;
        final float[] by;
        final float[] bz;

        Rows(int w) {
            u = new float[w];
            left = new float[w];
            above = new float[w];
            below = new float[w];
            ax = new float[w];
            ay = new float[w];
            az = new float[w];
            bx = new float[w];
            by = new float[w];
            bz = new float[w];
        }
    }
}
