package org.fusionj.core.tv;

/**
 * A deliberately plain, whole-array implementation of the FGP TV proximal step, written to be read rather than to
 * be fast. It is the specification the optimised {@link FgpTvProximal} is tested against, bit for bit: the same
 * float operations in the same order.
 *
 * <p>Duals: {@code p[i][j]} pairs with the row difference {@code u[i][j] - u[i-1][j]} (regularised for rows
 * {@code 1 <= i < pRowEnd}), {@code q[i][j]} with the column difference {@code u[i][j] - u[i][j-1]} (columns
 * {@code 1 <= j < qColEnd}); every other dual entry is zero. Iteration k: {@code r = p_{k-1} + beta_k (p_{k-1} -
 * p_{k-2})} (zero at k = 1), {@code u = max(0, b - lambda L r)}, {@code p_k = P(r + step grad u)}, FISTA momentum.
 * The result is the image of the last duals, extrapolated with the last momentum for the notebook variant.
 */
final class ReferenceFgp {

    private ReferenceFgp() {
    }

    static float[] prox(float[] b, int w, int h, double lambdaD, int iterations, FgpVariant variant) {
        float lambda = (float) lambdaD;
        float step = 1f / (8f * lambda);
        int pRowEnd = variant.pRowEnd(h);
        int qColEnd = variant.qColEnd(w);
        int n = w * h;
        float[] p = new float[n];
        float[] q = new float[n];
        float[] pOld = new float[n];
        float[] qOld = new float[n];
        double t = 1;
        double beta = 0;
        for (int k = 1; k <= iterations; k++) {
            float bk = (float) beta;
            float[] rp = new float[n];
            float[] rq = new float[n];
            if (k > 1) {
                extrapolate(p, pOld, q, qOld, bk, w, h, pRowEnd, qColEnd, rp, rq);
            }
            float[] u = image(b, rp, rq, lambda, w, h);
            float[] np = new float[n];
            float[] nq = new float[n];
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int x = i * w + j;
                    float a = i >= 1 && i < pRowEnd ? rp[x] + step * (u[x] - u[x - w]) : 0f;
                    float c = j >= 1 && j < qColEnd ? rq[x] + step * (u[x] - u[x - 1]) : 0f;
                    if (variant.isotropic) {
                        float norm = (float) Math.sqrt(a * a + c * c);
                        if (norm > 1f) {
                            a /= norm;
                            c /= norm;
                        }
                    } else {
                        a = a > 1f ? 1f : (a < -1f ? -1f : a);
                        c = c > 1f ? 1f : (c < -1f ? -1f : c);
                    }
                    np[x] = a;
                    nq[x] = c;
                }
            }
            pOld = p;
            qOld = q;
            p = np;
            q = nq;
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            beta = (t - 1) / tNext;
            t = tNext;
        }
        float bf = variant.extrapolatedResult ? (float) beta : 0f;
        float[] rp = new float[n];
        float[] rq = new float[n];
        extrapolate(p, pOld, q, qOld, bf, w, h, pRowEnd, qColEnd, rp, rq);
        return image(b, rp, rq, lambda, w, h);
    }

    private static void extrapolate(float[] p, float[] pOld, float[] q, float[] qOld, float beta, int w, int h,
                                    int pRowEnd, int qColEnd, float[] rp, float[] rq) {
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int x = i * w + j;
                if (i >= 1 && i < pRowEnd) {
                    rp[x] = p[x] + beta * (p[x] - pOld[x]);
                }
                if (j >= 1 && j < qColEnd) {
                    rq[x] = q[x] + beta * (q[x] - qOld[x]);
                }
            }
        }
    }

    /** {@code max(0, b - lambda L(r))}, L the adjoint of the backward-difference gradient. */
    private static float[] image(float[] b, float[] rp, float[] rq, float lambda, int w, int h) {
        float[] u = new float[w * h];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                int x = i * w + j;
                float rpNext = i + 1 < h ? rp[x + w] : 0f;
                float rqNext = j + 1 < w ? rq[x + 1] : 0f;
                float v = b[x] - lambda * (rp[x] - rpNext + rq[x] - rqNext);
                u[x] = v > 0f ? v : 0f;
            }
        }
        return u;
    }
}
