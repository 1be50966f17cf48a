package org.fusionj.core.tomo;

import java.util.Objects;

import org.fusionj.core.Require;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.tv.FgpTv3D;

/**
 * Non-negative joint (vectorial, collaborative) 3-D total-variation proximal step of several volumes by FGP:
 * {@code argmin_{u_e >= 0} sum_e 1/2 ||u_e - b_e||^2 + lambda sum_voxels sqrt(sum_e |grad u_e|^2)}.
 *
 * <p>Why: the elements of a specimen share their edges (a particle's surface is every element's surface in it),
 * and the separate TV of each element (`FgpTv3D` per volume) pays for an edge once per element. The joint norm pays
 * for an edge once, at the same cost whether one element or all of them jump there, so it keeps edges that several
 * elements agree on and removes the noisy edges that only one noisy element shows (Blomgren and Chan's colour TV;
 * Sapiro and Ringach; the joint TV of multi-channel tomography). With one volume it is the isotropic 3-D TV of
 * {@link org.fusionj.core.tv.FgpTv3D}, by the same iteration.
 *
 * <p>The iteration is that of {@code FgpTv3D} with one dual field {@code (p_x, p_y, p_z)} per element on the
 * backward differences (Neumann boundaries), the dual step {@code 1/(12 lambda)} (the operator is block diagonal
 * over the elements, so its norm is the one-volume norm), FISTA momentum, zero duals at the start of each call;
 * the only change is the projection: all elements' duals of a voxel together onto the unit ball,
 * {@code p <- p / max(1, sqrt(sum_e |p_e|^2))}. Memory: six dual volumes per element, kept between calls. Every voxel
 * is computed by the same float operations whatever the blocks of slices, so the result is bit-identical for any
 * number of threads. An instance is not thread-safe.
 */
final class JointTv3D {

    /** Slices per parallel task. */
    static final int SLICES_PER_BLOCK = 2;

    private float[][] px = new float[0][];
    private float[][] py = new float[0][];
    private float[][] pz = new float[0][];
    private float[][] rx = new float[0][];
    private float[][] ry = new float[0][];
    private float[][] rz = new float[0][];
    private final ThreadLocal<Rows> rows = new ThreadLocal<>();
    /** During a weighted call: the per-voxel dual radius (the TV weight of each voxel); null for the unit ball. */
    private float[] radius;
    /**
     * Directional TV (Ehrhardt and Betcke 2016; {@link TvEdgeWeights#directions}): per voxel a vector xi
     * (|xi| &lt; 1) whose component of each element's gradient is removed, {@code |(I - xi xi^T) grad u|}; null for
     * none. The dual step takes the projected gradient; the duals, zero at the start of each call, then stay
     * orthogonal to xi (the projection onto the ball and the momentum only scale and combine them), so
     * {@code (I - xi xi^T) p = p} and the image step is unchanged. The returned TV stays the plain joint TV.
     */
    private float[][] xi;

    /** Sets the directional TV's vectors (x, rows, slices components, one per voxel), or null for none. */
    void directions(float[][] directions) {
        xi = directions;
    }

    /** Whether the directional TV's vectors are set. */
    boolean hasDirections() {
        return xi != null;
    }

    /**
     * Writes the proximal volumes of {@code input} into {@code output} and returns their joint TV (sum over voxels of
     * {@code sqrt(sum_e |grad u_e|^2)}, backward differences), summed per slice in double and then in slice order.
     *
     * @param input      the volumes (each {@code width x rows x slices}, index {@code (s * rows + r) * width + x});
     *                   not modified; finite
     * @param output     receives the results; other arrays of the same lengths
     * @param lambda     TV weight, &gt; 0
     * @param iterations FGP iterations, &gt;= 1
     */
    double apply(float[][] input, float[][] output, int width, int rows, int slices, double lambda, int iterations,
                 RowBlocks blocks, CancellationToken cancel) {
        return apply(input, output, null, width, rows, slices, lambda, iterations, blocks, cancel);
    }

    /**
     * As {@link #apply(float[][], float[][], int, int, int, double, int, RowBlocks, CancellationToken)}, with a fixed
     * guide volume {@code g} (side information) in the joint norm:
     * {@code lambda sum_voxels sqrt(sum_e |grad u_e|^2 + |grad g|^2)}. The guide is not changed; where it has an
     * edge, the norm is already large, so the volumes pay little for an edge there (the marginal cost of
     * {@code |grad u_e|} is {@code |grad u_e| / sqrt(...)}), while where it is flat they pay the full TV. Its duals
     * are updated and projected with the volumes'; the images are made for the volumes only (the guide's term is
     * linear in its duals). The returned TV includes the guide's gradient.
     *
     * @param guide null for none; else a volume of the same size, its scale the weight of its edges
     */
    double apply(float[][] input, float[][] output, float[] guide, int width, int rows, int slices, double lambda,
                 int iterations, RowBlocks blocks, CancellationToken cancel) {
        float[][] channels = channels(input, output, guide, width, rows, slices, lambda, iterations, blocks);
        int ne = input.length;
        int nc = channels.length;
        int n = width * rows * slices;
        if (px.length != nc || px[0].length != n) {
            px = new float[nc][n];
            py = new float[nc][n];
            pz = new float[nc][n];
            rx = new float[nc][n];
            ry = new float[nc][n];
            rz = new float[nc][n];
        }
        int plane = width * rows;
        float lam = (float) lambda;
        float step = 1f / (12f * lam);
        float[] beta = FgpTv3D.momentum(iterations);
        blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> {
            for (int e = 0; e < ne; e++) {
                float[] b = input[e];
                float[] u = output[e];
                for (int i = s0 * plane; i < s1 * plane; i++) {
                    float v = b[i];
                    u[i] = (v + Math.abs(v)) * 0.5f;
                }
            }
        });
        blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> duals(channels, width, rows, s0, s1, step, 0f, true));
        for (int k = 2; k <= iterations; k++) {
            cancel.throwIfCancelled();
            float b = beta[k + 1];
            blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> image(input, rx, ry, rz, output, width, rows,
                    slices, lam, s0, s1));
            blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> duals(channels, width, rows, s0, s1, step, b, false));
        }
        blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> image(input, px, py, pz, output, width, rows, slices,
                lam, s0, s1));
        return jointTv(channels, width, rows, slices, blocks);
    }

    /**
     * Checks the arguments of {@code apply} (here and in {@link WarmJointTv3D}); returns the channels of the joint
     * norm: the volumes being smoothed (their images, in {@code output}), then the fixed guide if any.
     */
    static float[][] channels(float[][] input, float[][] output, float[] guide, int width, int rows, int slices,
                              double lambda, int iterations, RowBlocks blocks) {
        Objects.requireNonNull(blocks, "blocks");
        Require.positive("lambda_tv", lambda);
        Require.atLeastOne("n_iter_tv", iterations);
        int ne = input.length;
        if (ne < 1 || output.length != ne) {
            throw new IllegalArgumentException("need one output per input volume, at least one");
        }
        int n = width * rows * slices;
        if (guide != null && guide.length != n) {
            throw new IllegalArgumentException("the guide must have the volumes' size");
        }
        for (int e = 0; e < ne; e++) {
            if (width < 1 || rows < 1 || slices < 1 || (long) width * rows * slices != input[e].length) {
                throw new IllegalArgumentException("volume of " + input[e].length + " voxels is not " + width + " x "
                        + rows + " x " + slices);
            }
            if (output[e] == input[e] || output[e].length != n) {
                throw new IllegalArgumentException("each output must be another array of the input's length");
            }
        }
        int nc = ne + (guide == null ? 0 : 1);
        float[][] channels = java.util.Arrays.copyOf(output, nc);
        if (guide != null) {
            channels[ne] = guide;
        }
        return channels;
    }

    /** The joint TV of the channels, summed per slice in double and then in slice order (any thread count). */
    static double jointTv(float[][] channels, int width, int rows, int slices, RowBlocks blocks) {
        double[] perSlice = new double[slices];
        blocks.forEach(slices, SLICES_PER_BLOCK, (s0, s1) -> {
            for (int s = s0; s < s1; s++) {
                perSlice[s] = jointTvSlice(channels, width, rows, s);
            }
        });
        double tv = 0;
        for (double v : perSlice) {
            tv += v;
        }
        return tv;
    }

    /**
     * As {@link #apply(float[][], float[][], float[], int, int, int, double, int, RowBlocks, CancellationToken)}, with
     * a TV weight per voxel: {@code lambda sum_v g_v sqrt(sum_e |grad u_e|_v^2)}. In FGP's dual this is a projection
     * of each voxel's duals onto the ball of radius {@code g_v} instead of 1 (the dual step stays
     * {@code 1/(12 lambda)}, valid since no weight exceeds 1). Used with weights from the HAADF's edges
     * ({@link TvEdgeWeights}): an edge the HAADF sees costs little, so the step keeps the jumps there. The returned
     * TV is the unweighted joint TV. With {@code weights} null, the same as without.
     *
     * @param weights null, or one weight per voxel in (0, 1]
     */
    double apply(float[][] input, float[][] output, float[] guide, float[] weights, int width, int rows, int slices,
                 double lambda, int iterations, RowBlocks blocks, CancellationToken cancel) {
        if (weights != null && weights.length != (long) width * rows * slices) {
            throw new IllegalArgumentException("the TV weights must have the volumes' size");
        }
        radius = weights;
        try {
            return apply(input, output, guide, width, rows, slices, lambda, iterations, blocks, cancel);
        } finally {
            radius = null;
        }
    }

    /** The joint isotropic TV of slice s: sum over its voxels of {@code sqrt(sum_e |grad u_e|^2)}. */
    static double jointTvSlice(float[][] u, int w, int rows, int s) {
        int plane = w * rows;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int row = s * plane + r * w;
            for (int x = 0; x < w; x++) {
                int i = row + x;
                double n2 = 0;
                for (float[] v : u) {
                    double c = v[i];
                    double dx = x > 0 ? c - v[i - 1] : 0;
                    double dy = r > 0 ? c - v[i - w] : 0;
                    double dz = s > 0 ? c - v[i - plane] : 0;
                    n2 += dx * dx + dy * dy + dz * dz;
                }
                sum += Math.sqrt(n2);
            }
        }
        return sum;
    }

    /**
     * {@code u_e = max(0, b_e - lambda L q_e)} on slices [s0, s1), {@code L q = q_x - q_x[x+1] + q_y - q_y[y+1] +
     * q_z - q_z[z+1]} (the adjoint of the backward differences; a neighbour beyond the volume counts as 0).
     */
    static void image(float[][] b, float[][] qx, float[][] qy, float[][] qz, float[][] u, int w, int rows,
                              int slices, float lambda, int s0, int s1) {
        int plane = w * rows;
        for (int e = 0; e < b.length; e++) {
            float[] be = b[e];
            float[] xe = qx[e];
            float[] ye = qy[e];
            float[] ze = qz[e];
            float[] ue = u[e];
            for (int s = s0; s < s1; s++) {
                boolean lastSlice = s == slices - 1;
                for (int r = 0; r < rows; r++) {
                    int row = s * plane + r * w;
                    boolean lastRow = r == rows - 1;
                    for (int x = 0; x < w; x++) {
                        int i = row + x;
                        float xn = x < w - 1 ? xe[i + 1] : 0f;
                        float yn = lastRow ? 0f : ye[i + w];
                        float zn = lastSlice ? 0f : ze[i + plane];
                        float div = (xe[i] - xn) + (ye[i] - yn) + (ze[i] - zn);
                        float val = be[i] - lambda * div;
                        ue[i] = (val + Math.abs(val)) * 0.5f;
                    }
                }
            }
        }
    }

    /**
     * New duals on slices [s0, s1): {@code p = P(r + step grad u)}, every element's duals of a voxel projected
     * together onto the unit ball, then {@code r = p + beta (p - p_old)}. With {@code first} the old duals are zero.
     */
    private void duals(float[][] u, int w, int rows, int s0, int s1, float step, float beta, boolean first) {
        int ne = u.length;
        int plane = w * rows;
        Rows buf = rowBuffers(ne, w);
        float[] norm = buf.norm;
        for (int s = s0; s < s1; s++) {
            for (int r = 0; r < rows; r++) {
                int row = s * plane + r * w;
                java.util.Arrays.fill(norm, 0f);
                for (int e = 0; e < ne; e++) {
                    float[] ue = u[e];
                    float[] cx = buf.cx[e];
                    float[] cy = buf.cy[e];
                    float[] cz = buf.cz[e];
                    float[] bx = rx[e];
                    float[] by = ry[e];
                    float[] bz = rz[e];
                    for (int x = 0; x < w; x++) {
                        int i = row + x;
                        float uv = ue[i];
                        float gx = x > 0 ? uv - ue[i - 1] : 0f;
                        float gy = r > 0 ? uv - ue[i - w] : 0f;
                        float gz = s > 0 ? uv - ue[i - plane] : 0f;
                        if (xi != null) {
                            float ax = xi[0][i];
                            float ay = xi[1][i];
                            float az = xi[2][i];
                            float dot = ax * gx + ay * gy + az * gz;
                            gx -= dot * ax;
                            gy -= dot * ay;
                            gz -= dot * az;
                        }
                        float vx = (first ? 0f : bx[i]) + step * gx;
                        float vy = (first ? 0f : by[i]) + step * gy;
                        float vz = (first ? 0f : bz[i]) + step * gz;
                        cx[x] = vx;
                        cy[x] = vy;
                        cz[x] = vz;
                        norm[x] += vx * vx + vy * vy + vz * vz;
                    }
                }
                if (radius != null) {
                    // Weighted TV: the ball of radius g_v, i.e. the unit ball for |c| / g_v.
                    for (int x = 0; x < w; x++) {
                        float g = radius[row + x];
                        norm[x] /= g * g;
                    }
                }
                for (int x = 0; x < w; x++) {
                    // Projection onto the unit ball: divide by max(1, |c|), written branch-free as in FgpTv3D.
                    float excess = (float) Math.sqrt(norm[x]) - 1f;
                    norm[x] = 1f / (1f + (excess + Math.abs(excess)) * 0.5f);
                }
                for (int e = 0; e < ne; e++) {
                    float[] cx = buf.cx[e];
                    float[] cy = buf.cy[e];
                    float[] cz = buf.cz[e];
                    float[] ax = px[e];
                    float[] ay = py[e];
                    float[] az = pz[e];
                    float[] bx = rx[e];
                    float[] by = ry[e];
                    float[] bz = rz[e];
                    for (int x = 0; x < w; x++) {
                        int i = row + x;
                        float inv = norm[x];
                        float vx = cx[x] * inv;
                        float vy = cy[x] * inv;
                        float vz = cz[x] * inv;
                        float ox = first ? 0f : ax[i];
                        float oy = first ? 0f : ay[i];
                        float oz = first ? 0f : az[i];
                        ax[i] = vx;
                        ay[i] = vy;
                        az[i] = vz;
                        bx[i] = vx + beta * (vx - ox);
                        by[i] = vy + beta * (vy - oy);
                        bz[i] = vz + beta * (vz - oz);
                    }
                }
            }
        }
    }

    private Rows rowBuffers(int ne, int w) {
        Rows b = rows.get();
        if (b == null || b.norm.length != w || b.cx.length != ne) {
            b = new Rows(ne, w);
            rows.set(b);
        }
        return b;
    }

    /** Row buffers of one worker thread: the unprojected duals of every element and their joint norm. */
    private static final class Rows {
        final float[] norm;
        final float[][] cx;
        final float[][] cy;
        final float[][] cz;

        Rows(int ne, int w) {
            norm = new float[w];
            cx = new float[ne][w];
            cy = new float[ne][w];
            cz = new float[ne][w];
        }
    }
}
