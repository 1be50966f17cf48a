package org.fusionj.core.tomo;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;

/**
 * An edge-preserving regulariser of the composition of fused element volumes: the composition
 * {@code f_v = x_v / sum_e x_ve} is replaced by the minimiser of the density-weighted vectorial ROF problem
 * <pre>  min_u  sum_v a_v / 2 |u_v - f_v|^2 + mu sum_v sqrt(sum_e |grad u_ve|^2)</pre>
 * with {@code a_v = min(1, s_v)} where the summed concentration {@code s_v = sum_e x_ve} is at least {@code dense},
 * and 0 elsewhere, so that empty and faint voxels carry no composition and do not pull on their neighbours. Each
 * dense voxel is then rebuilt as {@code x_ve = t_v u_ve} with {@code t_v} chosen so that its HAADF model
 * {@code sum_e w_e x_ve^gamma} is the one it had (as {@link PhasePrior} does): the step changes what a voxel is made
 * of, never how much scatters there. The density carries the particle surfaces, so a strong {@code mu} can flatten
 * the composition inside a phase without rounding the particles; the TV keeps the jumps at core-shell interfaces.
 *
 * <p>Why a separate problem and not the per-element TV: the per-element (or joint) TV of {@code x_e} pays for every
 * particle surface, where all elements drop to zero, so a weight strong enough to flatten the composition inside
 * the particles rounds their surfaces. The composition has no jump at a surface (the weight {@code a_v} lets it
 * continue freely into the background).
 *
 * <p>Solved by the primal-dual iteration of Chambolle and Pock (J. Math. Imaging Vis. 40, 120, 2011; step sizes
 * {@code tau = sigma = 1 / sqrt(12)}, the 3-D gradient's norm bound), from {@code u = f} and zero duals: the
 * weighted fidelity's proximal map is closed form ({@code (u + tau a f) / (1 + tau a)}), where FGP would need
 * {@code a > 0} everywhere. Forward differences with Neumann boundaries. Every voxel is computed by the same float
 * operations whatever the blocks of slices, so the result is bit-identical for any number of threads. An instance
 * keeps its work arrays between calls and is not thread-safe.
 */
public final class CompositionTv {

    /** Default density threshold: a voxel takes part when its summed concentration is at least this. */
    public static final float DENSE = 0.3f;
    private static final float STEP = (float) (1 / Math.sqrt(12));

    private final float[] w;
    private final float gamma;
    private final int ne;
    private float[][] u;
    private float[][] ubar;
    private float[][] f;
    private float[][] px;
    private float[][] py;
    private float[][] pz;
    private float[] a;
    /**
     * During {@link #apply}: the volumes and the density threshold, from which the original compositions
     * {@code f0 = x / sum_e x} are recomputed where the Bregman steps and the reweighting need them (x does not change
     * before the last rebuild), instead of keeping a copy: n_e volumes less at the peak, the same floats.
     */
    private float[][] source;
    private float sourceDense;
    private int bregmanSteps;
    private int reweightRounds;
    private float reweightScale;
    /** Per-voxel factor of the TV weight (reweighted TV, guide weights), or null. */
    private float[] weight;
    /** Fixed per-voxel factor of the TV weight ({@link #tvWeights}), or null. */
    private float[] fixedWeight;
    /** Per-voxel factor of what a Bregman step adds back ({@link #bregmanWeights}), or null. */
    private float[] addBackWeight;

    /**
     * @param w     the HAADF model's weights, one per element
     * @param gamma the HAADF model's exponent
     */
    public CompositionTv(float[] w, double gamma) {
        this.w = w.clone();
        this.gamma = (float) gamma;
        this.ne = w.length;
    }

    /**
     * Regularises the composition of {@code x} in place.
     *
     * @param x          the element volumes, each {@code width x depth x height} in the layout
     *                   {@code (y * depth + z) * width + x}; non-negative
     * @param mu         the TV weight on the composition (fractions in [0, 1]), &gt; 0
     * @param dense      voxels with a smaller summed concentration are neither used nor changed
     * @param iterations primal-dual iterations, &gt;= 1
     */
    public void apply(float[][] x, int width, int depth, int height, double mu, float dense, int iterations,
               RowBlocks blocks, CancellationToken cancel) {
        apply(x, width, depth, height, mu, dense, iterations, false, blocks, cancel);
    }

    /**
     * As {@link #apply(float[][], int, int, int, double, float, int, RowBlocks, CancellationToken)}; with
     * {@code warm} the duals of the last call (same size) are kept instead of set to zero, so that a few iterations
     * per call suffice when the volumes change little between calls (the step inside an iteration).
     */
    void apply(float[][] x, int width, int depth, int height, double mu, float dense, int iterations, boolean warm,
               RowBlocks blocks, CancellationToken cancel) {
        if (!(mu > 0) || Double.isInfinite(mu)) {
            throw new InvalidInputException("the composition TV weight must be a positive number, got " + mu);
        }
        if (iterations < 1) {
            throw new InvalidInputException("the composition TV needs at least 1 iteration, got " + iterations);
        }
        if (x.length != ne) {
            throw new IllegalArgumentException("expected " + ne + " volumes, got " + x.length);
        }
        int n = x[0].length;
        int slice = width * depth;
        if (n != slice * height) {
            throw new IllegalArgumentException("volume size " + n + " is not " + width + " x " + depth + " x " + height);
        }
        allocate(n, warm);
        float m = (float) mu;
        blocks.forEach(height, 1, (y0, y1) -> start(x, y0 * slice, y1 * slice, dense));
        source = x;
        sourceDense = dense;
        if (fixedWeight != null && fixedWeight.length != n) {
            throw new IllegalArgumentException("TV weights for " + fixedWeight.length + " voxels, volume has " + n);
        }
        if (addBackWeight != null && addBackWeight.length != n) {
            throw new IllegalArgumentException("Bregman weights for " + addBackWeight.length + " voxels, volume has "
                    + n);
        }
        if (reweightRounds == 0) {
            weight = fixedWeight;
        } else {
            if (weight == null || weight.length != n || weight == fixedWeight) {
                weight = new float[n];
            }
            if (fixedWeight != null) {
                System.arraycopy(fixedWeight, 0, weight, 0, n);
            } else {
                java.util.Arrays.fill(weight, 1f);
            }
        }
        for (int r = 0; r <= reweightRounds; r++) {
            if (r > 0) {
                // reweighted TV: the weight of a voxel's TV falls with its gradient, so that jumps cost less and
                // ramps are pushed towards jumps; the data are the original compositions again
                blocks.forEach(height, 1, (y0, y1) -> reweight(width, depth, height, y0, y1));
                blocks.forEach(height, 1, (y0, y1) -> resetData(y0 * slice, y1 * slice));
            }
            for (int k = 0; k <= bregmanSteps; k++) {
                for (int it = 0; it < iterations; it++) {
                    cancel.throwIfCancelled();
                    blocks.forEach(height, 1, (y0, y1) -> dual(width, depth, height, y0, y1, m));
                    blocks.forEach(height, 1, (y0, y1) -> primal(width, depth, y0, y1));
                }
                if (k < bregmanSteps) {
                    // Bregman iteration: add back what the TV removed, f <- f + (f0 - u)
                    blocks.forEach(height, 1, (y0, y1) -> addBack(y0 * slice, y1 * slice));
                }
            }
        }
        source = null;
        cancel.throwIfCancelled();
        blocks.forEach(height, 1, (y0, y1) -> rebuild(x, y0 * slice, y1 * slice, dense));
    }

    /**
     * Bregman iterations (Osher, Burger, Goldfarb, Xu and Yin, Multiscale Model. Simul. 4, 460, 2005) after the
     * first TV solve: the residual {@code f - u} is added back to the data and the problem solved again, which
     * restores the contrast the TV takes from small regions (a core of radius r loses about {@code 3 mu / r});
     * 0 (the default) for the plain TV. Experiment.
     */
    public void bregmanSteps(int steps) {
        if (steps < 0) {
            throw new InvalidInputException("Bregman steps must be 0 or more, got " + steps);
        }
        bregmanSteps = steps;
    }

    /**
     * Reweighted TV (Candes, Wakin and Boyd, J. Fourier Anal. Appl. 14, 877, 2008, there for l1): after a first
     * solve, {@code rounds} more, each with the TV weight of a voxel multiplied by {@code eps / (eps + |grad u|)}
     * of the last solve, which approximates a concave (log) penalty of the gradient: jumps cost less than the ramps
     * they are blurred into. 0 rounds (the default) for the plain TV. Experiment.
     */
    public void reweight(int rounds, double eps) {
        if (rounds < 0 || !(eps > 0)) {
            throw new InvalidInputException("reweighting needs rounds >= 0 and eps > 0, got " + rounds + ", " + eps);
        }
        reweightRounds = rounds;
        reweightScale = (float) eps;
    }

    private void reweight(int width, int depth, int height, int y0, int y1) {
        int slice = width * depth;
        float[] gx = new float[ne];
        float[] gy = new float[ne];
        float[] gz = new float[ne];
        for (int y = y0; y < y1; y++) {
            for (int z = 0; z < depth; z++) {
                int row = y * slice + z * width;
                for (int xx = 0; xx < width; xx++) {
                    int v = row + xx;
                    gradient(u, v, xx, z, y, width, depth, height, gx, gy, gz);
                    float norm2 = 0;
                    for (int e = 0; e < ne; e++) {
                        norm2 += gx[e] * gx[e] + gy[e] * gy[e] + gz[e] * gz[e];
                    }
                    float rw = reweightScale / (reweightScale + (float) Math.sqrt(norm2));
                    weight[v] = fixedWeight == null ? rw : fixedWeight[v] * rw;
                }
            }
        }
    }

    /**
     * A fixed factor of the TV weight per voxel, or null (the default) for none: {@link CompositionEdgeGuide#weights},
     * small across the HAADF model's edges, so that the composition's jumps move there
     * ({@link TomoFusionParameters#compositionTvGuide()}). The array is used, not copied; reweighting multiplies it.
     */
    public void tvWeights(float[] perVoxel) {
        fixedWeight = perVoxel;
    }

    /**
     * A factor in [0, 1] per voxel of what each Bregman step adds back, or null (the default) for 1: small near a
     * guide's edges, so that the steps restore the contrast of phases but not the blurred ramp between them.
     * Experiment (harness only).
     */
    public void bregmanWeights(float[] perVoxel) {
        addBackWeight = perVoxel;
    }

    /** f <- f + (f0 - u) on voxels [from, to), f0 recomputed from the volumes ({@link #start}'s floats). */
    private void addBack(int from, int to) {
        float[][] x = source;
        for (int v = from; v < to; v++) {
            float s = density(x, v);
            for (int e = 0; e < ne; e++) {
                float d = original(x, e, v, s, sourceDense) - u[e][v];
                f[e][v] += addBackWeight == null ? d : addBackWeight[v] * d;
            }
        }
    }

    /** f <- f0 on voxels [from, to) (the reweighted rounds start from the original data again). */
    private void resetData(int from, int to) {
        float[][] x = source;
        for (int v = from; v < to; v++) {
            float s = density(x, v);
            for (int e = 0; e < ne; e++) {
                f[e][v] = original(x, e, v, s, sourceDense);
            }
        }
    }

    /**
     * Element e's share of voxel v's composition before the TV, {@code f0}: {@code x_e / s} where the summed
     * concentration {@code s} ({@link #density}) is at least {@code dense}, uniform elsewhere. The one definition of
     * the data: {@link #start} sets it, the Bregman steps recompute it instead of keeping a copy.
     */
    private float original(float[][] x, int e, int v, float s, float dense) {
        return s >= dense && s > 0 ? x[e][v] / s : 1f / ne;
    }

    /** The summed concentration of voxel v, added in element order. */
    private float density(float[][] x, int v) {
        float s = 0;
        for (int e = 0; e < ne; e++) {
            s += x[e][v];
        }
        return s;
    }

    /** The regularised composition of the last call, one array per element (for tests and experiments). */
    float[][] composition() {
        return u;
    }

    private void allocate(int n, boolean warm) {
        if (u == null || u[0].length != n) {
            u = new float[ne][n];
            ubar = new float[ne][n];
            f = new float[ne][n];
            px = new float[ne][n];
            py = new float[ne][n];
            pz = new float[ne][n];
            a = new float[n];
        } else if (!warm) {
            for (int e = 0; e < ne; e++) {
                java.util.Arrays.fill(px[e], 0f);
                java.util.Arrays.fill(py[e], 0f);
                java.util.Arrays.fill(pz[e], 0f);
            }
        }
    }

    /** Compositions, fidelity weights; u = ubar = f (uniform where empty). */
    private void start(float[][] x, int from, int to, float dense) {
        for (int v = from; v < to; v++) {
            float s = density(x, v);
            a[v] = s >= dense && s > 0 ? Math.min(1f, s) : 0f;
            for (int e = 0; e < ne; e++) {
                float fe = original(x, e, v, s, dense);
                f[e][v] = fe;
                u[e][v] = fe;
                ubar[e][v] = fe;
            }
        }
    }

    /** Forward differences of every element's {@code b} at voxel v (0 across the far boundaries). */
    private void gradient(float[][] b, int v, int xx, int z, int y, int width, int depth, int height, float[] gx,
                          float[] gy, float[] gz) {
        int slice = width * depth;
        for (int e = 0; e < ne; e++) {
            float[] be = b[e];
            float c = be[v];
            gx[e] = xx + 1 < width ? be[v + 1] - c : 0f;
            gz[e] = z + 1 < depth ? be[v + width] - c : 0f;
            gy[e] = y + 1 < height ? be[v + slice] - c : 0f;
        }
    }

    /** p <- proj_{|p| <= mu}(p + sigma grad ubar), all elements' gradients of a voxel together. */
    private void dual(int width, int depth, int height, int y0, int y1, float mu) {
        int slice = width * depth;
        float[] gx = new float[ne];
        float[] gy = new float[ne];
        float[] gz = new float[ne];
        for (int y = y0; y < y1; y++) {
            for (int z = 0; z < depth; z++) {
                int row = y * slice + z * width;
                for (int xx = 0; xx < width; xx++) {
                    int v = row + xx;
                    gradient(ubar, v, xx, z, y, width, depth, height, gx, gy, gz);
                    float norm2 = 0;
                    for (int e = 0; e < ne; e++) {
                        float qx = px[e][v] + STEP * gx[e];
                        float qz = pz[e][v] + STEP * gz[e];
                        float qy = py[e][v] + STEP * gy[e];
                        gx[e] = qx;
                        gz[e] = qz;
                        gy[e] = qy;
                        norm2 += qx * qx + qy * qy + qz * qz;
                    }
                    float bound = weight == null ? mu : mu * weight[v];
                    float scale = norm2 > bound * bound ? bound / (float) Math.sqrt(norm2) : 1f;
                    for (int e = 0; e < ne; e++) {
                        px[e][v] = gx[e] * scale;
                        pz[e][v] = gz[e] * scale;
                        py[e][v] = gy[e] * scale;
                    }
                }
            }
        }
    }

    /** u <- prox(u + tau div p); ubar <- 2 u_new - u_old. */
    private void primal(int width, int depth, int y0, int y1) {
        int slice = width * depth;
        for (int e = 0; e < ne; e++) {
            float[] ue = u[e];
            float[] be = ubar[e];
            float[] fe = f[e];
            float[] qx = px[e];
            float[] qy = py[e];
            float[] qz = pz[e];
            for (int y = y0; y < y1; y++) {
                for (int z = 0; z < depth; z++) {
                    int row = y * slice + z * width;
                    for (int xx = 0; xx < width; xx++) {
                        int v = row + xx;
                        // div p = -grad^T p (backward differences; the last forward difference is 0, its dual too)
                        float div = qx[v] - (xx > 0 ? qx[v - 1] : 0f)
                                + qz[v] - (z > 0 ? qz[v - width] : 0f)
                                + qy[v] - (y > 0 ? qy[v - slice] : 0f);
                        float old = ue[v];
                        float av = a[v];
                        float nu = (old + STEP * div + STEP * av * fe[v]) / (1 + STEP * av);
                        ue[v] = nu;
                        be[v] = 2 * nu - old;
                    }
                }
            }
        }
    }

    /** Dense voxels: x_e = t u_e (u clipped to >= 0), t keeping the voxel's HAADF model. */
    private void rebuild(float[][] x, int from, int to, float dense) {
        for (int v = from; v < to; v++) {
            float s = 0;
            for (int e = 0; e < ne; e++) {
                s += x[e][v];
            }
            if (!(s >= dense) || s <= 0) {
                continue;
            }
            double h = 0;
            double h2 = 0;
            for (int e = 0; e < ne; e++) {
                if (w[e] != 0) {
                    h += w[e] * Math.pow(x[e][v], gamma);
                    h2 += w[e] * Math.pow(Math.max(0f, u[e][v]), gamma);
                }
            }
            if (!(h > 0) || !(h2 > 0)) {
                continue;
            }
            float t = (float) Math.pow(h / h2, 1.0 / gamma);
            for (int e = 0; e < ne; e++) {
                x[e][v] = t * Math.max(0f, u[e][v]);
            }
        }
    }
}
