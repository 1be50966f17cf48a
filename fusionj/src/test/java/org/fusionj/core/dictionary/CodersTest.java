package org.fusionj.core.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The coders and the Cholesky factor against first principles on random problems. */
class CodersTest {

    private static final int K = 40;
    private static final int LEN = 16;

    /** Random atoms with norms in (0.5, 1]. */
    private static double[] atoms(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] d = new double[K * LEN];
        for (int a = 0; a < K; a++) {
            double n = 0;
            for (int i = 0; i < LEN; i++) {
                d[a * LEN + i] = r.nextGaussian();
                n += d[a * LEN + i] * d[a * LEN + i];
            }
            double target = 0.5 + 0.5 * r.nextDouble();
            for (int i = 0; i < LEN; i++) {
                d[a * LEN + i] *= target / Math.sqrt(n);
            }
        }
        return d;
    }

    private static double[] correlations(double[] d, double[] y) {
        double[] c = new double[K];
        for (int a = 0; a < K; a++) {
            for (int i = 0; i < LEN; i++) {
                c[a] += d[a * LEN + i] * y[i];
            }
        }
        return c;
    }

    private static double[] residual(double[] d, double[] y, double[] dense) {
        double[] r = y.clone();
        for (int a = 0; a < K; a++) {
            for (int i = 0; i < LEN; i++) {
                r[i] -= dense[a] * d[a * LEN + i];
            }
        }
        return r;
    }

    @Test
    void lassoSatisfiesTheOptimalityConditions() {
        double[] d = atoms(1);
        GramMatrix g = GramMatrix.of(d, K, LEN);
        SplittableRandom r = new SplittableRandom(2);
        SparseCode code = new SparseCode(LEN);
        double[] dense = new double[K];
        for (double alpha : new double[] {0.05, 0.3, 1}) {
            LarsLasso lasso = new LarsLasso(g, alpha, LEN);
            for (int t = 0; t < 200; t++) {
                double[] y = new double[LEN];
                for (int i = 0; i < LEN; i++) {
                    y[i] = 3 * r.nextGaussian();
                }
                lasso.code(correlations(d, y), 0, code);
                code.toDense(dense);
                double[] c = correlations(d, residual(d, y, dense));
                for (int a = 0; a < K; a++) {
                    // KKT: D_a r = alpha sign(a_a) on the support, |D_a r| <= alpha elsewhere
                    if (dense[a] != 0) {
                        assertEquals(alpha * Math.signum(dense[a]), c[a], 1e-4, "active atom " + a);
                    } else {
                        assertTrue(Math.abs(c[a]) <= alpha + 1e-4, "inactive atom " + a + ": " + c[a]);
                    }
                }
            }
        }
    }

    @Test
    void lassoGivesZeroWhenAlphaExceedsEveryCorrelation() {
        double[] d = atoms(3);
        double[] y = new double[LEN];
        y[0] = 0.1;
        SparseCode code = new SparseCode(LEN);
        new LarsLasso(GramMatrix.of(d, K, LEN), 10, LEN).code(correlations(d, y), 0.01, code);
        assertEquals(0, code.count());
    }

    @Test
    void ompRecoversAnExactTwoAtomCombinationAndStopsAtItsErrorTarget() {
        double[] d = atoms(4);
        GramMatrix g = GramMatrix.of(d, K, LEN);
        double[] y = new double[LEN];
        for (int i = 0; i < LEN; i++) {
            y[i] = 2 * d[7 * LEN + i] - 1.5 * d[21 * LEN + i];
        }
        double sq = 0;
        for (double v : y) {
            sq += v * v;
        }
        SparseCode code = new SparseCode(LEN);
        new BatchOmp(g, 2, Double.NaN).code(correlations(d, y), sq, code);
        double[] dense = new double[K];
        code.toDense(dense);
        assertEquals(2, dense[7], 1e-10);
        assertEquals(-1.5, dense[21], 1e-10);
        // with an error target the pursuit stops as soon as the residual is small enough: here at 2 atoms
        new BatchOmp(g, LEN, 1e-12).code(correlations(d, y), sq, code);
        assertEquals(2, code.count());
    }

    @Test
    void choleskyInsertAndDeleteMatchAFreshFactor() {
        double[] d = atoms(5);
        GramMatrix g = GramMatrix.of(d, K, LEN);
        int[] atoms = {3, 9, 14, 22, 30, 35};
        CholeskyFactor f = new CholeskyFactor(8);
        double[] cross = new double[8];
        for (int n = 0; n < atoms.length; n++) {
            for (int i = 0; i < n; i++) {
                cross[i] = g.get(atoms[n], atoms[i]);
            }
            assertTrue(f.append(cross, g.get(atoms[n], atoms[n]), 1e-12));
        }
        f.remove(2); // atom 14
        f.remove(0); // atom 3
        int[] left = {9, 22, 30, 35};
        double[] b = {1, -2, 0.5, 3};
        double[] x = new double[4];
        f.solve(b, x);
        for (int i = 0; i < left.length; i++) {
            double gx = 0;
            for (int j = 0; j < left.length; j++) {
                gx += g.get(left[i], left[j]) * x[j];
            }
            assertEquals(b[i], gx, 1e-10, "row " + i + " of G x = b");
        }
    }

    @Test
    void settingsDescribeThemselvesWithFourSignificantDigits() {
        assertEquals("lasso alpha 1", CoderSettings.lasso(1).describe());
        assertEquals("lasso alpha 1.312", CoderSettings.lasso(1.312065065760059).describe());
    }
}
