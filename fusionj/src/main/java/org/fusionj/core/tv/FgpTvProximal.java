package org.fusionj.core.tv;

import java.util.Arrays;
import java.util.Objects;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;
import org.fusionj.core.parallel.RowBlocks;

/**
 * Non-negative total-variation proximal step by FGP (Beck and Teboulle, IEEE TIP 18(11), 2009):
 * {@code argmin_{u >= 0} 1/2 ||u - b||^2 + lambda TV(u)} for a row-major 2-D image of any width and height.
 *
 * <p>FGP runs gradient projection on the dual problem with FISTA momentum. The primal image is
 * {@code u = max(0, b - lambda L(p, q))} where {@code L} is the adjoint of the backward-difference gradient;
 * the dual step is {@code 1/(8 lambda)}, the Lipschitz bound of {@code L L^T}. Every call starts from zero duals.
 * Iteration k: {@code r_k = p_{k-1} + beta_k (p_{k-1} - p_{k-2})} (zero for k = 1, and {@code beta_2 = 0}),
 * {@code u_k = max(0, b - lambda L r_k)}, {@code p_k = P(r_k + grad(u_k) / (8 lambda))}. The result is the image
 * of {@code p_n}, or for the notebook variant of {@code p_n} extrapolated with the next momentum.
 *
 * <p>How it is computed: every quantity of row i depends only on rows i-1, i and i+1 of the previous one, so a
 * block of rows runs all iterations (up to {@value #MAX_ITERATIONS_PER_PASS}) in a single pass over the image,
 * row after row, keeping only a few rows of each iteration in per-thread buffers; it recomputes the few rows of
 * its neighbours it needs (one more per iteration and side), which is cheaper than storing the dual fields and
 * synchronising the threads after every iteration. No dual field of the image size exists at all unless more
 * iterations are asked for: then passes of at most {@value #MAX_ITERATIONS_PER_PASS} iterations hand the duals on
 * through two sets of four float arrays. Every pixel is computed by the same float operations whatever the
 * blocks and the thread count, so the result is bit-identical for any number of threads (and to the step as
 * first written, a whole-image iteration: same operations in the same order). The inner loops are branch-free
 * loops over one row with one index, which the JIT compiles to SIMD code.
 *
 * <p>Pixels must be finite (a NaN pixel makes its neighbourhood NaN). An instance is not thread-safe, except for
 * concurrent {@link #applyRows} calls.
 */
public final class FgpTvProximal {

    /** Iterations run in one pass over the image; more are split into passes of at most this many. */
    static final int MAX_ITERATIONS_PER_PASS = 8;

    private final FgpVariant variant;
    /** Row buffers of each worker thread, which keeps them in its own cache. */
    private final ThreadLocal<Workspace> workspaces = new ThreadLocal<>();
    private float[] scratch = new float[0];
    private float[][] duals = new float[0][];

    public FgpTvProximal(FgpVariant variant) {
        this.variant = Objects.requireNonNull(variant, "variant");
    }

    public FgpVariant variant() {
        return variant;
    }

    /** Returns the proximal image of {@code input} as a new array (single-threaded). */
    public float[] apply(float[] input, int width, int height, double lambda, int iterations) {
        float[] out = new float[input.length];
        try (RowBlocks blocks = new RowBlocks(1)) {
            apply(input, out, width, height, lambda, iterations, blocks, TvMeasure.NONE);
        }
        return out;
    }

    /**
     * Replaces {@code image} by its proximal image. The rows that no neighbouring block reads are written in
     * place; the few rows next to block boundaries go through an internal buffer (kept between calls) and are
     * copied in after the parallel pass.
     *
     * @param lambda     TV weight, &gt; 0
     * @param iterations FGP iterations, &gt;= 1
     * @param blocks     the thread pool to run on
     */
    public void applyInPlace(float[] image, int width, int height, double lambda, int iterations,
                             RowBlocks blocks) {
        validate(image, width, height, lambda, iterations);
        if (scratch.length != image.length) {
            scratch = new float[image.length];
        }
        run(image, image, scratch, width, height, lambda, iterations, blocks, TvMeasure.NONE);
        int guard = guardRows(iterations);
        for (int boundary = RowBlocks.ROWS_PER_BLOCK; boundary < height; boundary += RowBlocks.ROWS_PER_BLOCK) {
            int from = Math.max(0, boundary - guard);
            int to = Math.min(height, boundary + guard);
            System.arraycopy(scratch, from * width, image, from * width, (to - from) * width);
        }
    }

    /**
     * Iterations per pass: as even a split as possible, the later passes taking the remainder (no pass is
     * shorter than MAX/2 iterations).
     */
    private static int[] passLevels(int iterations) {
        int passes = (iterations + MAX_ITERATIONS_PER_PASS - 1) / MAX_ITERATIONS_PER_PASS;
        int[] levels = new int[passes];
        int done = 0;
        for (int c = 0; c < passes; c++) {
            levels[c] = (iterations - done) / (passes - c);
            done += levels[c];
        }
        return levels;
    }

    /**
     * Rows on each side of a block boundary that a block reads from its neighbour in the last pass (its first
     * iteration starts one row further out per later iteration, plus the row above for a measure).
     */
    private static int guardRows(int iterations) {
        int[] levels = passLevels(iterations);
        return levels[levels.length - 1] + 1;
    }

    /**
     * Writes the proximal image of {@code input} into {@code output} and returns {@code measure} of it.
     * The measure is summed per column of a block of rows in float (at most 32 terms) and the rest in double, in
     * a fixed order: its relative error is below 1e-6 and it does not depend on the number of threads.
     *
     * @param input      the image to smooth; not modified
     * @param output     receives the result; a different array of the same length
     * @param lambda     TV weight, &gt; 0
     * @param iterations FGP iterations, &gt;= 1
     * @param blocks     the thread pool to run on
     * @param measure    what to measure of the result ({@link TvMeasure#NONE}: 0 is returned)
     */
    public double apply(float[] input, float[] output, int width, int height, double lambda, int iterations,
                        RowBlocks blocks, TvMeasure measure) {
        validate(input, width, height, lambda, iterations);
        Objects.requireNonNull(measure, "measure");
        if (output == input) {
            throw new IllegalArgumentException("output must not be the input array");
        }
        if (output.length != input.length) {
            throw new IllegalArgumentException("output has " + output.length + " pixels, input " + input.length);
        }
        return run(input, output, null, width, height, lambda, iterations, blocks, measure);
    }

    /**
     * The passes. {@code boundary}, when not null, receives the result rows next to block boundaries (then
     * {@code output} may be {@code input}: the other rows are read by their own block only, before it writes them).
     */
    private double run(float[] input, float[] output, float[] boundary, int width, int height, double lambda,
                       int iterations, RowBlocks blocks, TvMeasure measure) {
        if (input.length == 0) {
            return 0;
        }
        Plan plan = new Plan(variant, width, height, (float) lambda, iterations, measure);
        int[] passLevels = passLevels(iterations);
        int passes = passLevels.length;
        if (passes > 1 && (duals.length != 8 || duals[0].length != input.length)) {
            duals = new float[8][input.length];
        }
        double result = 0;
        int done = 0;
        for (int c = 0; c < passes; c++) {
            int levels = passLevels[c];
            boolean last = c == passes - 1;
            Pass pass = new Pass(plan, done, levels, last, c > 0 ? dualSet((c - 1) & 1) : null,
                    last ? null : dualSet(c & 1), input, output, boundary, boundary == null ? 0 : levels + 1);
            if (last) {
                result = blocks.sum(height, (start, end) -> runBlock(pass, start, end));
            } else {
                blocks.forEach(height, (start, end) -> runBlock(pass, start, end));
            }
            done += levels;
        }
        return result;
    }

    /** Whether {@code iterations} are done in one pass over the image, so that {@link #applyRows} can be used. */
    public static boolean isSinglePass(int iterations) {
        return iterations >= 1 && iterations <= MAX_ITERATIONS_PER_PASS;
    }

    /**
     * Rows [rowStart, rowEnd) of {@link #apply(float[], float[], int, int, double, int, RowBlocks, TvMeasure)}'s
     * result, for callers that run their own row blocks (and so can follow the step by other work on the same
     * rows without waiting for the other blocks). Only for single-pass iteration counts
     * ({@link #isSinglePass}). The rows are bit-identical to those of {@code apply}; the value returned is the
     * measure of these rows (each row's differences to the row above included), so that the sum over the blocks
     * of {@link RowBlocks}, in block order, is {@code apply}'s. Calls for different row ranges of the same images
     * may run concurrently on different threads; {@code input} must not change meanwhile, and rows outside
     * [rowStart, rowEnd) of {@code output} are not touched.
     */
    public double applyRows(float[] input, float[] output, int width, int height, double lambda, int iterations,
                            int rowStart, int rowEnd, TvMeasure measure) {
        validate(input, width, height, lambda, iterations);
        Objects.requireNonNull(measure, "measure");
        if (!isSinglePass(iterations)) {
            throw new IllegalArgumentException(iterations + " iterations take more than one pass; use apply");
        }
        if (output == input || output.length != input.length) {
            throw new IllegalArgumentException("output must be another array of the input's length");
        }
        if (rowStart < 0 || rowEnd > height || rowStart > rowEnd) {
            throw new IllegalArgumentException("rows [" + rowStart + ", " + rowEnd + ") are not in [0, " + height
                    + ")");
        }
        if (rowStart == rowEnd || width == 0) {
            return 0;
        }
        Plan plan = new Plan(variant, width, height, (float) lambda, iterations, measure);
        return runBlock(new Pass(plan, 0, iterations, true, null, null, input, output, null, 0), rowStart, rowEnd);
    }

    private static void validate(float[] image, int width, int height, double lambda, int iterations) {
        Require.positive("lambda_tv", lambda);
        Require.atLeastOne("n_iter_tv", iterations);
        if (width < 0 || height < 0 || (long) width * height != image.length) {
            throw new InvalidInputException("image of " + image.length + " pixels is not " + width + " x " + height);
        }
    }

    /** {pCur, pPrev, qCur, qPrev} of dual set {@code s}. */
    private float[][] dualSet(int s) {
        return new float[][] {duals[4 * s], duals[4 * s + 1], duals[4 * s + 2], duals[4 * s + 3]};
    }

    private double runBlock(Pass pass, int start, int end) {
        Workspace ws = workspaces.get();
        if (ws == null || ws.w != pass.plan.w || ws.lv.length <= pass.levels) {
            ws = new Workspace(pass.plan.w, Math.max(pass.levels, ws == null ? 0 : ws.lv.length - 1));
            workspaces.set(ws);
        }
        return ws.run(pass, start, end);
    }

    /** Everything fixed for one call. */
    private static final class Plan {
        final int w;
        final int h;
        final float lambda;
        final float step;
        final int pRowEnd;
        final int qColEnd;
        final boolean isotropic;
        /** {@code betaR[k]}: momentum of the extrapolated duals of iteration k (k &gt;= 2). */
        final float[] betaR;
        /** Momentum of the duals that give the result (0 except for the notebook variant). */
        final float betaF;
        final TvMeasure measure;

        Plan(FgpVariant v, int w, int h, float lambda, int n, TvMeasure measure) {
            this.w = w;
            this.h = h;
            this.lambda = lambda;
            this.step = 1f / (8f * lambda);
            this.pRowEnd = v.pRowEnd(h);
            this.qColEnd = v.qColEnd(w);
            this.isotropic = v.isotropic;
            this.measure = measure;
            betaR = new float[n + 1];
            double t = 1;
            double beta = 0;
            for (int k = 1; k <= n; k++) {
                betaR[k] = (float) beta;
                double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
                beta = (t - 1) / tNext;
                t = tNext;
            }
            betaF = v.extrapolatedResult ? (float) beta : 0f;
        }
    }

    /**
     * One pass: iterations {@code done + 1 .. done + levels}, starting from zero duals ({@code done == 0}) or
     * from {@code in}, ending with the result image (last pass) or the duals stored into {@code out}.
     */
    private record Pass(Plan plan, int done, int levels, boolean last, float[][] in, float[][] out,
                        float[] image, float[] result, float[] boundary, int guard) {

        /** Where result row i of the block [start, end) goes. */
        float[] target(int i, int start, int end) {
            if (boundary != null && (start > 0 && i < start + guard || end < plan.h && i >= end - guard)) {
                return boundary;
            }
            return result;
        }
    }

    /** Row buffers of one iteration; rings of two rows are indexed by row parity. */
    private static final class Level {
        final float[][] u;
        final float[][] p;
        final float[][] q;
        final float[][] ownRp;
        final float[][] ownRq;
        final float[] uLeft;
        final float[] rqShift;
        /** Extrapolated duals this iteration starts from: {@link #ownRp} or the previous iteration's p. */
        float[][] rp;
        float[][] rq;

        Level(int w) {
            u = new float[][] {new float[w], new float[w]};
            p = new float[][] {new float[w], new float[w]};
            q = new float[][] {new float[w], new float[w]};
            ownRp = new float[][] {new float[w], new float[w]};
            ownRq = new float[][] {new float[w], new float[w]};
            uLeft = new float[w];
            rqShift = new float[w];
            rp = ownRp;
            rq = ownRq;
        }
    }

    /**
     * Buffers of one worker: one {@link Level} per iteration of a pass ({@code lv[1..]}) and one for the result
     * ({@code lv[0]}). Its size depends on the width only, never on the image height.
     */
    private static final class Workspace {
        final int w;
        final Level[] lv;
        final float[] zero;
        final float[] acc;
        final BallCheck ballCheck;
        /** Rows of the input image, copied once for all iterations: row i is in {@code bRing[i % length]}. */
        final float[][] bRing;
        /** Rows of stored duals (passes after the first). */
        final float[] inCur;
        final float[] inPrev;
        final float[] pStored;
        final float[] qStored;
        final int[] lo;
        final int[] hi;

        Workspace(int w, int levels) {
            this.w = w;
            lv = new Level[levels + 1];
            for (int l = 0; l <= levels; l++) {
                lv[l] = new Level(w);
            }
            zero = new float[w];
            acc = new float[w];
            ballCheck = new BallCheck(w);
            bRing = new float[levels + 1][w];
            inCur = new float[w];
            inPrev = new float[w];
            pStored = new float[w];
            qStored = new float[w];
            lo = new int[levels + 1];
            hi = new int[levels + 1];
        }

        /**
         * Computes rows [start, end) of the pass's output. Iteration l (1-based within the pass) handles its row
         * i at step {@code i + l - 1}, the result its row i at step {@code i + levels}: each row is ready when the
         * next iteration needs it as the row below.
         */
        double run(Pass pass, int start, int end) {
            Plan pl = pass.plan;
            int levels = pass.levels;
            boolean measuring = pass.last && pl.measure != TvMeasure.NONE;
            // Rows of the result: one more above the block when measuring, for the differences of its first row.
            int outStart = measuring ? Math.max(0, start - 1) : start;
            // Rows of p needed from the last iteration: [a, z); each earlier one needs one more row on each side,
            // and its image one more row above.
            int a = pass.last ? outStart : start;
            int z = pass.last ? end + 1 : end;
            for (int l = 1; l <= levels; l++) {
                int pLo = Math.max(0, a - (levels - l));
                lo[l] = Math.max(0, pLo - 1);
                hi[l] = Math.min(pl.h, z + (levels - l));
                int k = pass.done + l;
                lv[l].rp = k == 2 ? lv[l - 1].p : lv[l].ownRp;
                lv[l].rq = k == 2 ? lv[l - 1].q : lv[l].ownRq;
            }
            Level res = lv[0];
            boolean extrapolateResult = pl.betaF != 0f;
            res.rp = extrapolateResult ? res.ownRp : lv[levels].p;
            res.rq = extrapolateResult ? res.ownRq : lv[levels].q;
            if (measuring) {
                Arrays.fill(acc, 0f);
            }
            int stepEnd = pass.last ? end + levels : hi[levels] + levels - 1;
            for (int t = lo[1]; t < stepEnd; t++) {
                if (t < hi[1]) {
                    // Iteration 1 reaches row t first; the result, the last to need it, at step t + levels.
                    System.arraycopy(pass.image, t * w, bRing[t % bRing.length], 0, w);
                }
                for (int l = 1; l <= levels; l++) {
                    int i = t - l + 1;
                    if (i >= lo[l] && i < hi[l]) {
                        iterationRow(pass, l, i, start, end);
                    }
                }
                if (pass.last) {
                    int i = t - levels;
                    if (i >= outStart && i < end) {
                        resultRow(pass, i, start, end, measuring);
                    }
                }
            }
            if (!measuring) {
                return 0;
            }
            double sum = 0;
            for (int j = 0; j < w; j++) {
                sum += acc[j];
            }
            return sum;
        }

        /** Iteration {@code done + l} on row i: its image row, its new duals, and what the next one starts from. */
        private void iterationRow(Pass pass, int l, int i, int start, int end) {
            Plan pl = pass.plan;
            Level v = lv[l];
            int k = pass.done + l;
            int sl = i & 1;
            int row = i * w;
            float[] u = v.u[sl];
            float[] b = bRing[i % bRing.length];
            float[] rp;
            float[] rq;
            if (k == 1) {
                positivePart(b, u, w);
                rp = zero;
                rq = zero;
            } else {
                if (l == 1) {
                    // First iteration of a later pass: extrapolate the stored duals, one row ahead.
                    float beta = pl.betaR[k];
                    if (i == lo[1]) {
                        loadExtrapolated(pass.in, row, beta, v.rp[sl], v.rq[sl]);
                    }
                    if (i + 1 < pl.h) {
                        loadExtrapolated(pass.in, row + w, beta, v.rp[sl ^ 1], v.rq[sl ^ 1]);
                    }
                }
                rp = v.rp[sl];
                rq = v.rq[sl];
                shiftLeft(rq, v.rqShift, w);
                image(b, rp, i + 1 < pl.h ? v.rp[sl ^ 1] : zero, rq, v.rqShift, pl.lambda, u, w);
            }
            System.arraycopy(u, 0, v.uLeft, 1, w - 1);
            float[] p = v.p[sl];
            float[] q = v.q[sl];
            dualStep(pl, i >= 1 && i < pl.pRowEnd, rp, rq, u, v.uLeft, v.u[sl ^ 1], p, q, w, ballCheck);

            // p_{k-1} of this row, for the momentum.
            float[] pPrev = null;
            float[] qPrev = null;
            if (l >= 2) {
                pPrev = lv[l - 1].p[sl];
                qPrev = lv[l - 1].q[sl];
            } else if (pass.in != null) {
                pPrev = pStored;
                qPrev = qStored;
                System.arraycopy(pass.in[0], row, pPrev, 0, w);
                System.arraycopy(pass.in[2], row, qPrev, 0, w);
            }
            if (l < pass.levels) {
                if (k >= 2) {
                    Level next = lv[l + 1];
                    float beta = pl.betaR[k + 1];
                    extrapolate(p, pPrev, beta, next.rp[sl], w);
                    extrapolate(q, qPrev, beta, next.rq[sl], w);
                }
                // k == 1: beta_2 = 0, the next iteration reads p_1 itself.
            } else if (pass.last) {
                if (pl.betaF != 0f) {
                    extrapolate(p, pPrev, pl.betaF, lv[0].rp[sl], w);
                    extrapolate(q, qPrev, pl.betaF, lv[0].rq[sl], w);
                }
            } else if (i >= start && i < end) {
                float[][] out = pass.out;
                System.arraycopy(p, 0, out[0], row, w);
                System.arraycopy(pPrev, 0, out[1], row, w);
                System.arraycopy(q, 0, out[2], row, w);
                System.arraycopy(qPrev, 0, out[3], row, w);
            }
        }

        /** Extrapolated stored duals of the row starting at {@code off}. */
        private void loadExtrapolated(float[][] in, int off, float beta, float[] rp, float[] rq) {
            System.arraycopy(in[0], off, inCur, 0, w);
            System.arraycopy(in[1], off, inPrev, 0, w);
            extrapolate(inCur, inPrev, beta, rp, w);
            System.arraycopy(in[2], off, inCur, 0, w);
            System.arraycopy(in[3], off, inPrev, 0, w);
            extrapolate(inCur, inPrev, beta, rq, w);
        }

        /** The result's row i (stored when the block owns it) and its share of the measure. */
        private void resultRow(Pass pass, int i, int start, int end, boolean measuring) {
            Plan pl = pass.plan;
            Level v = lv[0];
            int sl = i & 1;
            int row = i * w;
            float[] u = v.u[sl];
            shiftLeft(v.rq[sl], v.rqShift, w);
            image(bRing[i % bRing.length], v.rp[sl], i + 1 < pl.h ? v.rp[sl ^ 1] : zero, v.rq[sl], v.rqShift,
                    pl.lambda, u, w);
            if (i < start) {
                return;
            }
            System.arraycopy(u, 0, pass.target(i, start, end), row, w);
            if (measuring) {
                float[] left = v.uLeft;
                System.arraycopy(u, 0, left, 1, w - 1);
                left[0] = u[0];
                measureRow(pl.measure, u, i > 0 ? v.u[sl ^ 1] : u, left, acc, w);
            }
        }
    }

    // ---- Row kernels ----
    // They are written for C2's auto-vectoriser (JDK 17), which only handles loops that (1) index every array
    // with the same j (a neighbour j-1 or j+1 comes from a shifted copy), (2) do not mix an image array at an
    // offset with row buffers (image rows are copied in and out with System.arraycopy), and (3) have a small
    // body (it unrolls, and so vectorises, only loops below LoopUnrollLimit nodes: longer kernels are split).
    //
    // max(0, v) is computed as (v + |v|) / 2: exactly the same value for |v| <= Float.MAX_VALUE / 2 (v + |v| is
    // 2v or +0, and halving 2v is exact, subnormals included), and much faster than the SIMD form of Math.max,
    // which has to order NaN and signed zeros.

    /** {@code u = max(0, b)}: the image of zero duals. */
    private static void positivePart(float[] b, float[] u, int w) {
        for (int j = 0; j < w; j++) {
            float v = b[j];
            u[j] = (v + Math.abs(v)) * 0.5f;
        }
    }

    /** {@code u = max(0, b - lambda (rp - rpNext + rq - rqNext))}, {@code rqNext[j] = rq[j + 1]}. */
    private static void image(float[] b, float[] rp, float[] rpNext, float[] rq, float[] rqNext, float lambda,
                              float[] u, int w) {
        for (int j = 0; j < w; j++) {
            u[j] = rp[j] - rpNext[j] + rq[j] - rqNext[j];
        }
        for (int j = 0; j < w; j++) {
            float v = b[j] - lambda * u[j];
            u[j] = (v + Math.abs(v)) * 0.5f;
        }
    }

    /** {@code out = c + beta (c - prev)}. */
    private static void extrapolate(float[] c, float[] prev, float beta, float[] out, int w) {
        for (int j = 0; j < w; j++) {
            float x = c[j];
            out[j] = x + beta * (x - prev[j]);
        }
    }

    /** {@code out[j] = in[j + 1]}, 0 in the last column. */
    private static void shiftLeft(float[] in, float[] out, int w) {
        System.arraycopy(in, 1, out, 0, w - 1);
        out[w - 1] = 0f;
    }

    /**
     * New projected duals of one row: {@code p = P(rp + step (u - uAbove))} on active rows (else 0),
     * {@code q = P(rq + step (u - uLeft))} on columns 1 .. qColEnd-1 (else 0).
     */
    private static void dualStep(Plan pl, boolean rowActive, float[] rp, float[] rq, float[] u, float[] uLeft,
                                 float[] uAbove, float[] p, float[] q, int w, BallCheck ballCheck) {
        float step = pl.step;
        int qEnd = pl.qColEnd;
        if (!rowActive) {
            Arrays.fill(p, 0f);
        }
        // Columns without q: column 0 and, for the notebook operator, the last one.
        q[0] = 0f;
        for (int j = Math.max(1, qEnd); j < w; j++) {
            q[j] = 0f;
        }
        if (rowActive) {
            p[0] = edgeDual(pl, rp[0] + step * (u[0] - uAbove[0]));
            for (int j = Math.max(1, qEnd); j < w; j++) {
                p[j] = edgeDual(pl, rp[j] + step * (u[j] - uAbove[j]));
            }
        }
        // Small loop bodies: C2 unrolls (and so vectorises) only loops of fewer than LoopUnrollLimit nodes.
        if (pl.isotropic) {
            if (rowActive) {
                rowStep(rp, u, uAbove, step, p, qEnd);
                rowStep(rq, u, uLeft, step, q, qEnd);
                if (!ballCheck.projectionNeeded(p, q, qEnd)) {
                    // Every (p, q) of the row has norm <= 1: the projection would divide by exactly 1.
                    return;
                }
                for (int j = 1; j < qEnd; j++) {
                    float a = p[j];
                    float c = q[j];
                    // a / max(1, |(a, c)|) is a / |(a, c)| when that exceeds 1, else exactly a.
                    float s = Math.max(1f, (float) Math.sqrt(a * a + c * c));
                    p[j] = a / s;
                    q[j] = c / s;
                }
            } else {
                for (int j = 1; j < qEnd; j++) {
                    float c = rq[j] + step * (u[j] - uLeft[j]);
                    q[j] = c / Math.max(1f, (float) Math.sqrt(c * c));
                }
            }
        } else {
            if (rowActive) {
                clampedStep(rp, u, uAbove, step, p, qEnd);
            }
            clampedStep(rq, u, uLeft, step, q, qEnd);
        }
    }

    /**
     * Decides whether the isotropic projection of a row of duals can be skipped: when every {@code (p[j], q[j])}
     * has {@code p^2 + q^2 <= 1} it divides by exactly 1. On smooth enough images (e.g. the fusion phantoms, where
     * no dual ever reaches the ball's boundary) that saves the square root and two divisions per pixel, which cost
     * about three times the check. The check is branch-free and vectorised: {@code excess[j] = 2 max(0, p^2 + q^2
     * - 1)}, summed by halving (a sum of non-negative floats is 0 only when every term is; a NaN stays NaN). After
     * a row that needed the projection the next {@value #UNCHECKED_ROWS} rows are projected unchecked, which
     * bounds the cost of the check on rough images. Either way the duals are the same bits.
     */
    private static final class BallCheck {
        static final int UNCHECKED_ROWS = 7;
        final float[] excess;
        final float[] upper;
        int unchecked;

        BallCheck(int w) {
            excess = new float[w];
            upper = new float[w];
        }

        boolean projectionNeeded(float[] p, float[] q, int end) {
            if (unchecked > 0) {
                unchecked--;
                return true;
            }
            boolean outside = outsideUnitBall(p, q, end);
            if (outside) {
                unchecked = UNCHECKED_ROWS;
            }
            return outside;
        }

        /** Whether some {@code (p[j], q[j])}, j in [1, end), has {@code p^2 + q^2 > 1} or is NaN. */
        private boolean outsideUnitBall(float[] p, float[] q, int end) {
            for (int j = 1; j < end; j++) {
                float a = p[j];
                float c = q[j];
                float d = a * a + c * c - 1f;
                excess[j] = d + Math.abs(d);
            }
            // The n terms in excess[1, 1 + n): add the upper half onto the lower one until few are left.
            int n = end - 1;
            while (n > 32) {
                int half = n >>> 1;
                System.arraycopy(excess, 1 + n - half, upper, 1, half);
                for (int j = 1; j < 1 + half; j++) {
                    excess[j] += upper[j];
                }
                n -= half;
            }
            float sum = 0f;
            for (int j = 1; j < 1 + n; j++) {
                sum += excess[j];
            }
            return !(sum == 0f);
        }
    }

    /** {@code out = r + step (u - v)} on columns [1, end). */
    private static void rowStep(float[] r, float[] u, float[] v, float step, float[] out, int end) {
        for (int j = 1; j < end; j++) {
            out[j] = r[j] + step * (u[j] - v[j]);
        }
    }

    /** {@code out = clamp(r + step (u - v), -1, 1)} on columns [1, end); {@code a / |a|} is exactly +-1. */
    private static void clampedStep(float[] r, float[] u, float[] v, float step, float[] out, int end) {
        for (int j = 1; j < end; j++) {
            float a = r[j] + step * (u[j] - v[j]);
            out[j] = a / Math.max(1f, Math.abs(a));
        }
    }

    /** Projection of a p dual whose q partner is 0. */
    private static float edgeDual(Plan pl, float a) {
        if (pl.isotropic) {
            float norm = (float) Math.sqrt(a * a);
            return norm > 1f ? a / norm : a;
        }
        return a > 1f ? 1f : (a < -1f ? -1f : a);
    }

    /** Adds row u's terms of the measure to {@code acc}; {@code left[0] == u[0]}, {@code above == u} on row 0. */
    private static void measureRow(TvMeasure m, float[] u, float[] above, float[] left, float[] acc, int w) {
        switch (m) {
            case SQUARED_GRADIENT -> {
                for (int j = 0; j < w; j++) {
                    float dr = u[j] - above[j];
                    float dc = u[j] - left[j];
                    acc[j] += dr * dr + dc * dc;
                }
            }
            case ISOTROPIC -> {
                for (int j = 0; j < w; j++) {
                    float dr = u[j] - above[j];
                    float dc = u[j] - left[j];
                    acc[j] += (float) Math.sqrt(dr * dr + dc * dc);
                }
            }
            case ANISOTROPIC -> {
                for (int j = 0; j < w; j++) {
                    acc[j] += Math.abs(u[j] - above[j]) + Math.abs(u[j] - left[j]);
                }
            }
            default -> {
            }
        }
    }
}
