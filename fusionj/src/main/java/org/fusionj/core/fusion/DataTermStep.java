package org.fusionj.core.fusion;

import java.util.Arrays;

import org.fusionj.core.math.FloatLog;
import org.fusionj.core.math.FloatPow;

/**
 * The per-pixel part of the fusion on a range of rows: the gradient step on the two data terms followed by the
 * clip to {@code x >= 0}, or the model HAADF {@code A x^gamma}; both also sum the HAADF and Poisson costs of the
 * maps they start from.
 *
 * <p>Arithmetic in float, over chunks of {@value #CHUNK} pixels held in per-thread buffers: every loop but the
 * range reductions of {@link FloatPow} and {@link FloatLog} is branch-free over one index, which the JIT compiles
 * to SIMD code (16 floats per instruction with AVX-512). Cost terms are summed per lane in float over at most
 * {@value #CHUNKS_PER_FOLD} chunks, then in double, in a fixed order within a row range: results depend on the
 * range, never on the thread that runs it.
 */
final class DataTermStep {

    /** Pixels per chunk: SIMD loops long enough, buffers small enough for L1. */
    static final int CHUNK = 512;
    /** Chunks whose cost terms a float lane sums before they go into the double total. */
    static final int CHUNKS_PER_FOLD = 16;

    private final float[] b;
    private final float[][] x0;
    private final float[] w;
    /** {@code gamma * lambda_H * w_e}: the HAADF gradient factor of each map. */
    private final float[] haadfFactor;
    /** {@code lambda_chem} of each map. */
    private final float[] lambdaChem;
    private final float background;
    /** Offset in the logged Poisson cost {@code log(x + offset)}. */
    private final float chemOffset;
    /** The notebook's cost {@code x0 log(x + 1e-8) - x}, else FusionJ's {@code x - x0 log(x + bkg)}. */
    private final boolean notebookChem;
    private final FloatPow powGammaMinusOne;
    private final FloatPow powGamma;
    private final ThreadLocal<Buffers> buffers;

    /** The costs of the maps a call started from, for its rows. */
    record Costs(double haadf, double chem) {
    }

    DataTermStep(float[] b, float[][] x0, double[] w, double gamma, double lambdaHaadf, double[] lambdaChem,
                 double background, double chemOffset, boolean notebookChem) {
        this.b = b;
        this.x0 = x0;
        int n = x0.length;
        this.w = new float[n];
        this.haadfFactor = new float[n];
        this.lambdaChem = new float[n];
        for (int e = 0; e < n; e++) {
            this.lambdaChem[e] = (float) lambdaChem[e];
            this.w[e] = (float) w[e];
            this.haadfFactor[e] = (float) (gamma * lambdaHaadf * w[e]);
        }
        this.background = (float) background;
        this.chemOffset = (float) chemOffset;
        this.notebookChem = notebookChem;
        this.powGammaMinusOne = FloatPow.of(gamma - 1);
        this.powGamma = FloatPow.of(gamma);
        this.buffers = ThreadLocal.withInitial(() -> new Buffers(n));
    }

    /** Chunk buffers of one worker thread. */
    private static final class Buffers {
        final float[][] x;
        final float[][] pow;
        final float[][] x0;
        final float[] model = new float[CHUNK];
        final float[] aux = new float[CHUNK];
        final float[] scratch = new float[CHUNK];
        final float[] haadfAcc = new float[CHUNK];
        final float[] chemAcc = new float[CHUNK];

        Buffers(int n) {
            x = new float[n][CHUNK];
            pow = new float[n][CHUNK];
            x0 = new float[n][CHUNK];
        }
    }

    /**
     * Gradient step of unit length on both data terms, then the clip to {@code x >= 0}, on pixels [from, to) of
     * the maps {@code xa}, in place.
     */
    Costs gradientStep(float[][] xa, int from, int to) {
        Buffers c = buffers.get();
        int n = xa.length;
        float[] model = c.model;
        float[] aux = c.aux;
        double haadf = 0;
        double chem = 0;
        int chunks = 0;
        for (int p0 = from; p0 < to; p0 += CHUNK) {
            int len = Math.min(CHUNK, to - p0);
            // Model A x^gamma = sum_e w_e x_e x_e^(gamma-1), keeping the powers for the gradient.
            for (int e = 0; e < n; e++) {
                float[] xe = c.x[e];
                float[] pe = c.pow[e];
                float[] x0e = c.x0[e];
                System.arraycopy(xa[e], p0, xe, 0, len);
                System.arraycopy(x0[e], p0, x0e, 0, len);
                powGammaMinusOne.apply(xe, pe, c.scratch, len);
                float we = w[e];
                if (e == 0) {
                    for (int j = 0; j < len; j++) {
                        model[j] = we * xe[j] * pe[j];
                    }
                } else {
                    for (int j = 0; j < len; j++) {
                        model[j] += we * xe[j] * pe[j];
                    }
                }
                addChemTerms(xe, x0e, aux, c.scratch, c.chemAcc, len);
            }
            addResiduals(model, p0, aux, c.haadfAcc, len);
            for (int e = 0; e < n; e++) {
                step(c.x[e], c.pow[e], c.x0[e], model, haadfFactor[e], lambdaChem[e], aux, len);
                System.arraycopy(aux, 0, xa[e], p0, len);
            }
            if (++chunks % CHUNKS_PER_FOLD == 0) {
                haadf += fold(c.haadfAcc);
                chem += fold(c.chemAcc);
            }
        }
        haadf += fold(c.haadfAcc);
        chem += fold(c.chemAcc);
        return new Costs(0.5 * haadf, chem);
    }

    /** {@code next = max(0, x - grad)} of one map's chunk; {@code residual} is {@code A x^gamma - b}. */
    private void step(float[] xe, float[] pe, float[] x0e, float[] residual, float factor, float lc, float[] next,
                      int len) {
        float bkg = background;
        for (int j = 0; j < len; j++) {
            float v = xe[j];
            float grad = factor * pe[j] * residual[j] + lc * (1f - x0e[j] / (v + bkg));
            float s = v - grad;
            // max(0, s): s + |s| is 2 s or +0, and halving is exact.
            next[j] = (s + Math.abs(s)) * 0.5f;
        }
    }

    /**
     * Writes {@code A x^gamma} of the maps {@code xa} for pixels [from, to) into {@code out}, and returns the
     * costs of those maps.
     */
    Costs model(float[][] xa, int from, int to, float[] out) {
        Buffers c = buffers.get();
        int n = xa.length;
        float[] model = c.model;
        float[] aux = c.aux;
        float[] xe = c.x[0];
        float[] pe = c.pow[0];
        float[] x0e = c.x0[0];
        double haadf = 0;
        double chem = 0;
        int chunks = 0;
        for (int p0 = from; p0 < to; p0 += CHUNK) {
            int len = Math.min(CHUNK, to - p0);
            for (int e = 0; e < n; e++) {
                System.arraycopy(xa[e], p0, xe, 0, len);
                System.arraycopy(x0[e], p0, x0e, 0, len);
                powGamma.apply(xe, pe, c.scratch, len);
                float we = w[e];
                if (e == 0) {
                    for (int j = 0; j < len; j++) {
                        model[j] = we * pe[j];
                    }
                } else {
                    for (int j = 0; j < len; j++) {
                        model[j] += we * pe[j];
                    }
                }
                addChemTerms(xe, x0e, aux, c.scratch, c.chemAcc, len);
            }
            System.arraycopy(model, 0, out, p0, len);
            addResiduals(model, p0, aux, c.haadfAcc, len);
            if (++chunks % CHUNKS_PER_FOLD == 0) {
                haadf += fold(c.haadfAcc);
                chem += fold(c.chemAcc);
            }
        }
        haadf += fold(c.haadfAcc);
        chem += fold(c.chemAcc);
        return new Costs(0.5 * haadf, chem);
    }

    /** Turns {@code model} into the residual {@code A x^gamma - b} and adds its squares to {@code acc}. */
    private void addResiduals(float[] model, int p0, float[] bChunk, float[] acc, int len) {
        System.arraycopy(b, p0, bChunk, 0, len);
        for (int j = 0; j < len; j++) {
            float r = model[j] - bChunk[j];
            model[j] = r;
            acc[j] += r * r;
        }
    }

    /**
     * Adds one map's Poisson cost terms to {@code acc}: {@code x0 log(x + 1e-8) - x} (notebook) or
     * {@code x - x0 log(x + bkg)}. {@code logs} and {@code scratch} are scratch.
     */
    private void addChemTerms(float[] xe, float[] x0e, float[] logs, float[] scratch, float[] acc, int len) {
        FloatLog.apply(xe, chemOffset, logs, scratch, len);
        if (notebookChem) {
            for (int j = 0; j < len; j++) {
                acc[j] += x0e[j] * logs[j] - xe[j];
            }
        } else {
            for (int j = 0; j < len; j++) {
                acc[j] += xe[j] - x0e[j] * logs[j];
            }
        }
    }

    /** The sum of the lanes, in double, which are then cleared. */
    private static double fold(float[] acc) {
        // Four partial sums: four independent chains of additions instead of one (CHUNK is a multiple of 4).
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int j = 0; j < CHUNK; j += 4) {
            s0 += acc[j];
            s1 += acc[j + 1];
            s2 += acc[j + 2];
            s3 += acc[j + 3];
        }
        Arrays.fill(acc, 0f);
        return (s0 + s1) + (s2 + s3);
    }
}
