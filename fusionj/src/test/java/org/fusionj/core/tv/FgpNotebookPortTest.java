package org.fusionj.core.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The {@link FgpVariant#TUTORIAL} variant against a straightforward double-precision port of the published
 * notebook's FGP, as the specification describes it (docs: fusion.md, "The tutorial preset"), written with whole
 * arrays the way the notebook writes it with numpy.
 */
class FgpNotebookPortTest {

    /**
     * The notebook's FGP. Arrays are indexed [row][column]; {@code nx} rows, {@code ny} columns.
     * <ul>
     * <li>gradient operator: {@code p[i] = u[i] - u[i-1]} for rows i = 1 .. nx-3, {@code q[:, j] = u[:, j] -
     * u[:, j-1]} for columns j = 1 .. ny-2, every other entry zeroed;</li>
     * <li>its adjoint {@code L(p, q)[i][j] = p[i][j] - p[i+1][j] + q[i][j] - q[i][j+1]} (entries outside the
     * array are 0);</li>
     * <li>iteration: {@code u = max(0, b - lambda L(r))}; {@code p_new = clip(r + grad(u) / (8 lambda), -1, 1)};
     * {@code t_new = (1 + sqrt(1 + 4 t^2)) / 2}; {@code r = p_new + (t - 1) / t_new (p_new - p_old)};</li>
     * <li>result: {@code max(0, b - lambda L(r))} from the extrapolated duals.</li>
     * </ul>
     */
    static double[][] notebookFgp(double[][] b, double lambda, int iterations) {
        int nx = b.length;
        int ny = b[0].length;
        double[][][] pOld = {new double[nx][ny], new double[nx][ny]};
        double[][][] r = {new double[nx][ny], new double[nx][ny]};
        double t = 1;
        for (int k = 0; k < iterations; k++) {
            double[][] u = positive(minus(b, scale(lambda, adjoint(r))));
            double[][][] g = gradient(u);
            double[][][] pNew = {clip(plus(r[0], scale(1 / (8 * lambda), g[0]))),
                clip(plus(r[1], scale(1 / (8 * lambda), g[1])))};
            double tNew = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            double beta = (t - 1) / tNew;
            r = new double[][][] {plus(pNew[0], scale(beta, minus(pNew[0], pOld[0]))),
                plus(pNew[1], scale(beta, minus(pNew[1], pOld[1])))};
            pOld = pNew;
            t = tNew;
        }
        return positive(minus(b, scale(lambda, adjoint(r))));
    }

    private static double[][][] gradient(double[][] u) {
        int nx = u.length;
        int ny = u[0].length;
        double[][] p = new double[nx][ny];
        double[][] q = new double[nx][ny];
        for (int i = 1; i <= nx - 3; i++) {
            for (int j = 0; j < ny; j++) {
                p[i][j] = u[i][j] - u[i - 1][j];
            }
        }
        for (int i = 0; i < nx; i++) {
            for (int j = 1; j <= ny - 2; j++) {
                q[i][j] = u[i][j] - u[i][j - 1];
            }
        }
        return new double[][][] {p, q};
    }

    private static double[][] adjoint(double[][][] pq) {
        double[][] p = pq[0];
        double[][] q = pq[1];
        int nx = p.length;
        int ny = p[0].length;
        double[][] l = new double[nx][ny];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                l[i][j] = p[i][j] - (i + 1 < nx ? p[i + 1][j] : 0) + q[i][j] - (j + 1 < ny ? q[i][j + 1] : 0);
            }
        }
        return l;
    }

    private static double[][] map(double[][] a, java.util.function.DoubleUnaryOperator f) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = java.util.Arrays.stream(a[i]).map(f).toArray();
        }
        return out;
    }

    private static double[][] positive(double[][] a) {
        return map(a, v -> Math.max(0, v));
    }

    private static double[][] clip(double[][] a) {
        return map(a, v -> Math.max(-1, Math.min(1, v)));
    }

    private static double[][] scale(double s, double[][] a) {
        return map(a, v -> s * v);
    }

    private static double[][] plus(double[][] a, double[][] c) {
        double[][] out = new double[a.length][a[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                out[i][j] = a[i][j] + c[i][j];
            }
        }
        return out;
    }

    private static double[][] minus(double[][] a, double[][] c) {
        return plus(a, scale(-1, c));
    }

    @Test
    void tutorialVariantEqualsTheNotebookPortOnANineByThirteenImage() {
        Random rnd = new Random(2022);
        for (int[] shape : new int[][] {{9, 13}, {13, 9}}) {
            int nx = shape[0];
            int ny = shape[1];
            double[][] b = new double[nx][ny];
            float[] flat = new float[nx * ny];
            for (int i = 0; i < nx; i++) {
                for (int j = 0; j < ny; j++) {
                    // Blobs on a ramp, with noise and a few negative pixels.
                    double v = 0.3 + 0.04 * j + ((i / 3 + j / 4) % 2 == 0 ? 0.4 : 0) + 0.3 * (rnd.nextDouble() - 0.6);
                    flat[i * ny + j] = (float) v;
                    b[i][j] = flat[i * ny + j];
                }
            }
            for (double lambda : new double[] {0.022, 0.15, 0.8}) {
                for (int n : new int[] {1, 3, 6, 30}) {
                    double[][] expected = notebookFgp(b, lambda, n);
                    float[] got = new FgpTvProximal(FgpVariant.TUTORIAL).apply(flat, ny, nx, lambda, n);
                    for (int i = 0; i < nx; i++) {
                        for (int j = 0; j < ny; j++) {
                            // float against double arithmetic: a few ulps of values near 1.
                            assertEquals(expected[i][j], got[i * ny + j], 1e-6,
                                    nx + "x" + ny + " lambda=" + lambda + " n=" + n + " at (" + i + ", " + j + ")");
                        }
                    }
                }
            }
        }
    }
}
