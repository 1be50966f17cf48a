package org.fusionj.core.xanes;

import org.fusionj.core.InvalidInputException;

/**
 * Pre-/post-edge normalisation of spectra sampled at fixed energies, by closed-form least squares.
 *
 * <p>With {@code t = E - E0}: a line {@code pre(E) = a0 + a1 t} is fitted to the samples in the pre-edge window and
 * a polynomial {@code post(E) = sum_k b_k t^k} (order 0 to 2) to those in the post-edge window. The edge jump is
 * {@code post(E0) - pre(E0) = b0 - a0}, the pre-edge noise is the standard deviation of the pre-edge residual
 * ({@code sqrt(sum r^2 / (n - 2))}), and the normalised spectrum is {@code (mu(E) - pre(E)) / jump}.
 *
 * <p>A pre-edge window of two energies (15 eV steps below the edge leave two in -50..-15 eV) fixes the line exactly
 * and leaves no residual: the noise of the jump test is then the standard deviation of the post-edge residual
 * ({@code sqrt(sum r^2 / (n - order - 1))}), which needs {@code order + 2} post-edge energies. The post-edge residual
 * also holds the EXAFS wiggles, so it overstates the noise a little and the test is stricter; with
 * {@code jump_threshold = 0} no noise is needed at all.
 *
 * <p>Both fits are linear in the data, and their operators depend on the energies only: they are computed once
 * here ({@code (X^T X)^-1 X^T} on a basis scaled by 100 eV), so each voxel costs a few dot products. Only
 * {@code b0} is needed per voxel, one dot product whatever the order.
 *
 * <p>Windows are closed and located with a tolerance of {@value #ENERGY_TOLERANCE_EV} eV. A window may reach
 * beyond the measured range (only its measured energies count), but not lie wholly outside it, and it must hold
 * at least 2 energies (pre-edge: a line) or {@code order + 1} (post-edge).
 */
public final class XanesNormalisation {

    /** Tolerance when deciding whether an energy lies in a window. */
    public static final double ENERGY_TOLERANCE_EV = 1e-6;
    /** Fewest pre-edge energies: a line. With exactly 2 the noise comes from the post-edge residual. */
    public static final int MIN_PRE_EDGE_POINTS = 2;

    static final int OK = 0;
    static final int NON_FINITE = 1;
    static final int BELOW_NOISE = 2;
    static final int EXCLUDED = 3;

    private static final double BASIS_SCALE_EV = 100;

    private final double[] energies;
    private final double e0;
    private final double k0;
    private final double[] t;
    private final int preFrom;
    private final int preTo;
    private final int postFrom;
    private final int postTo;
    private final int postOrder;
    /** Weights giving a0 and a1 (per eV) from the pre-edge samples. */
    private final double[] wPre0;
    private final double[] wPre1;
    /** Weights giving b_k (per eV^k) from the post-edge samples; row 0 gives post(E0). */
    private final double[][] wPost;
    private final double noiseDofInv;
    /** True when the pre-edge line is exact (2 energies) and the noise is the post-edge residual's. */
    private final boolean noiseFromPost;
    /** Flattened normalisation (see {@link XanesParameters#flatten()}). */
    private final boolean flatten;
    /** Whether the tiles need every post-edge coefficient per voxel (noise from the post-edge, or flattening). */
    private final boolean allPost;

    private XanesNormalisation(double[] energies, XanesParameters p) {
        this.energies = energies.clone();
        this.e0 = p.e0Ev();
        this.k0 = p.jumpThreshold();
        int n = energies.length;
        double lo = energies[0];
        double hi = energies[n - 1];
        if (e0 < lo - ENERGY_TOLERANCE_EV || e0 > hi + ENERGY_TOLERANCE_EV) {
            throw new InvalidInputException("e0 = " + EnergySeries.fmt(e0) + " eV lies outside the measured energies "
                    + EnergySeries.fmt(lo) + " to " + EnergySeries.fmt(hi) + " eV (wrong element or edge?)");
        }
        this.t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = energies[i] - e0;
        }
        int[] pre = windowIndices(energies, e0, p.preEdge(), "pre-edge window");
        int[] post = windowIndices(energies, e0, p.postEdge(), "post-edge window");
        preFrom = pre[0];
        preTo = pre[1];
        postFrom = post[0];
        postTo = post[1];
        postOrder = p.postEdgeOrder();
        int nPre = preTo - preFrom;
        if (nPre < MIN_PRE_EDGE_POINTS) {
            throw new InvalidInputException("the pre-edge window " + p.preEdge().describe(e0) + " holds " + nPre
                    + (nPre == 1 ? " energy" : " energies") + "; the pre-edge line needs at least "
                    + MIN_PRE_EDGE_POINTS + " (widen the window or check e0)");
        }
        int nPost = postTo - postFrom;
        if (nPost < postOrder + 1) {
            String what = switch (postOrder) {
                case 0 -> "a constant (post_order 0)";
                case 1 -> "a line (post_order 1)";
                default -> "a quadratic (post_order 2)";
            };
            throw new InvalidInputException("the post-edge window " + p.postEdge().describe(e0) + " holds " + nPost
                    + (nPost == 1 ? " energy" : " energies") + "; " + what + " needs at least " + (postOrder + 1)
                    + " (widen the window, lower post_order or check e0)");
        }
        double[][] preOp = fitOperator(preFrom, preTo, 1);
        wPre0 = preOp[0];
        wPre1 = preOp[1];
        wPost = fitOperator(postFrom, postTo, postOrder);
        noiseFromPost = nPre == 2;
        flatten = p.flatten();
        allPost = noiseFromPost || flatten;
        if (noiseFromPost) {
            int dof = nPost - postOrder - 1;
            if (dof < 1 && k0 > 0) {
                throw new InvalidInputException("the pre-edge window " + p.preEdge().describe(e0) + " holds 2 "
                        + "energies, so the pre-edge line is exact and the noise of the jump test is taken from the "
                        + "post-edge residual, but the post-edge window " + p.postEdge().describe(e0) + " holds "
                        + nPost + " for post_order " + postOrder + " (at least " + (postOrder + 2) + " needed); widen "
                        + "a window, lower post_order, or set jump_threshold 0");
            }
            noiseDofInv = dof < 1 ? 0 : 1.0 / dof;
        } else {
            noiseDofInv = 1.0 / (nPre - 2);
        }
    }

    /**
     * Prepares the normalisation of spectra sampled at {@code energiesEv} (finite, strictly increasing).
     *
     * @throws InvalidInputException when E0 or a window lies outside the energies, or a window holds too few
     */
    public static XanesNormalisation of(double[] energiesEv, XanesParameters params) {
        EnergySeries.checkEnergies(energiesEv, "series");
        return new XanesNormalisation(energiesEv, params);
    }

    /**
     * Indices {@code [from, to)} of the energies in {@code window} placed at {@code e0}.
     *
     * @throws InvalidInputException when the window lies wholly outside the energies
     */
    static int[] windowIndices(double[] energies, double e0, EnergyWindow window, String name) {
        double lo = window.from(e0) - ENERGY_TOLERANCE_EV;
        double hi = window.to(e0) + ENERGY_TOLERANCE_EV;
        int n = energies.length;
        if (hi < energies[0] || lo > energies[n - 1]) {
            throw new InvalidInputException("the " + name + " " + window.describe(e0)
                    + " lies outside the measured energies " + EnergySeries.fmt(energies[0]) + " to "
                    + EnergySeries.fmt(energies[n - 1]) + " eV (check e0 and the window)");
        }
        int from = 0;
        while (from < n && energies[from] < lo) {
            from++;
        }
        int to = from;
        while (to < n && energies[to] <= hi) {
            to++;
        }
        return new int[] {from, to};
    }

    /** The least-squares operator of a polynomial of {@code order} in t on samples [from, to), per eV^k. */
    private double[][] fitOperator(int from, int to, int order) {
        int n = to - from;
        double[][] x = new double[n][order + 1];
        for (int i = 0; i < n; i++) {
            double s = t[from + i] / BASIS_SCALE_EV;
            double v = 1;
            for (int c = 0; c <= order; c++) {
                x[i][c] = v;
                v *= s;
            }
        }
        double[][] op = SmallMatrices.pseudoInverse(x);
        if (op == null) {
            throw new IllegalStateException("singular fit on distinct energies");
        }
        double unit = 1;
        for (int c = 0; c <= order; c++) {
            for (int i = 0; i < n; i++) {
                op[c][i] /= unit;
            }
            unit *= BASIS_SCALE_EV;
        }
        return op;
    }

    /**
     * One spectrum's fit.
     *
     * @param e0Ev             the edge energy the fit refers to
     * @param preAtE0          pre-edge line at E0 ({@code a0})
     * @param preSlopePerEv    pre-edge slope ({@code a1})
     * @param postCoefficients post-edge polynomial coefficients {@code b_k}, in powers of {@code (E - E0)} in eV
     * @param edgeJump         {@code b0 - a0}
     * @param preEdgeNoise     standard deviation of the pre-edge residual (of the post-edge residual when the
     *                         pre-edge window holds 2 energies)
     */
    public record Fit(double e0Ev, double preAtE0, double preSlopePerEv, double[] postCoefficients, double edgeJump,
                      double preEdgeNoise) {

        /** The pre-edge line at {@code energyEv}. */
        public double preEdge(double energyEv) {
            return preAtE0 + preSlopePerEv * (energyEv - e0Ev);
        }

        /** The post-edge polynomial at {@code energyEv}. */
        public double postEdge(double energyEv) {
            double dt = energyEv - e0Ev;
            double v = 0;
            for (int c = postCoefficients.length - 1; c >= 0; c--) {
                v = v * dt + postCoefficients[c];
            }
            return v;
        }

        /** {@code (mu - pre(E)) / jump}. */
        public double normalise(double mu, double energyEv) {
            return (mu - preEdge(energyEv)) / edgeJump;
        }

        /**
         * The flattened value: the normalised one, less {@code (post(E) - pre(E)) / jump - 1} at and above E0 (where
         * that difference is 0 at E0 and follows the post-edge slope above).
         */
        public double flatten(double mu, double energyEv) {
            double n = normalise(mu, energyEv);
            if (energyEv < e0Ev) {
                return n;
            }
            return n - ((postEdge(energyEv) - preEdge(energyEv)) / edgeJump - 1);
        }
    }

    /** Fits one spectrum (one value per energy). Non-finite values give NaN in the affected fields. */
    public Fit fit(double[] mu) {
        checkLength(mu);
        double a0 = 0;
        double a1 = 0;
        for (int i = preFrom; i < preTo; i++) {
            a0 += wPre0[i - preFrom] * mu[i];
            a1 += wPre1[i - preFrom] * mu[i];
        }
        double[] b = new double[postOrder + 1];
        for (int c = 0; c <= postOrder; c++) {
            double s = 0;
            for (int i = postFrom; i < postTo; i++) {
                s += wPost[c][i - postFrom] * mu[i];
            }
            b[c] = s;
        }
        double ss = 0;
        if (noiseFromPost) {
            for (int i = postFrom; i < postTo; i++) {
                double v = 0;
                for (int c = postOrder; c >= 0; c--) {
                    v = v * t[i] + b[c];
                }
                double r = mu[i] - v;
                ss += r * r;
            }
        } else {
            for (int i = preFrom; i < preTo; i++) {
                double r = mu[i] - a0 - a1 * t[i];
                ss += r * r;
            }
        }
        return new Fit(e0, a0, a1, b, b[0] - a0, Math.sqrt(ss * noiseDofInv));
    }

    /**
     * Whether a fit passes the mask: finite, a positive edge jump, and jump &gt;= k x pre-edge noise.
     */
    public boolean passes(Fit fit) {
        double j = fit.edgeJump();
        return Double.isFinite(j) && Double.isFinite(fit.preEdgeNoise()) && j > 0 && j >= k0 * fit.preEdgeNoise();
    }

    /**
     * The normalised spectrum {@code (mu - pre(E)) / jump} (flattened when the parameters ask for it); all NaN when
     * the edge jump is not a positive finite number (the mask test of {@link #passes} is not applied here).
     */
    public double[] normalise(double[] mu) {
        Fit f = fit(mu);
        double[] out = new double[mu.length];
        if (!(f.edgeJump() > 0) || !Double.isFinite(f.edgeJump())) {
            java.util.Arrays.fill(out, Double.NaN);
            return out;
        }
        double inv = 1.0 / f.edgeJump();
        double[] b = f.postCoefficients();
        for (int i = 0; i < out.length; i++) {
            out[i] = (mu[i] - f.preAtE0() - f.preSlopePerEv() * t[i]) * inv;
            if (flatten && t[i] >= 0) {
                double post = 0;
                for (int c = postOrder; c >= 1; c--) {
                    post = (post + b[c]) * t[i];
                }
                out[i] -= (post - f.preSlopePerEv() * t[i]) * inv;
            }
        }
        return out;
    }

    private void checkLength(double[] mu) {
        if (mu == null || mu.length != energies.length) {
            throw new InvalidInputException("a spectrum needs one value per energy (" + energies.length + "), got "
                    + (mu == null ? "none" : Integer.toString(mu.length)));
        }
    }

    /**
     * The per-voxel fast path, for a tile of voxels at a time: fits and normalises up to {@code capacity}
     * consecutive voxels of one slice, energy-major, so every inner loop runs over contiguous voxels (the JIT
     * vectorises them) and each plane segment is read from memory once. One instance per thread.
     */
    final class Tile {
        final int capacity;
        /** Normalised range [from, to) of energy indices written to {@link #normalised}. */
        final int from;
        final int to;
        /** Per voxel: {@link #OK}, {@link #NON_FINITE}, {@link #BELOW_NOISE} or {@link #EXCLUDED}. */
        final byte[] status;
        final double[] a0;
        final double[] a1;
        final double[] jump;
        /** Normalised values, {@code [(e - from) * capacity + k]}. */
        final double[] normalised;
        private final double[] sum;
        private final double[] ss;
        private final double[] b0;
        private final double[] inv;
        /** Higher post-edge coefficients b1, b2 per voxel (only when the noise comes from the post-edge). */
        private final double[] b1;
        private final double[] b2;

        Tile(int capacity, int from, int to) {
            this.capacity = capacity;
            this.from = from;
            this.to = to;
            status = new byte[capacity];
            a0 = new double[capacity];
            a1 = new double[capacity];
            jump = new double[capacity];
            normalised = new double[Math.max(0, to - from) * capacity];
            sum = new double[capacity];
            ss = new double[capacity];
            b0 = new double[capacity];
            inv = new double[capacity];
            b1 = new double[allPost && postOrder >= 1 ? capacity : 0];
            b2 = new double[allPost && postOrder >= 2 ? capacity : 0];
        }

        /**
         * Processes plane offsets [start, start + count) of slice z.
         *
         * @param mask       nonzero = include, for voxel k at {@code mask[maskOffset + k]}; null includes all
         * @param maskOffset index in {@code mask} of the first voxel
         * @return the number of voxels with status {@link #OK}
         */
        int run(float[][][] planes, int z, int start, int count, byte[] mask, int maskOffset) {
            int included = count;
            if (mask != null) {
                included = 0;
                for (int k = 0; k < count; k++) {
                    included += mask[maskOffset + k] != 0 ? 1 : 0;
                }
                if (included == 0) {
                    java.util.Arrays.fill(status, 0, count, (byte) EXCLUDED);
                    return 0;
                }
            }
            java.util.Arrays.fill(sum, 0, count, 0);
            java.util.Arrays.fill(a0, 0, count, 0);
            java.util.Arrays.fill(a1, 0, count, 0);
            java.util.Arrays.fill(ss, 0, count, 0);
            java.util.Arrays.fill(b0, 0, count, 0);
            if (allPost) {
                java.util.Arrays.fill(b1, 0, Math.min(count, b1.length), 0);
                java.util.Arrays.fill(b2, 0, Math.min(count, b2.length), 0);
            }
            int n = energies.length;
            double[] wq = wPost[0];
            for (int e = 0; e < n; e++) {
                float[] src = planes[e][z];
                if (e >= preFrom && e < preTo) {
                    double w0 = wPre0[e - preFrom];
                    double w1 = wPre1[e - preFrom];
                    for (int k = 0; k < count; k++) {
                        double v = src[start + k];
                        sum[k] += v;
                        a0[k] += w0 * v;
                        a1[k] += w1 * v;
                    }
                } else if (e >= postFrom && e < postTo) {
                    double w = wq[e - postFrom];
                    for (int k = 0; k < count; k++) {
                        double v = src[start + k];
                        sum[k] += v;
                        b0[k] += w * v;
                    }
                    if (allPost && postOrder >= 1) {
                        double w1 = wPost[1][e - postFrom];
                        for (int k = 0; k < count; k++) {
                            b1[k] += w1 * src[start + k];
                        }
                        if (postOrder >= 2) {
                            double w2 = wPost[2][e - postFrom];
                            for (int k = 0; k < count; k++) {
                                b2[k] += w2 * src[start + k];
                            }
                        }
                    }
                } else {
                    for (int k = 0; k < count; k++) {
                        sum[k] += src[start + k];
                    }
                }
            }
            if (noiseFromPost) {
                for (int e = postFrom; e < postTo; e++) {
                    float[] src = planes[e][z];
                    double te = t[e];
                    for (int k = 0; k < count; k++) {
                        double v = postOrder == 0 ? b0[k] : postOrder == 1 ? b0[k] + b1[k] * te
                                : b0[k] + (b1[k] + b2[k] * te) * te;
                        double r = src[start + k] - v;
                        ss[k] += r * r;
                    }
                }
            } else {
                for (int e = preFrom; e < preTo; e++) {
                    float[] src = planes[e][z];
                    double te = t[e];
                    for (int k = 0; k < count; k++) {
                        double r = src[start + k] - a0[k] - a1[k] * te;
                        ss[k] += r * r;
                    }
                }
            }
            int ok = 0;
            for (int k = 0; k < count; k++) {
                byte st;
                double j = b0[k] - a0[k];
                if (mask != null && mask[maskOffset + k] == 0) {
                    st = EXCLUDED;
                } else if (!Double.isFinite(sum[k])) {
                    st = NON_FINITE;
                } else if (j > 0 && j >= k0 * Math.sqrt(ss[k] * noiseDofInv)) {
                    st = OK;
                    ok++;
                } else {
                    st = BELOW_NOISE;
                }
                status[k] = st;
                jump[k] = j;
                inv[k] = 1.0 / j;
            }
            if (ok == 0) {
                return 0;
            }
            for (int e = from; e < to; e++) {
                float[] src = planes[e][z];
                double te = t[e];
                int base = (e - from) * capacity;
                for (int k = 0; k < count; k++) {
                    normalised[base + k] = (src[start + k] - a0[k] - a1[k] * te) * inv[k];
                }
                if (flatten && te >= 0) {
                    // less ((post(E) - pre(E)) / jump - 1) = (b1 t + b2 t^2 - a1 t) / jump
                    for (int k = 0; k < count; k++) {
                        double post = postOrder == 0 ? 0 : postOrder == 1 ? b1[k] * te : (b1[k] + b2[k] * te) * te;
                        normalised[base + k] -= (post - a1[k] * te) * inv[k];
                    }
                }
            }
            return ok;
        }

        /** Copies voxel k's normalised values into {@code out[from .. to)}. */
        void gather(int k, double[] out) {
            for (int e = from; e < to; e++) {
                out[e] = normalised[(e - from) * capacity + k];
            }
        }
    }

    /** A tile processor for {@code capacity} voxels that normalises energy indices [from, to). */
    Tile tile(int capacity, int from, int to) {
        return new Tile(capacity, from, to);
    }

    /** The energies this normalisation was built for (a copy). */
    public double[] energiesEv() {
        return energies.clone();
    }

    public double e0Ev() {
        return e0;
    }

    /** k of the mask. */
    public double jumpThreshold() {
        return k0;
    }

    /** Number of energies in the pre-edge window. */
    public int preEdgePoints() {
        return preTo - preFrom;
    }

    /** Number of energies in the post-edge window. */
    public int postEdgePoints() {
        return postTo - postFrom;
    }
}
