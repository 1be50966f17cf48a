package org.fusionj.core.dictionary;

/**
 * Orthogonal matching pursuit on the Gram matrix (Batch-OMP, Rubinstein, Zibulevsky and Elad 2008): the atom with
 * the largest residual correlation enters, the coefficients are the least-squares fit on the chosen atoms (a
 * progressive Cholesky factor, one row per atom), and the residual correlations are {@code D y - G_{:,A} a}. Stops
 * after a fixed number of atoms, or once the squared residual norm is at most an error target. Atoms are chosen by
 * raw correlation (not divided by the atom norm), as in scikit-learn's {@code orthogonal_mp_gram}.
 */
final class BatchOmp implements SparseCoder {

    /** Correlations (squared) and pivots below machine epsilon end the pursuit, as in scikit-learn. */
    private static final double EPS = Math.ulp(1.0);

    private final GramMatrix gram;
    private final int k;
    private final int maxActive;
    /** Squared residual norm to reach, or NaN for a fixed number of atoms. */
    private final double errorTarget;

    private final double[] corr;
    private final int[] active;
    private final double[] activeCorr;
    private final double[] coef;
    private final double[] cross;
    private final boolean[] isActive;
    private final CholeskyFactor chol;

    /**
     * @param atoms       number of atoms of every code (fixed sparsity), or the cap when an error target is given
     * @param errorTarget squared residual norm to reach, or NaN for exactly {@code atoms} atoms
     */
    BatchOmp(GramMatrix gram, int atoms, double errorTarget) {
        this.gram = gram;
        this.k = gram.atomCount();
        this.maxActive = Math.min(atoms, k);
        this.errorTarget = errorTarget;
        corr = new double[k];
        active = new int[maxActive];
        activeCorr = new double[maxActive];
        coef = new double[maxActive];
        cross = new double[maxActive];
        isActive = new boolean[k];
        chol = new CholeskyFactor(maxActive);
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
        boolean useTarget = !Double.isNaN(errorTarget);
        double residual = squaredNorm;
        if (useTarget && residual <= errorTarget) {
            code.clear();
            return;
        }
        while (n < maxActive) {
            int best = 0;
            double max = -1;
            for (int j = 0; j < k; j++) {
                double v = Math.abs(corr[j]);
                if (v > max) {
                    max = v;
                    best = j;
                }
            }
            if (isActive[best] || max * max < EPS) {
                break;
            }
            double[] row = gram.row(best);
            for (int i = 0; i < n; i++) {
                cross[i] = row[active[i]];
            }
            if (!chol.append(cross, row[best], EPS)) {
                break; // the atom is a combination of the chosen ones
            }
            active[n] = best;
            activeCorr[n] = correlations[best];
            isActive[best] = true;
            n++;
            chol.solve(activeCorr, coef);

            // corr = D y - G_{:,A} coef
            System.arraycopy(correlations, 0, corr, 0, k);
            for (int i = 0; i < n; i++) {
                double a = coef[i];
                double[] r = gram.row(active[i]);
                for (int j = 0; j < k; j++) {
                    corr[j] -= a * r[j];
                }
            }
            if (useTarget) {
                // ||y - D^T a||^2 = ||y||^2 - a . (D y)_A at the least-squares fit
                double fit = 0;
                for (int i = 0; i < n; i++) {
                    fit += coef[i] * activeCorr[i];
                }
                residual = squaredNorm - fit;
                if (residual <= errorTarget) {
                    break;
                }
            }
        }
        code.clear();
        for (int i = 0; i < n; i++) {
            code.add(active[i], coef[i]);
            isActive[active[i]] = false;
        }
    }
}
