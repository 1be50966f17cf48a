package org.fusionj.core.tomo;

import java.util.SplittableRandom;

import org.fusionj.core.parallel.RowBlocks;

/**
 * A composition (phase) prior for fused tomography: nanoparticles are made of few phases, so the composition of a
 * dense voxel, {@code f_v = x_v / sum_e x_ve}, should be one of a few compositions. After each TV step the prior
 * re-estimates {@code K} phase compositions from the current iterate (weighted k-means on the compositions of the
 * dense voxels, warm-started from the last iteration's phases; the first seeding is k-means++ with a fixed seed over
 * the voxels in memory order, so it is the same for any thread count) and moves each dense voxel's composition a
 * fraction {@code weight} of the way to its nearest phase. The voxel's HAADF model {@code h_v = sum_e w_e x_ve^gamma}
 * is kept: the move changes what the voxel is made of, not how much scatters there, which the HAADF data fix.
 *
 * <p>This is the relaxation step of a discrete-composition prior in the manner of discrete tomography (DART,
 * Batenburg and Sijbers, IEEE TIP 20, 2542, 2011: segment the current iterate into a few grey levels and pull it
 * towards them) and of the material-decomposition priors of spectral CT (voxels as mixtures of a few known or
 * clustered materials), applied to the composition only. The iterate is a relaxed, not a projected, one: voxels
 * whose data disagree with their phase move back at the next data step.
 *
 * <p>Dense voxels: {@code sum_e x_ve >= }{@value #DENSE} (volumes are scaled so that each element's densest region is
 * about 1). k-means weights each voxel by its density.
 */
final class PhasePrior {

    /** Most phases the prior accepts. */
    static final int MAX_PHASES = 16;
    /** A voxel takes part when its summed concentration is at least this (volumes scaled to about 1). */
    static final float DENSE = 0.3f;
    /** Lloyd iterations per call (warm-started, so a few suffice once the phases have settled). */
    static final int LLOYD_ITERATIONS = 3;
    private static final long SEED = 20261207L;

    private final int phases;
    private final float weight;
    private final float[] w;
    private final float gamma;
    private final int ne;
    /** Phase compositions, row-major K x ne; null until the first call. */
    private double[] centres;
    /** Phase of each voxel (-1 for voxels that take no part). */
    private int[] label;

    PhasePrior(int phases, double weight, float[] w, double gamma) {
        this.phases = phases;
        this.weight = (float) weight;
        this.w = w.clone();
        this.gamma = (float) gamma;
        this.ne = w.length;
    }

    /** The phase compositions of the last call, row-major K x elements (a copy), or null before the first. */
    double[] phases() {
        return centres == null ? null : centres.clone();
    }

    /** Re-estimates the phases from {@code x} and pulls every dense voxel's composition towards its phase. */
    void apply(float[][] x, RowBlocks blocks, int height) {
        int n = x[0].length;
        if (label == null) {
            label = new int[n];
        }
        int sliceSize = n / height;
        if (centres == null) {
            centres = seed(x);
            if (centres == null) {
                return;
            }
        }
        for (int it = 0; it < LLOYD_ITERATIONS; it++) {
            blocks.forEach(height, 1, (y0, y1) -> assign(x, y0 * sliceSize, y1 * sliceSize));
            update(x);
        }
        blocks.forEach(height, 1, (y0, y1) -> assign(x, y0 * sliceSize, y1 * sliceSize));
        blocks.forEach(height, 1, (y0, y1) -> pull(x, y0 * sliceSize, y1 * sliceSize));
    }

    /** k-means++ seeding with a fixed seed, over the dense voxels in memory order; null if none is dense. */
    private double[] seed(float[][] x) {
        int n = x[0].length;
        int count = 0;
        for (int v = 0; v < n; v++) {
            if (density(x, v) >= DENSE) {
                count++;
            }
        }
        if (count == 0) {
            return null;
        }
        int[] idx = new int[count];
        float[] f = new float[count * ne];
        double[] wt = new double[count];
        for (int v = 0, i = 0; v < n; v++) {
            float s = density(x, v);
            if (s >= DENSE) {
                idx[i] = v;
                for (int e = 0; e < ne; e++) {
                    f[i * ne + e] = x[e][v] / s;
                }
                wt[i] = s;
                i++;
            }
        }
        SplittableRandom rng = new SplittableRandom(SEED);
        int k = Math.min(phases, count);
        double[] c = new double[phases * ne];
        double[] d2 = new double[count];
        java.util.Arrays.fill(d2, Double.POSITIVE_INFINITY);
        int pick = pickWeighted(wt, null, rng);
        for (int j = 0; j < phases; j++) {
            if (j > 0) {
                pick = j < k ? pickWeighted(wt, d2, rng) : pick;
            }
            for (int e = 0; e < ne; e++) {
                c[j * ne + e] = f[pick * ne + e];
            }
            for (int i = 0; i < count; i++) {
                double d = 0;
                for (int e = 0; e < ne; e++) {
                    double t = f[i * ne + e] - c[j * ne + e];
                    d += t * t;
                }
                d2[i] = Math.min(d2[i], d);
            }
        }
        return c;
    }

    private static int pickWeighted(double[] wt, double[] d2, SplittableRandom rng) {
        double total = 0;
        for (int i = 0; i < wt.length; i++) {
            total += wt[i] * (d2 == null ? 1 : d2[i]);
        }
        if (!(total > 0)) {
            return 0;
        }
        double r = rng.nextDouble() * total;
        double acc = 0;
        for (int i = 0; i < wt.length; i++) {
            acc += wt[i] * (d2 == null ? 1 : d2[i]);
            if (acc >= r) {
                return i;
            }
        }
        return wt.length - 1;
    }

    private float density(float[][] x, int v) {
        float s = 0;
        for (int e = 0; e < ne; e++) {
            s += x[e][v];
        }
        return s;
    }

    /** Nearest phase of every dense voxel in [from, to). */
    private void assign(float[][] x, int from, int to) {
        double[] c = centres;
        for (int v = from; v < to; v++) {
            float s = density(x, v);
            if (s < DENSE) {
                label[v] = -1;
                continue;
            }
            float inv = 1f / s;
            int best = 0;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < phases; j++) {
                double d = 0;
                for (int e = 0; e < ne; e++) {
                    double t = x[e][v] * inv - c[j * ne + e];
                    d += t * t;
                }
                if (d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            label[v] = best;
        }
    }

    /** New phase compositions: density-weighted means of their voxels' compositions (serial: a fixed sum order). */
    private void update(float[][] x) {
        int n = x[0].length;
        double[] sum = new double[phases * ne];
        double[] wsum = new double[phases];
        for (int v = 0; v < n; v++) {
            int j = label[v];
            if (j < 0) {
                continue;
            }
            // weight s times composition x/s: the sum of the concentrations
            for (int e = 0; e < ne; e++) {
                sum[j * ne + e] += x[e][v];
            }
            wsum[j] += density(x, v);
        }
        for (int j = 0; j < phases; j++) {
            if (wsum[j] > 0) {
                for (int e = 0; e < ne; e++) {
                    centres[j * ne + e] = sum[j * ne + e] / wsum[j];
                }
            }
        }
    }

    /** Moves each dense voxel of [from, to) towards its phase's composition, keeping its HAADF model h_v. */
    private void pull(float[][] x, int from, int to) {
        double[] c = centres;
        float[] nv = new float[ne];
        for (int v = from; v < to; v++) {
            int j = label[v];
            if (j < 0) {
                continue;
            }
            float s = density(x, v);
            double h = 0;
            double h2 = 0;
            for (int e = 0; e < ne; e++) {
                float xe = x[e][v];
                float t = (1 - weight) * xe + weight * s * (float) c[j * ne + e];
                nv[e] = t;
                if (w[e] != 0) {
                    h += w[e] * Math.pow(xe, gamma);
                    h2 += w[e] * Math.pow(t, gamma);
                }
            }
            float scale = h2 > 0 ? (float) Math.pow(h / h2, 1.0 / gamma) : 1f;
            for (int e = 0; e < ne; e++) {
                x[e][v] = nv[e] * scale;
            }
        }
    }
}
