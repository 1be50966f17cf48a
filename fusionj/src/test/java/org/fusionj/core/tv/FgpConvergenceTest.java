package org.fusionj.core.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * What the FGP step computes, checked against independent solutions of the same problem: the non-negative
 * isotropic TV proximal problem {@code min_{u >= 0} 1/2 ||u - b||^2 + lambda sum sqrt(drow^2 + dcol^2)} with
 * backward differences inside the image (Neumann boundaries).
 */
class FgpConvergenceTest {

    /**
     * Plain projected gradient on the dual (Beck and Teboulle's GP, no momentum), in double precision, written
     * from the definitions: {@code u = max(0, b - lambda D^T(p, q))}, {@code (p, q) <- P((p, q) + D u / (8 lambda))},
     * with {@code D u = (u[i][j] - u[i-1][j], u[i][j] - u[i][j-1])} (zero where the neighbour is outside) and
     * {@code P} the projection onto the unit disc per pixel.
     */
    static double[] dualProjectedGradient(double[] b, int w, int h, double lambda, int iterations) {
        int n = w * h;
        double[] p = new double[n];
        double[] q = new double[n];
        double[] u = new double[n];
        double step = 1 / (8 * lambda);
        for (int k = 0; k < iterations; k++) {
            primal(b, p, q, lambda, w, h, u);
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int x = i * w + j;
                    double a = i > 0 ? p[x] + step * (u[x] - u[x - w]) : 0;
                    double c = j > 0 ? q[x] + step * (u[x] - u[x - 1]) : 0;
                    double norm = Math.sqrt(a * a + c * c);
                    if (norm > 1) {
                        a /= norm;
                        c /= norm;
                    }
                    p[x] = a;
                    q[x] = c;
                }
            }
        }
        primal(b, p, q, lambda, w, h, u);
        return u;
    }

    /** {@code u = max(0, b - lambda D^T(p, q))}; {@code (D^T(p, q))[i][j] = p[i][j] - p[i+1][j] + q[i][j] - q[i][j+1]}. */
    private static void primal(double[] b, double[] p, double[] q, double lambda, int w, int h, double[] u) {
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int x = i * w + j;
                double adj = p[x] - (i + 1 < h ? p[x + w] : 0) + q[x] - (j + 1 < w ? q[x + 1] : 0);
                u[x] = Math.max(0, b[x] - lambda * adj);
            }
        }
    }

    /** The primal objective in double precision. */
    static double objective(double[] u, double[] b, int w, int h, double lambda) {
        double s = 0;
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int x = i * w + j;
                double dr = i > 0 ? u[x] - u[x - w] : 0;
                double dc = j > 0 ? u[x] - u[x - 1] : 0;
                s += 0.5 * (u[x] - b[x]) * (u[x] - b[x]) + lambda * Math.hypot(dr, dc);
            }
        }
        return s;
    }

    @Test
    void isotropicFgpRunToConvergenceMatchesAnIndependentDualSolution() {
        int w = 9;
        int h = 6;
        Random r = new Random(11);
        float[] bf = new float[w * h];
        double[] b = new double[w * h];
        for (int i = 0; i < b.length; i++) {
            // A step between the left and right halves plus noise; values down to -0.1, so u >= 0 is active.
            bf[i] = (float) (r.nextDouble() * 1.2 - 0.1 + (i % w > 4 ? 0.5 : 0));
            b[i] = bf[i];
        }
        for (double lambda : new double[] {0.05, 0.2, 0.6}) {
            // 400000 GP iterations: the solution no longer changes in double precision (1e5 and 4e5 iterations
            // agree to 2e-15 on this image).
            double[] exact = dualProjectedGradient(b, w, h, lambda, 400_000);
            // 5000 FGP iterations (625 passes of 8): converged to float precision here (2000 are within 1e-6).
            float[] fgp = new FgpTvProximal(FgpVariant.ISOTROPIC).apply(bf, w, h, lambda, 5000);
            double[] fgpD = new double[fgp.length];
            for (int i = 0; i < fgp.length; i++) {
                // Tolerance: the float iteration's fixed point is within a few float ulps (1.2e-7 at 1) of the
                // exact solution; 1e-6 allows 8 ulps. The last FGP iterations move pixels by less than 1e-7.
                assertEquals(exact[i], fgp[i], 1e-6, "lambda " + lambda + " pixel " + i);
                fgpD[i] = fgp[i];
            }
            double fExact = objective(exact, b, w, h, lambda);
            double fFgp = objective(fgpD, b, w, h, lambda);
            // The exact solution minimises the objective; the float one is within rounding of the minimum.
            assertTrue(fExact <= fFgp + 1e-12, "lambda " + lambda);
            assertEquals(fExact, fFgp, 1e-6 * fExact, "lambda " + lambda);
        }
    }

    @Test
    void totalVariationOfTheResultNeverExceedsThatOfTheInput() {
        Random r = new Random(3);
        for (int rep = 0; rep < 60; rep++) {
            int w = 2 + r.nextInt(30);
            int h = 2 + r.nextInt(30);
            float[] b = new float[w * h];
            for (int i = 0; i < b.length; i++) {
                int y = i / w;
                int x = i % w;
                b[i] = switch (rep % 3) {
                    case 0 -> r.nextFloat();
                    case 1 -> ((x / 3 + y / 4) % 2 == 0 ? 1f : 0f) + 0.1f * r.nextFloat();
                    default -> (float) Math.sin(x * 0.7 + y * 0.3) + 0.3f * r.nextFloat();
                };
            }
            for (int n : new int[] {1, 3, 10, 50}) {
                for (double lambda : new double[] {0.01, 0.1, 0.5, 2}) {
                    float[] iso = new FgpTvProximal(FgpVariant.ISOTROPIC).apply(b, w, h, lambda, n);
                    assertTrue(TotalVariation.isotropic(iso, w, h) <= TotalVariation.isotropic(b, w, h),
                            "isotropic " + w + "x" + h + " n=" + n + " lambda=" + lambda);
                    float[] aniso = new FgpTvProximal(FgpVariant.ANISOTROPIC).apply(b, w, h, lambda, n);
                    assertTrue(TotalVariation.anisotropic(aniso, w, h) <= TotalVariation.anisotropic(b, w, h),
                            "anisotropic " + w + "x" + h + " n=" + n + " lambda=" + lambda);
                }
            }
        }
    }
}
