package org.fusionj.core.xanes;

import org.fusionj.core.math.Erf;

/**
 * A model of a normalised absorption edge, fitted to one voxel's samples around its edge, from which every edge
 * definition of {@link EdgeMethod} is read off the continuous curve instead of between samples.
 *
 * <pre>
 *   m(E) = a + bL * (1/2 + atan((E - c) / g) / pi) + bG * (1/2 + erf((E - c) / (s_e sqrt 2)) / 2)
 *          + h * exp(-(E - p)^2 / (2 w^2)),     g = F / 2,  s_e = F / (2 sqrt(2 ln 2))
 * </pre>
 *
 * The step is a pseudo-Voigt step: an arctangent (Lorentzian-broadened, the core-hole lifetime) and an error function
 * (Gaussian-broadened, the monochromator) of the same centre c and full width F, mixed by their non-negative
 * amplitudes bL and bG; the white line a Gaussian of height h at p, width w. Eight parameters, four of them linear,
 * fitted over the samples in a window around a first estimate of the edge (see {@link #fit}; the 4 x 4 solves are
 * written here: EJML's per-call overhead is larger than the whole solve, and this runs once per voxel).
 * With the mixing free, arctangent, error-function and logistic edges of 1.5 to 4 eV width are all followed to
 * better than 0.04 eV at 3 eV sampling (docs/xanes.md); a step of one shape only leaves 0.2 to 0.4 eV on the others.
 *
 * <p>Bounds keep the fit physical: step amplitudes and white line non-negative, F in [{@value #MIN_WIDTH},
 * {@value #MAX_WIDTH}] eV, w in [{@value #MIN_PEAK_WIDTH}, {@value #MAX_PEAK_WIDTH}] eV, c and p inside the window
 * (p at most {@value #PEAK_BELOW_EV} eV below c). One instance per thread: it keeps its scratch arrays.
 */
final class EdgeModel {

    static final int PARAMETERS = 8;
    static final double MIN_WIDTH = 0.5;
    static final double MAX_WIDTH = 30;
    static final double MIN_PEAK_WIDTH = 0.8;
    static final double MAX_PEAK_WIDTH = 15;
    static final double PEAK_BELOW_EV = 5;
    /** Fewest samples a fit needs: one more than its parameters. */
    static final int MIN_SAMPLES = PARAMETERS + 1;
    private static final int MAX_ITERATIONS = 60;
    /**
     * A step smaller than this in every nonlinear parameter (all energies) ends the fit, eV: the maps are float
     * (5e-4 eV at 6.5 keV); 1e-4 eV took 18 % more evaluations for changes below 1e-3 eV in the figures of
     * docs/xanes.md.
     */
    private static final double STEP_TOLERANCE_EV = 1e-3;
    /**
     * An accepted step that lowers the residual sum of squares by less than this fraction of it ends the fit. At SNR
     * 50 and 14 samples that is a change of chi-square below 1e-3: the parameters then move by a few hundredths of
     * their noise SD. 1e-10 (until this release) took 11.5 model evaluations per voxel on the 20^3 SNR 50 phantom,
     * 1e-4 takes 7.4, and every accuracy figure of docs/xanes.md stays within 0.003 eV.
     */
    private static final double GAIN_TOLERANCE = 1e-4;
    private static final double SIGMA_PER_FWHM = 1 / (2 * Math.sqrt(2 * Math.log(2)));
    private static final double INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
    private static final double INV_SQRT2 = 1 / Math.sqrt(2);
    /** Grid of the scans for a crossing or a maximum before refining, eV. */
    private static final double SCAN_STEP_EV = 0.5;
    /** Refinement stops at this width of the bracket, eV (the maps are float: 5e-4 eV at 6.5 keV). */
    private static final double REFINE_TOLERANCE_EV = 1e-5;

    // parameter indices; energies are relative to the origin (the first estimate of the edge)
    private static final int A = 0;
    private static final int BL = 1;
    private static final int BG = 2;
    private static final int C = 3;
    private static final int F = 4;
    private static final int H = 5;
    private static final int P = 6;
    private static final int W = 7;

    private static final int NONLINEAR = 4;
    private static final int LINEAR = 4;

    /** The fitted parameters (a, bL, bG, c, F, h, p, w), energies relative to the origin. */
    private final double[] q = new double[PARAMETERS];
    // nonlinear parameters c, F, p, w: current and trial; the linear ones follow from them
    private final double[] th = new double[NONLINEAR];
    private final double[] trial = new double[NONLINEAR];
    private final double[] beta = new double[LINEAR];
    private final double[] trialBeta = new double[LINEAR];
    private final double[] x;
    private final double[] y;
    /** Basis values [i * 4 + k] (1, arctan step, erf step, Gaussian) and their derivatives' building blocks. */
    private final double[] phi;
    private final double[] ua;
    private final double[] ue;
    /** exp(-ue^2 / 2) per sample. */
    private final double[] ge;
    private final double[] v;
    private final double[] res;
    private final double[] jac;
    // the linear solve's active set: columns in use, their Gram inverse
    private final int[] active = new int[LINEAR];
    private final int[] cols = new int[LINEAR];
    private int candidateCount;
    /** The winning set of the last linear solve (bits: bL, bG, h), or -1. */
    private int lastSet = -1;
    private int activeCount;
    private final double[] gramInverse = new double[LINEAR * LINEAR];
    private final double[] gram = new double[LINEAR * LINEAR];
    private final double[] rhs = new double[LINEAR];
    private final double[] sub = new double[LINEAR * LINEAR];
    private final double[] subInverse = new double[LINEAR * LINEAR];
    private final double[] linv = new double[LINEAR * LINEAR];
    private final double[] coef = new double[LINEAR];
    private final double[] hess = new double[NONLINEAR * NONLINEAR];
    private final double[] grad = new double[NONLINEAR];
    private final double[] chol = new double[NONLINEAR * NONLINEAR];
    private final double[] step = new double[NONLINEAR];
    private final double[] dd = new double[LINEAR * NONLINEAR];
    private final double[] cc = new double[LINEAR * NONLINEAR];
    private double yy;
    /** The white line's width held fixed (fixedWidth) or pulled towards priorCentre with weight priorWeight. */
    private boolean fixedWidth;
    private double priorCentre;
    private double priorWeight;
    /** Residual sum of squares of the last fit (without the prior's term). */
    private double lastRss;
    private double origin;
    private double lo;
    private double hi;
    private int m;

    /** @param capacity most samples one fit will see */
    EdgeModel(int capacity) {
        x = new double[capacity];
        y = new double[capacity];
        phi = new double[capacity * LINEAR];
        ua = new double[capacity];
        ue = new double[capacity];
        ge = new double[capacity];
        v = new double[capacity];
        res = new double[capacity];
        jac = new double[capacity * NONLINEAR];
    }

    /**
     * Fits the normalised samples {@code n[from, to)} at energies {@code e[from, to)}: Levenberg-Marquardt on the
     * four nonlinear parameters (c, F, p, w) with the four linear ones (a, bL, bG, h) solved exactly at every step
     * (variable projection, Kaufman's Jacobian; the non-negative ones by enumerating their active sets), which
     * converges in a few steps where a fit of all eight crawls along the bounds.
     *
     * @param guess first estimate of the edge (eV): the origin of the fit and the step's starting centre
     * @return false when the fit failed (too few samples, a non-finite value); the model is then undefined
     */
    boolean fit(double[] e, double[] n, int from, int to, double guess) {
        return fit(e, n, from, to, guess, Double.NaN, 0);
    }

    /**
     * As {@link #fit(double[], double[], int, int, double)}, with the white line's width w shared between voxels:
     * with {@code weight} infinite w is held at {@code width}; with a finite positive weight the residual sum of
     * squares gains {@code weight (w - width)^2} (a Gaussian prior in units of the voxel's noise variance: weight =
     * sigma^2 / tau^2); NaN width or zero weight is the free fit.
     */
    boolean fit(double[] e, double[] n, int from, int to, double guess, double width, double weight) {
        boolean shared = Double.isFinite(width) && weight > 0;
        fixedWidth = shared && Double.isInfinite(weight);
        priorCentre = shared ? Math.min(MAX_PEAK_WIDTH, Math.max(MIN_PEAK_WIDTH, width)) : Double.NaN;
        priorWeight = shared && !fixedWidth ? weight : 0;
        m = to - from;
        if (m < MIN_SAMPLES || m > res.length) {
            return false;
        }
        origin = guess;
        lo = e[from] - guess;
        hi = e[to - 1] - guess;
        double peak = -Double.MAX_VALUE;
        double peakAt = Math.min(hi, 8);
        yy = 0;
        for (int i = 0; i < m; i++) {
            x[i] = e[from + i] - guess;
            y[i] = n[from + i];
            if (!Double.isFinite(y[i])) {
                return false;
            }
            yy += y[i] * y[i];
            if (x[i] > 0 && x[i] <= 20 && y[i] > peak) {
                peak = y[i];
                peakAt = x[i];
            }
        }
        // the step's width from the steepest sampled rise near the guess: an arctangent of unit height rises at most
        // 1 / (pi g), g = F / 2
        double slope = 0;
        for (int i = 0; i + 1 < m; i++) {
            if (Math.abs(x[i] + x[i + 1]) <= 8) {
                slope = Math.max(slope, (y[i + 1] - y[i]) / (x[i + 1] - x[i]));
            }
        }
        th[0] = 0;
        th[1] = slope > 0 ? Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, 2 / (Math.PI * slope))) : 4;
        th[2] = peakAt;
        th[3] = shared ? priorCentre : 3.5;
        return iterate();
    }

    /**
     * Fits the samples of the last {@link #fit} again from its solution, with the white line's width shared as in
     * {@link #fit(double[], double[], int, int, double, double, double)}. Starting from the free fit keeps the
     * refit in the free fit's basin: where the prior is weak (noise-free data) the answer stays the free fit's.
     */
    boolean refit(double width, double weight) {
        boolean shared = Double.isFinite(width) && weight > 0;
        fixedWidth = shared && Double.isInfinite(weight);
        priorCentre = shared ? Math.min(MAX_PEAK_WIDTH, Math.max(MIN_PEAK_WIDTH, width)) : Double.NaN;
        priorWeight = shared && !fixedWidth ? weight : 0;
        th[0] = q[C];
        th[1] = q[F];
        th[2] = q[P];
        th[3] = q[W];
        return iterate();
    }

    /** Levenberg-Marquardt from th over the samples in x, y. */
    private boolean iterate() {
        project(th);
        lastSet = -1;
        double cost = evaluate(th, beta) + penalty(th);
        if (Double.isFinite(cost)) {
            jacobian(th, beta);
        }
        double lambda = 1e-3;
        for (int it = 0; it < MAX_ITERATIONS && Double.isFinite(cost); it++) {
            normalEquations();
            boolean accepted = false;
            while (lambda <= 1e10) {
                if (!solveDamped(lambda)) {
                    lambda *= 10;
                    continue;
                }
                boolean small = true;
                for (int k = 0; k < NONLINEAR; k++) {
                    trial[k] = th[k] + step[k];
                    small &= Math.abs(step[k]) <= STEP_TOLERANCE_EV;
                }
                project(trial);
                double c = evaluate(trial, trialBeta) + penalty(trial);
                if (c < cost) {
                    double gain = cost - c;
                    System.arraycopy(trial, 0, th, 0, NONLINEAR);
                    System.arraycopy(trialBeta, 0, beta, 0, LINEAR);
                    cost = c;
                    jacobian(th, beta);
                    lambda = Math.max(lambda * 0.1, 1e-9);
                    accepted = true;
                    if (small || gain <= GAIN_TOLERANCE * cost + 1e-30) {
                        return store();
                    }
                    break;
                }
                if (small) {
                    return store();
                }
                lambda *= 10;
            }
            if (!accepted) {
                break;
            }
        }
        return store();
    }

    /** The prior's term of the cost at the nonlinear parameters p (0 without one). */
    private double penalty(double[] p) {
        if (priorWeight == 0) {
            return 0;
        }
        double d = p[3] - priorCentre;
        return priorWeight * d * d;
    }

    /** The fitted white line's height h (normalised units). */
    double peakHeight() {
        return q[H];
    }

    /** The fitted white line's width w (the Gaussian's SD), eV. */
    double peakWidth() {
        return q[W];
    }

    /** The last fit's residual sum of squares (the prior's term left out). */
    double residualSumOfSquares() {
        return lastRss;
    }

    /** Samples in the last fit. */
    int sampleCount() {
        return m;
    }

    /** Copies the nonlinear and linear parameters into q; false when any is not finite. */
    private boolean store() {
        lastRss = Double.NaN;
        if (Double.isFinite(th[0])) {
            // the residuals of the accepted point are in res (jacobian keeps them)
            double r = 0;
            for (int i = 0; i < m; i++) {
                r += res[i] * res[i];
            }
            lastRss = r;
        }
        q[A] = beta[0];
        q[BL] = beta[1];
        q[BG] = beta[2];
        q[H] = beta[3];
        q[C] = th[0];
        q[F] = th[1];
        q[P] = th[2];
        q[W] = th[3];
        for (double p : q) {
            if (!Double.isFinite(p)) {
                return false;
            }
        }
        return true;
    }

    /** Keeps the nonlinear parameters physical (see the class comment). */
    private void project(double[] p) {
        p[0] = Math.min(hi, Math.max(lo, p[0]));
        p[1] = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, p[1]));
        p[2] = Math.min(hi, Math.max(Math.max(lo, p[0] - PEAK_BELOW_EV), p[2]));
        p[3] = fixedWidth ? priorCentre : Math.min(MAX_PEAK_WIDTH, Math.max(MIN_PEAK_WIDTH, p[3]));
    }

    /**
     * The basis at the nonlinear parameters p, the best linear coefficients into {@code b}; returns the residual sum
     * of squares. Keeps what {@link #jacobian} needs at p.
     */
    private double evaluate(double[] p, double[] b) {
        double c = p[0];
        double g = 0.5 * p[1];
        double se = SIGMA_PER_FWHM * p[1];
        double pk = p[2];
        double w = p[3];
        // the Gram matrix and Phi^T y in local sums (the JIT keeps them in registers; the order of the sums over i is
        // that of the array version, so the results are bit-identical); phi[o] = 1
        double g10 = 0, g20 = 0, g30 = 0, g11 = 0, g21 = 0, g22 = 0, g31 = 0, g32 = 0, g33 = 0;
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < m; i++) {
            double dx = x[i] - c;
            double a = dx / g;
            double z = dx / se;
            double vv = (x[i] - pk) / w;
            double p1 = 0.5 + Math.atan(a) / Math.PI;
            // exp(-z^2 / 2) serves the error function here and its derivative in the Jacobian
            double gz = Math.exp(-0.5 * z * z);
            double p2 = 0.5 * (1 + Erf.erf(z * INV_SQRT2, gz));
            double p3 = Math.exp(-0.5 * vv * vv);
            int o = i * LINEAR;
            phi[o] = 1;
            phi[o + 1] = p1;
            phi[o + 2] = p2;
            phi[o + 3] = p3;
            ua[i] = a;
            ue[i] = z;
            ge[i] = gz;
            v[i] = vv;
            double yi = y[i];
            s0 += yi;
            s1 += p1 * yi;
            s2 += p2 * yi;
            s3 += p3 * yi;
            g10 += p1;
            g20 += p2;
            g30 += p3;
            g11 += p1 * p1;
            g21 += p2 * p1;
            g22 += p2 * p2;
            g31 += p3 * p1;
            g32 += p3 * p2;
            g33 += p3 * p3;
        }
        double[] gm = gram;
        gm[0] = m;
        gm[1] = g10;
        gm[2] = g20;
        gm[3] = g30;
        gm[4] = g10;
        gm[5] = g11;
        gm[6] = g21;
        gm[7] = g31;
        gm[8] = g20;
        gm[9] = g21;
        gm[10] = g22;
        gm[11] = g32;
        gm[12] = g30;
        gm[13] = g31;
        gm[14] = g32;
        gm[15] = g33;
        rhs[0] = s0;
        rhs[1] = s1;
        rhs[2] = s2;
        rhs[3] = s3;
        return solveLinear(b);
    }

    /**
     * The residuals and the projected Jacobian at the point of the last {@link #evaluate} (p, with its linear
     * coefficients b): the basis, its building blocks and the linear solve's active set are still those of p, so
     * an accepted step costs one evaluation, not two.
     */
    private void jacobian(double[] p, double[] b) {
        double g = 0.5 * p[1];
        double se = SIGMA_PER_FWHM * p[1];
        double w = p[3];
        double invF = 1 / p[1];
        double b0 = b[0];
        double b1 = b[1];
        double b2 = b[2];
        double b3 = b[3];
        int na = activeCount;
        // one pass: residuals, the unprojected columns dPhi/dth_k b, and D[a][k] = Phi_A^T (dPhi/dth_k b)
        java.util.Arrays.fill(dd, 0);
        for (int i = 0; i < m; i++) {
            int o = i * LINEAR;
            double p3 = phi[o + 3];
            res[i] = y[i] - (b0 + b1 * phi[o + 1] + b2 * phi[o + 2] + b3 * p3);
            double ai = ua[i];
            double ei = ue[i];
            double vi = v[i];
            double sa = 1 / (Math.PI * (1 + ai * ai));
            double sg = INV_SQRT_2PI * ge[i];
            int oj = i * NONLINEAR;
            double j0 = -b1 * sa / g - b2 * sg / se;
            double j1 = -(b1 * sa * ai + b2 * sg * ei) * invF;
            double j2 = b3 * p3 * vi / w;
            double j3 = b3 * p3 * vi * vi / w;
            jac[oj] = j0;
            jac[oj + 1] = j1;
            jac[oj + 2] = j2;
            jac[oj + 3] = j3;
            for (int a = 0; a < na; a++) {
                double pa = phi[o + active[a]];
                int od = a * NONLINEAR;
                dd[od] += pa * j0;
                dd[od + 1] += pa * j1;
                dd[od + 2] += pa * j2;
                dd[od + 3] += pa * j3;
            }
        }
        // Kaufman: column k of the Jacobian is (I - Phi_A G_A^-1 Phi_A^T) (dPhi/dth_k) b; C = G_A^-1 D
        for (int a = 0; a < na; a++) {
            for (int k = 0; k < NONLINEAR; k++) {
                double u = 0;
                for (int t = 0; t < na; t++) {
                    u += gramInverse[a * LINEAR + t] * dd[t * NONLINEAR + k];
                }
                cc[a * NONLINEAR + k] = u;
            }
        }
        for (int i = 0; i < m; i++) {
            int o = i * LINEAR;
            int oj = i * NONLINEAR;
            for (int k = 0; k < NONLINEAR; k++) {
                double proj = 0;
                for (int a = 0; a < na; a++) {
                    proj += phi[o + active[a]] * cc[a * NONLINEAR + k];
                }
                jac[oj + k] -= proj;
            }
        }
    }

    /**
     * Least squares of the basis onto the data with the step and peak amplitudes non-negative: the constant is
     * always in; of the 8 subsets of the three others, the feasible solution of least residual wins (the optimum
     * of this convex problem is one of them). Remembers the winner's columns and Gram inverse for the Jacobian.
     */
    private double solveLinear(double[] b) {
        // warm start: the last winning set, if its solution is feasible and no left-out amplitude would lower the
        // residual (the optimality conditions), is the optimum again; it usually is, from one step to the next
        if (lastSet >= 0) {
            double r = trySet(lastSet, true);
            if (!Double.isNaN(r)) {
                adopt(b, r);
                return Math.max(0, r);
            }
        }
        double best = Double.POSITIVE_INFINITY;
        int bestSet = -1;
        for (int set = 7; set >= 0; set--) {
            double r = trySet(set, false);
            if (!Double.isNaN(r) && r < best) {
                best = r;
                bestSet = set;
                adopt(b, r);
            }
            if (set == 7 && bestSet == 7) {
                // the full set's solution is feasible: it is the optimum
                break;
            }
        }
        lastSet = bestSet;
        return bestSet < 0 ? Double.NaN : Math.max(0, best);
    }

    /** Takes the candidate of {@link #trySet} (in cols, coef, subInverse) as the solution. */
    private void adopt(double[] b, double r) {
        activeCount = candidateCount;
        java.util.Arrays.fill(b, 0);
        for (int a = 0; a < candidateCount; a++) {
            active[a] = cols[a];
            b[cols[a]] = coef[a];
        }
        System.arraycopy(subInverse, 0, gramInverse, 0, LINEAR * LINEAR);
    }

    /**
     * The least-squares solution on the columns of {@code set} (the constant plus the amplitudes whose bits are
     * set) into cols, coef, subInverse; returns its residual sum of squares, or NaN when it is infeasible, singular,
     * or (with {@code optimal}) a left-out amplitude would lower the residual.
     */
    private double trySet(int set, boolean optimal) {
        int k = 1;
        cols[0] = 0;
        for (int j = 0; j < 3; j++) {
            if ((set & (1 << j)) != 0) {
                cols[k++] = j + 1;
            }
        }
        candidateCount = k;
        if (!invertSub(cols, k)) {
            return Double.NaN;
        }
        for (int a = 0; a < k; a++) {
            double u = 0;
            for (int s = 0; s < k; s++) {
                u += subInverse[a * LINEAR + s] * rhs[cols[s]];
            }
            coef[a] = u;
            if (a > 0 && u < 0) {
                return Double.NaN;
            }
        }
        if (optimal) {
            for (int j = 1; j < LINEAR; j++) {
                if ((set & (1 << (j - 1))) != 0) {
                    continue;
                }
                double w = rhs[j];
                for (int a = 0; a < k; a++) {
                    w -= gram[j * LINEAR + cols[a]] * coef[a];
                }
                if (w > 0) {
                    return Double.NaN;
                }
            }
        }
        double fit = 0;
        for (int a = 0; a < k; a++) {
            fit += coef[a] * rhs[cols[a]];
        }
        // for the least-squares solution on its columns, |y - Phi c|^2 = y.y - c . Phi^T y
        return yy - fit;
    }

    /**
     * Inverts the Gram block of columns cols[0..k) into subInverse through its Cholesky factor (the block is
     * symmetric positive semi-definite: a third of the work of Gauss-Jordan with pivoting);
     * false when singular (a pivot below 1e-12 of the largest diagonal entry).
     */
    private boolean invertSub(int[] cols, int k) {
        double scale = 0;
        for (int a = 0; a < k; a++) {
            scale = Math.max(scale, gram[cols[a] * LINEAR + cols[a]]);
        }
        double[] l = sub;
        // L (lower, row-major in sub): A = L L^T
        for (int a = 0; a < k; a++) {
            int ca = cols[a] * LINEAR;
            for (int b = 0; b <= a; b++) {
                double val = gram[ca + cols[b]];
                for (int t = 0; t < b; t++) {
                    val -= l[a * LINEAR + t] * l[b * LINEAR + t];
                }
                if (a == b) {
                    if (!(val > 1e-12 * scale)) {
                        return false;
                    }
                    l[a * LINEAR + a] = Math.sqrt(val);
                } else {
                    l[a * LINEAR + b] = val / l[b * LINEAR + b];
                }
            }
        }
        // M = L^-1 (lower)
        double[] mi = linv;
        for (int a = 0; a < k; a++) {
            mi[a * LINEAR + a] = 1 / l[a * LINEAR + a];
            for (int b = 0; b < a; b++) {
                double val = 0;
                for (int t = b; t < a; t++) {
                    val -= l[a * LINEAR + t] * mi[t * LINEAR + b];
                }
                mi[a * LINEAR + b] = val * mi[a * LINEAR + a];
            }
        }
        // A^-1 = M^T M
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double val = 0;
                for (int t = a; t < k; t++) {
                    val += mi[t * LINEAR + a] * mi[t * LINEAR + b];
                }
                subInverse[a * LINEAR + b] = val;
                subInverse[b * LINEAR + a] = val;
            }
        }
        return true;
    }

    private void normalEquations() {
        java.util.Arrays.fill(hess, 0);
        java.util.Arrays.fill(grad, 0);
        // with the width held, its column is left out (its step is then zero)
        int free = fixedWidth ? NONLINEAR - 1 : NONLINEAR;
        for (int i = 0; i < m; i++) {
            int o = i * NONLINEAR;
            double r = res[i];
            for (int a = 0; a < free; a++) {
                double ja = jac[o + a];
                grad[a] += ja * r;
                for (int b = 0; b <= a; b++) {
                    hess[a * NONLINEAR + b] += ja * jac[o + b];
                }
            }
        }
        if (priorWeight > 0) {
            // the prior's residual sqrt(k) (width - w), its Jacobian sqrt(k) on w
            hess[3 * NONLINEAR + 3] += priorWeight;
            grad[3] += priorWeight * (priorCentre - th[3]);
        }
    }

    /** Solves (H + lambda diag H) step = grad by Cholesky; false when not positive definite. */
    private boolean solveDamped(double lambda) {
        int k = NONLINEAR;
        for (int a = 0; a < k; a++) {
            for (int b = 0; b <= a; b++) {
                double val = hess[a * k + b];
                if (a == b) {
                    val = val * (1 + lambda) + 1e-12;
                }
                for (int j = 0; j < b; j++) {
                    val -= chol[a * k + j] * chol[b * k + j];
                }
                if (a == b) {
                    if (!(val > 0)) {
                        return false;
                    }
                    chol[a * k + a] = Math.sqrt(val);
                } else {
                    chol[a * k + b] = val / chol[b * k + b];
                }
            }
        }
        for (int a = 0; a < k; a++) {
            double val = grad[a];
            for (int j = 0; j < a; j++) {
                val -= chol[a * k + j] * step[j];
            }
            step[a] = val / chol[a * k + a];
        }
        for (int a = k - 1; a >= 0; a--) {
            double val = step[a];
            for (int j = a + 1; j < k; j++) {
                val -= chol[j * k + a] * step[j];
            }
            step[a] = val / chol[a * k + a];
        }
        return true;
    }

    /** The fitted model at energy {@code energyEv}. */
    double value(double energyEv) {
        return valueAt(energyEv - origin);
    }

    private double valueAt(double t) {
        double d = t - q[C];
        double v = (t - q[P]) / q[W];
        return q[A] + q[BL] * (0.5 + Math.atan(d / (0.5 * q[F])) / Math.PI)
                + q[BG] * 0.5 * (1 + Erf.erf(d / (SIGMA_PER_FWHM * q[F]) * INV_SQRT2))
                + q[H] * Math.exp(-0.5 * v * v);
    }

    private double derivativeAt(double t) {
        double g = 0.5 * q[F];
        double se = SIGMA_PER_FWHM * q[F];
        double d = t - q[C];
        double ua = d / g;
        double ue = d / se;
        double v = (t - q[P]) / q[W];
        return q[BL] / (Math.PI * (1 + ua * ua) * g) + q[BG] * INV_SQRT_2PI * Math.exp(-0.5 * ue * ue) / se
                - q[H] * Math.exp(-0.5 * v * v) * v / q[W];
    }

    /**
     * The first upward crossing of {@code level} in [from, to] (absolute eV), found on a {@value #SCAN_STEP_EV} eV
     * scan and refined by bisection; NaN when there is none.
     */
    double crossing(double level, double fromEv, double toEv) {
        double a = fromEv - origin;
        double end = toEv - origin;
        double fa = valueAt(a) - level;
        while (a < end) {
            double b = Math.min(end, a + SCAN_STEP_EV);
            double fb = valueAt(b) - level;
            if (fa < 0 && fb >= 0) {
                double l = a;
                double r = b;
                while (r - l > REFINE_TOLERANCE_EV) {
                    double mid = 0.5 * (l + r);
                    double fm = valueAt(mid) - level;
                    if (fm < 0) {
                        l = mid;
                    } else {
                        r = mid;
                    }
                }
                return origin + 0.5 * (l + r);
            }
            a = b;
            fa = fb;
        }
        return Double.NaN;
    }

    /**
     * The inflection point of the edge step alone (absolute eV): where the derivative of the step, without the white
     * line, is largest. Both step shapes are symmetric about the common centre c, so that is c. Unlike the maximum
     * of the whole model's derivative, it moves continuously with the data: where the white line's rising flank is
     * about as steep as the step, the whole derivative has two maxima of nearly equal height and noise picks one.
     */
    double stepCentre() {
        return origin + q[C];
    }

    /** Energy of the largest value in [from, to] (absolute eV). */
    double argmaxValue(double fromEv, double toEv) {
        return origin + argmax(false, fromEv - origin, toEv - origin);
    }

    private double f(boolean derivative, double t) {
        return derivative ? derivativeAt(t) : valueAt(t);
    }

    /** Scan on a {@value #SCAN_STEP_EV} eV grid, then golden-section search around the best grid point. */
    private double argmax(boolean derivative, double a, double b) {
        int steps = Math.max(1, (int) Math.ceil((b - a) / SCAN_STEP_EV));
        double h = (b - a) / steps;
        int best = 0;
        double bestV = f(derivative, a);
        for (int i = 1; i <= steps; i++) {
            double v = f(derivative, a + i * h);
            if (v > bestV) {
                bestV = v;
                best = i;
            }
        }
        double l = a + Math.max(0, best - 1) * h;
        double r = a + Math.min(steps, best + 1) * h;
        double gr = (Math.sqrt(5) - 1) / 2;
        double c1 = r - gr * (r - l);
        double c2 = l + gr * (r - l);
        double f1 = f(derivative, c1);
        double f2 = f(derivative, c2);
        while (r - l > REFINE_TOLERANCE_EV) {
            if (f1 > f2) {
                r = c2;
                c2 = c1;
                f2 = f1;
                c1 = r - gr * (r - l);
                f1 = f(derivative, c1);
            } else {
                l = c1;
                c1 = c2;
                f1 = f2;
                c2 = l + gr * (r - l);
                f2 = f(derivative, c2);
            }
        }
        return 0.5 * (l + r);
    }
}
