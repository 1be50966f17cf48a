package org.fusionj.core.xanes;

import org.fusionj.core.InvalidInputException;

/**
 * The per-voxel edge-energy estimators of {@link EdgeMethod}, with every operator that depends only on the
 * energies precomputed once. Each method reads the normalised spectrum {@code n[0 .. energies)} (only the index
 * range {@link #needFrom()} to {@link #needTo()} has to be filled) and returns an energy in eV, or NaN.
 *
 * <p>With {@link EdgeEstimator#FIT} the half-height, maximum-derivative and white-line estimates are read off an
 * {@link EdgeModel} fitted around the voxel's linear half-height crossing (the maximum derivative as the inflection
 * point of the fitted step, the white line excluded: see {@link EdgeMethod#MAX_DERIVATIVE}); with {@link EdgeEstimator#INTERPOLATE}
 * they interpolate between samples. The local cubic ({@link EdgeMethod#HALF_HEIGHT_CUBIC}) always interpolates.
 *
 * <p>An estimate that lies beyond the outermost sample inside its window (within {@value #LIMIT_TOLERANCE_EV} eV)
 * is "at the window limit": the window cut it off or it was extrapolated. {@link #atEdgeLimit} and
 * {@link #atWhiteLineLimit} tell; the mapper leaves such values out of the maps and flags the voxel.
 */
final class EdgeEstimators {

    /** Half-height level of the normalised spectrum. */
    static final double HALF = 0.5;
    private static final int NEWTON_ITERATIONS = 60;
    /** Newton stops below this step in the scaled variable (about 1e-6 eV; the maps are float, 5e-4 eV at 6.5 keV). */
    private static final double NEWTON_TOLERANCE = 2e-7;
    /** Samples below the bracket used by the cubic (j - 1). */
    static final int CUBIC_BELOW = 1;
    /** Samples above the bracket used by the cubic (j + 2). */
    static final int CUBIC_ABOVE = 1;
    /** Samples each side of the maximum used by the white-line parabola. */
    static final int QUAD_HALF = 1;
    /** How close to the outermost sample inside a window an estimate may come before it counts as at the limit. */
    static final double LIMIT_TOLERANCE_EV = 1e-3;

    private final double[] e;
    private final int n;
    // edge window (absolute, closed) and its sample range [edgeFrom, edgeTo)
    private final double edgeLo;
    private final double edgeHi;
    private final int pairFrom;
    private final int pairTo;
    // cubic fits, per bracket j in [pairFrom, pairTo)
    private final int[] cubicFrom;
    private final int[] cubicCount;
    private final double[][] cubicOp;
    private final double[] cubicCentre;
    private final double[] cubicScale;
    // derivative: midpoints and inverse spacings, window over midpoints [derivFrom, derivTo)
    private final double[] mid;
    private final double[] invStep;
    private final int derivFrom;
    private final int derivTo;
    // white line
    private final double wlLo;
    private final double wlHi;
    private final int wlFrom;
    private final int wlTo;
    private final int[] quadFrom;
    private final int[] quadCount;
    private final double[][] quadOp;
    private final double[] quadScale;
    private final int needFrom;
    private final int needTo;
    // the fit, and the outermost samples inside the windows (for the limit test)
    private final boolean fits;
    private final double e0;
    private final double fitFromEv;
    private final double fitToEv;
    private final double edgeFirst;
    private final double edgeLast;
    private final double wlFirst;
    private final double wlLast;

    EdgeEstimators(double[] energies, XanesParameters p) {
        this.e = energies;
        this.n = energies.length;
        double e0 = p.e0Ev();
        this.e0 = e0;
        fits = p.edgeEstimator() == EdgeEstimator.FIT && (p.has(EdgeMethod.HALF_HEIGHT)
                || p.has(EdgeMethod.MAX_DERIVATIVE) || p.has(EdgeMethod.WHITE_LINE));
        fitFromEv = p.edgeFitWindow().fromEv();
        fitToEv = p.edgeFitWindow().toEv();
        boolean edgeMethods = p.has(EdgeMethod.HALF_HEIGHT) || p.has(EdgeMethod.HALF_HEIGHT_CUBIC)
                || p.has(EdgeMethod.MAX_DERIVATIVE) || fits;
        int lo = n;
        int hi = 0;
        edgeLo = p.edgeWindow().from(e0);
        edgeHi = p.edgeWindow().to(e0);
        if (edgeMethods) {
            int[] w = XanesNormalisation.windowIndices(energies, e0, p.edgeWindow(), "edge window");
            if (w[1] - w[0] < 2) {
                throw new InvalidInputException("the edge window " + p.edgeWindow().describe(e0) + " holds "
                        + (w[1] - w[0]) + (w[1] - w[0] == 1 ? " energy" : " energies")
                        + "; the edge-energy search needs at least 2 (widen edge_window)");
            }
            // bracketing pairs (j, j + 1) that can hold a crossing inside the window
            pairFrom = Math.max(0, w[0] - 1);
            pairTo = Math.min(n - 1, w[1]);
            // midpoints inside the window
            mid = new double[n - 1];
            invStep = new double[n - 1];
            for (int j = 0; j < n - 1; j++) {
                mid[j] = 0.5 * (e[j] + e[j + 1]);
                invStep[j] = 1.0 / (e[j + 1] - e[j]);
            }
            int df = 0;
            while (df < n - 1 && mid[df] < edgeLo - XanesNormalisation.ENERGY_TOLERANCE_EV) {
                df++;
            }
            int dt = df;
            while (dt < n - 1 && mid[dt] <= edgeHi + XanesNormalisation.ENERGY_TOLERANCE_EV) {
                dt++;
            }
            derivFrom = df;
            derivTo = dt;
            if (p.has(EdgeMethod.MAX_DERIVATIVE) && derivTo <= derivFrom) {
                throw new InvalidInputException("the edge window " + p.edgeWindow().describe(e0)
                        + " holds no midpoint between two energies; widen edge_window");
            }
            lo = Math.min(lo, Math.max(0, pairFrom - 2));
            hi = Math.max(hi, Math.min(n, pairTo + 4));
            lo = Math.min(lo, Math.max(0, derivFrom - 1));
            hi = Math.max(hi, Math.min(n, derivTo + 3));
            edgeFirst = e[w[0]];
            edgeLast = e[w[1] - 1];
        } else {
            edgeFirst = Double.NaN;
            edgeLast = Double.NaN;
            pairFrom = 0;
            pairTo = 0;
            mid = null;
            invStep = null;
            derivFrom = 0;
            derivTo = 0;
        }
        if (p.has(EdgeMethod.HALF_HEIGHT_CUBIC)) {
            int count = pairTo - pairFrom;
            cubicFrom = new int[count];
            cubicCount = new int[count];
            cubicOp = new double[count][];
            cubicCentre = new double[count];
            cubicScale = new double[count];
            for (int b = 0; b < count; b++) {
                int j = pairFrom + b;
                int from = Math.max(0, j - CUBIC_BELOW);
                int to = Math.min(n, j + 2 + CUBIC_ABOVE);
                cubicFrom[b] = from;
                cubicCount[b] = to - from;
                if (to - from < 4) {
                    continue;
                }
                double centre = 0.5 * (e[j] + e[j + 1]);
                double scale = 0.5 * (e[to - 1] - e[from]);
                double[][] x = new double[to - from][4];
                for (int i = from; i < to; i++) {
                    double u = (e[i] - centre) / scale;
                    x[i - from] = new double[] {1, u, u * u, u * u * u};
                }
                cubicOp[b] = flatten(SmallMatrices.pseudoInverse(x));
                cubicCentre[b] = centre;
                cubicScale[b] = scale;
            }
        } else {
            cubicFrom = null;
            cubicCount = null;
            cubicOp = null;
            cubicCentre = null;
            cubicScale = null;
        }
        wlLo = p.whiteLineWindow().from(e0);
        wlHi = p.whiteLineWindow().to(e0);
        if (p.has(EdgeMethod.WHITE_LINE)) {
            int[] w = XanesNormalisation.windowIndices(energies, e0, p.whiteLineWindow(), "white-line window");
            if (w[1] - w[0] < 3) {
                throw new InvalidInputException("the white-line window " + p.whiteLineWindow().describe(e0)
                        + " holds " + (w[1] - w[0]) + (w[1] - w[0] == 1 ? " energy" : " energies")
                        + "; the white-line peak fit needs at least 3 (widen white_line_window)");
            }
            wlFrom = w[0];
            wlTo = w[1];
            int count = wlTo - wlFrom;
            quadFrom = new int[count];
            quadCount = new int[count];
            quadOp = new double[count][];
            quadScale = new double[count];
            for (int b = 0; b < count; b++) {
                int j = wlFrom + b;
                int from = Math.max(0, j - QUAD_HALF);
                int to = Math.min(n, j + QUAD_HALF + 1);
                quadFrom[b] = from;
                quadCount[b] = to - from;
                if (to - from < 3) {
                    continue;
                }
                double scale = Math.max(e[to - 1] - e[j], e[j] - e[from]);
                double[][] x = new double[to - from][3];
                for (int i = from; i < to; i++) {
                    double u = (e[i] - e[j]) / scale;
                    x[i - from] = new double[] {1, u, u * u};
                }
                quadOp[b] = flatten(SmallMatrices.pseudoInverse(x));
                quadScale[b] = scale;
            }
            lo = Math.min(lo, Math.max(0, wlFrom - 2));
            hi = Math.max(hi, Math.min(n, wlTo + 2));
            wlFirst = e[wlFrom];
            wlLast = e[wlTo - 1];
        } else {
            wlFirst = Double.NaN;
            wlLast = Double.NaN;
            wlFrom = 0;
            wlTo = 0;
            quadFrom = null;
            quadCount = null;
            quadOp = null;
            quadScale = null;
        }
        if (fits) {
            int[] around = windowRange(e0 + fitFromEv, e0 + fitToEv);
            if (around[1] - around[0] < EdgeModel.MIN_SAMPLES) {
                throw new InvalidInputException("the edge fit window " + p.edgeFitWindow().describe(e0) + " holds "
                        + (around[1] - around[0]) + (around[1] - around[0] == 1 ? " energy" : " energies")
                        + "; the edge model needs at least "
                        + EdgeModel.MIN_SAMPLES + " (widen edge_fit_window, sample the edge more densely, or use "
                        + "edge_estimator=interpolate)");
            }
            int[] reach = windowRange(p.edgeWindow().from(e0) + fitFromEv, p.edgeWindow().to(e0) + fitToEv);
            lo = Math.min(lo, reach[0]);
            hi = Math.max(hi, reach[1]);
        }
        needFrom = lo >= hi ? 0 : lo;
        needTo = lo >= hi ? 0 : hi;
    }

    /** Indices [from, to) of the energies in the closed range [a, b] (clamped to the measured ones). */
    private int[] windowRange(double a, double b) {
        double tol = XanesNormalisation.ENERGY_TOLERANCE_EV;
        int from = 0;
        while (from < n && e[from] < a - tol) {
            from++;
        }
        int to = from;
        while (to < n && e[to] <= b + tol) {
            to++;
        }
        return new int[] {from, to};
    }

    /** Whether the fitted model serves the half-height, maximum-derivative and white-line maps. */
    boolean fits() {
        return fits;
    }

    /**
     * Fits the edge model to the voxel's normalised spectrum around its first estimate (the linear half-height
     * crossing in the edge window, else E0).
     *
     * @return false when the fit failed (the estimates are then NaN)
     */
    boolean fit(double[] s, EdgeModel model) {
        int j = halfHeightBracket(s);
        double guess = j < 0 ? e0 : halfHeightLinear(s, j);
        int[] w = windowRange(guess + fitFromEv, guess + fitToEv);
        return model.fit(e, s, w[0], w[1], guess);
    }

    /**
     * As {@link #fit(double[], EdgeModel)}, with the white line's width shared between voxels (see
     * {@link EdgeModel#fit(double[], double[], int, int, double, double, double)}): held at {@code width} when
     * {@code weight} is infinite, pulled towards it with {@code weight} otherwise.
     */
    boolean fit(double[] s, EdgeModel model, double width, double weight) {
        int j = halfHeightBracket(s);
        double guess = j < 0 ? e0 : halfHeightLinear(s, j);
        int[] w = windowRange(guess + fitFromEv, guess + fitToEv);
        return model.fit(e, s, w[0], w[1], guess, width, weight);
    }

    /** The fitted model's first upward crossing of one half in the edge window. */
    double fittedHalfHeight(EdgeModel model) {
        return model.crossing(HALF, edgeLo, edgeHi);
    }

    /**
     * The fitted edge step's inflection point ({@link EdgeModel#stepCentre()}; white line excluded). It may lie
     * outside the edge window; {@link #atEdgeLimit} then flags it.
     */
    double fittedMaxDerivative(EdgeModel model) {
        return model.stepCentre();
    }

    /** The fitted model's maximum in the white-line window: energy and height into {@code out[0..1]}. */
    void fittedWhiteLine(EdgeModel model, double[] out) {
        double x = model.argmaxValue(wlLo, wlHi);
        out[0] = x;
        out[1] = model.value(x);
    }

    /** Whether an edge-window estimate lies at or beyond the outermost sample inside the window. */
    boolean atEdgeLimit(double x) {
        return x < edgeFirst + LIMIT_TOLERANCE_EV || x > edgeLast - LIMIT_TOLERANCE_EV;
    }

    /** Whether a white-line estimate lies at or beyond the outermost sample inside its window. */
    boolean atWhiteLineLimit(double x) {
        return x < wlFirst + LIMIT_TOLERANCE_EV || x > wlLast - LIMIT_TOLERANCE_EV;
    }

    private static double[] flatten(double[][] m) {
        int cols = m[0].length;
        double[] out = new double[m.length * cols];
        for (int r = 0; r < m.length; r++) {
            System.arraycopy(m[r], 0, out, r * cols, cols);
        }
        return out;
    }

    /** First index of the normalised spectrum the estimators read. */
    int needFrom() {
        return needFrom;
    }

    /** One past the last index the estimators read. */
    int needTo() {
        return needTo;
    }

    /**
     * The first bracketing pair {@code j} (samples j, j + 1) where the spectrum crosses 0.5 going up and the
     * linearly interpolated crossing lies in the edge window; -1 when there is none.
     */
    int halfHeightBracket(double[] s) {
        for (int j = pairFrom; j < pairTo; j++) {
            double a = s[j];
            double b = s[j + 1];
            if (a < HALF && b >= HALF) {
                double x = e[j] + (HALF - a) / (b - a) * (e[j + 1] - e[j]);
                if (x > edgeHi) {
                    return -1;
                }
                if (x >= edgeLo) {
                    return j;
                }
            }
        }
        return -1;
    }

    /** Half-height energy by linear interpolation in bracket {@code j}. */
    double halfHeightLinear(double[] s, int j) {
        double a = s[j];
        double b = s[j + 1];
        return e[j] + (HALF - a) / (b - a) * (e[j + 1] - e[j]);
    }

    /** Half-height energy by the local least-squares cubic around bracket {@code j}; NaN if it does not cross. */
    double halfHeightCubic(double[] s, int j) {
        int b = j - pairFrom;
        double[] op = cubicOp[b];
        if (op == null) {
            return Double.NaN;
        }
        int from = cubicFrom[b];
        int m = cubicCount[b];
        double c0 = -HALF;
        double c1 = 0;
        double c2 = 0;
        double c3 = 0;
        for (int i = 0; i < m; i++) {
            double v = s[from + i];
            c0 += op[i] * v;
            c1 += op[m + i] * v;
            c2 += op[2 * m + i] * v;
            c3 += op[3 * m + i] * v;
        }
        double centre = cubicCentre[b];
        double scale = cubicScale[b];
        int last = from + m - 1;
        // intervals by distance from the bracket: [j, j+1], [j-1, j], [j+1, j+2], [j-2, j-1], [j+2, j+3]
        for (int d = 0; d <= 4; d++) {
            int a = j + ((d & 1) == 1 ? -(d + 1) / 2 : d / 2);
            if (a < from || a + 1 > last) {
                continue;
            }
            double ua = (e[a] - centre) / scale;
            double ub = (e[a + 1] - centre) / scale;
            double fa = ((c3 * ua + c2) * ua + c1) * ua + c0;
            double fb = ((c3 * ub + c2) * ub + c1) * ub + c0;
            if (fa < 0 && fb >= 0) {
                return centre + scale * cubicRoot(c0, c1, c2, c3, ua, ub, fa, fb);
            }
        }
        return Double.NaN;
    }

    /** Root of the cubic in [ua, ub] where f(ua) &lt; 0 &lt;= f(ub): Newton steps kept inside a shrinking bracket. */
    private static double cubicRoot(double c0, double c1, double c2, double c3, double ua, double ub, double fa,
                                    double fb) {
        double lo = ua;
        double hi = ub;
        double u = ua + (-fa) / (fb - fa) * (ub - ua);
        for (int it = 0; it < NEWTON_ITERATIONS; it++) {
            double f = ((c3 * u + c2) * u + c1) * u + c0;
            if (f < 0) {
                lo = u;
            } else {
                hi = u;
            }
            double df = (3 * c3 * u + 2 * c2) * u + c1;
            double next = u - f / df;
            if (!(next > lo && next < hi)) {
                next = 0.5 * (lo + hi);
            }
            if (Math.abs(next - u) <= NEWTON_TOLERANCE || hi - lo <= NEWTON_TOLERANCE) {
                return next;
            }
            u = next;
        }
        return u;
    }

    /** Energy of the largest midpoint difference in the edge window, refined by a parabola; never NaN for finite s. */
    double maxDerivative(double[] s) {
        int best = derivFrom;
        double bestD = (s[derivFrom + 1] - s[derivFrom]) * invStep[derivFrom];
        for (int j = derivFrom + 1; j < derivTo; j++) {
            double d = (s[j + 1] - s[j]) * invStep[j];
            if (d > bestD) {
                bestD = d;
                best = j;
            }
        }
        if (best == 0 || best == n - 2) {
            return mid[best];
        }
        double y0 = (s[best] - s[best - 1]) * invStep[best - 1];
        double y2 = (s[best + 2] - s[best + 1]) * invStep[best + 1];
        double h0 = mid[best - 1] - mid[best];
        double h2 = mid[best + 1] - mid[best];
        double g2 = (y2 - bestD) / h2;
        double c = (g2 - (y0 - bestD) / h0) / (h2 - h0);
        if (!(c < 0)) {
            return mid[best];
        }
        double b = g2 - c * h2;
        double x = -b / (2 * c);
        return x >= h0 && x <= h2 ? mid[best] + x : mid[best];
    }

    /**
     * White-line peak: writes the energy and height of the vertex of the local quadratic to {@code out[0..1]}
     * (NaN when the parabola does not open downwards or its vertex leaves the window).
     */
    void whiteLine(double[] s, double[] out) {
        int best = wlFrom;
        for (int j = wlFrom + 1; j < wlTo; j++) {
            if (s[j] > s[best]) {
                best = j;
            }
        }
        int b = best - wlFrom;
        double[] op = quadOp[b];
        if (op == null) {
            out[0] = Double.NaN;
            out[1] = Double.NaN;
            return;
        }
        int from = quadFrom[b];
        int m = quadCount[b];
        double a0 = 0;
        double a1 = 0;
        double a2 = 0;
        for (int i = 0; i < m; i++) {
            double v = s[from + i];
            a0 += op[i] * v;
            a1 += op[m + i] * v;
            a2 += op[2 * m + i] * v;
        }
        if (!(a2 < 0)) {
            out[0] = Double.NaN;
            out[1] = Double.NaN;
            return;
        }
        double u = -a1 / (2 * a2);
        double x = e[best] + u * quadScale[b];
        if (x < wlLo || x > wlHi) {
            out[0] = Double.NaN;
            out[1] = Double.NaN;
            return;
        }
        out[0] = x;
        out[1] = a0 - a1 * a1 / (4 * a2);
    }
}
