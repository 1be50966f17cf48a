package org.fusionj.core.dictionary;

/**
 * The exact lasso solution {@code argmin_a 1/2 ||y - D^T a||^2 + alpha ||a||_1} by the LARS homotopy with the
 * lasso modification (Efron et al. 2004): starting at a = 0, the path is followed breakpoint by breakpoint while
 * lambda falls from {@code max|D y|} to alpha. At each breakpoint an atom enters the active set (its correlation
 * with the residual reaches lambda) or leaves it (its coefficient crosses zero, the "drop" step). The
 * direction solves {@code G_AA w = sign_A} with a Cholesky factor updated by one row per entry and re-triangulated
 * per drop. The solution is unique for atoms in general position, so it matches any exact solver.
 *
 * <p>One convention is scikit-learn's rather than the textbook's: a breakpoint whose lambda lies within
 * {@code patchLength * 2^-23} of alpha ends the path there, without moving on to alpha (scikit-learn compares
 * {@code lambda / n} with {@code alpha / n} to float32 epsilon). The codes then differ from the exact optimum by at
 * most that tolerance in the subgradient; without the rule, one of the first 1000 reference patches differs by
 * 2e-6 (an atom that enters 1.1e-6 above alpha).
 */
final class LarsLasso implements SparseCoder {

    private final GramMatrix gram;
    private final int k;
    private final double alpha;
    private final int maxActive;
    private final double stopTolerance;

    private final double[] corr;
    private final double[] gramTimesDirection;
    private final int[] active;
    private final double[] coef;
    private final double[] sign;
    private final double[] direction;
    private final double[] cross;
    private final boolean[] isActive;
    private final CholeskyFactor chol;

    /**
     * @param patchLength the active set never grows beyond this (more atoms are linearly dependent)
     */
    LarsLasso(GramMatrix gram, double alpha, int patchLength) {
        this.gram = gram;
        this.k = gram.atomCount();
        this.alpha = alpha;
        this.maxActive = Math.min(patchLength, k);
        this.stopTolerance = patchLength * (double) Math.ulp(1.0f);
        corr = new double[k];
        gramTimesDirection = new double[k];
        active = new int[this.maxActive];
        coef = new double[this.maxActive];
        sign = new double[this.maxActive];
        direction = new double[this.maxActive];
        cross = new double[this.maxActive];
        isActive = new boolean[k];
        chol = new CholeskyFactor(this.maxActive);
    }

    @Override
    public int maxAtoms() {
        return maxActive;
    }

    @Override
    public void code(double[] correlations, double squaredNorm, SparseCode code) {
        System.arraycopy(correlations, 0, corr, 0, k);
        chol.clear();
        int n = 0;
        int first = argMaxAbs();
        double lambda = Math.abs(corr[first]);
        if (lambda > alpha + stopTolerance && enter(first, 0)) {
            n = 1;
        }
        int justDropped = -1;
        while (n > 0) {
            chol.solve(sign, direction);
            computeGramTimesDirection(n);

            double step = lambda - alpha;
            int event = -1; // -1: reach alpha, >= 0: atom entering, < -1: active position -(event + 2) leaving
            for (int j = 0; j < k; j++) {
                if (isActive[j] || j == justDropped) {
                    continue;
                }
                // Candidates (lambda -+ c) / (1 -+ a); divide only when the cross-multiplied test says it may win.
                double a = gramTimesDirection[j];
                double c = corr[j];
                double num1 = lambda - c;
                double den1 = 1 - a;
                if (den1 > 0 && num1 > 0 && num1 < step * den1) {
                    double g1 = num1 / den1;
                    if (g1 < step) {
                        step = g1;
                        event = j;
                    }
                }
                double num2 = lambda + c;
                double den2 = 1 + a;
                if (den2 > 0 && num2 > 0 && num2 < step * den2) {
                    double g2 = num2 / den2;
                    if (g2 < step) {
                        step = g2;
                        event = j;
                    }
                }
            }
            for (int i = 0; i < n; i++) {
                double t = -coef[i] / direction[i];
                if (t > 0 && t < step) {
                    step = t;
                    event = -(i + 2);
                }
            }

            for (int i = 0; i < n; i++) {
                coef[i] += step * direction[i];
            }
            for (int j = 0; j < k; j++) {
                corr[j] -= step * gramTimesDirection[j];
            }
            lambda -= step;
            justDropped = -1;

            if (event == -1 || lambda <= alpha + stopTolerance) {
                break;
            } else if (event >= 0) {
                if (n == maxActive || !enter(event, n)) {
                    break; // the entering atom is dependent on the active ones: the path ends here
                }
                n++;
            } else {
                int pos = -(event + 2);
                justDropped = active[pos];
                leave(pos, n);
                n--;
            }
        }
        code.clear();
        for (int i = 0; i < n; i++) {
            code.add(active[i], coef[i]);
        }
        for (int i = 0; i < n; i++) {
            isActive[active[i]] = false;
        }
    }

    private int argMaxAbs() {
        int best = 0;
        double max = -1;
        for (int j = 0; j < k; j++) {
            double v = Math.abs(corr[j]);
            if (v > max) {
                max = v;
                best = j;
            }
        }
        return best;
    }

    private boolean enter(int atom, int n) {
        double[] row = gram.row(atom);
        for (int i = 0; i < n; i++) {
            cross[i] = row[active[i]];
        }
        if (!chol.append(cross, row[atom], 1e-12)) {
            return false;
        }
        active[n] = atom;
        coef[n] = 0;
        sign[n] = Math.signum(corr[atom]);
        isActive[atom] = true;
        return true;
    }

    private void leave(int pos, int n) {
        isActive[active[pos]] = false;
        chol.remove(pos);
        for (int i = pos; i < n - 1; i++) {
            active[i] = active[i + 1];
            coef[i] = coef[i + 1];
            sign[i] = sign[i + 1];
        }
    }

    private void computeGramTimesDirection(int n) {
        java.util.Arrays.fill(gramTimesDirection, 0);
        for (int i = 0; i < n; i++) {
            double w = direction[i];
            double[] row = gram.row(active[i]); // G is symmetric: row of the active atom = its column
            for (int j = 0; j < k; j++) {
                gramTimesDirection[j] += w * row[j];
            }
        }
    }
}
