package org.fusionj.core.fusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.math.FastMath;
import org.fusionj.core.math.FixedPow;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.tv.FgpTvProximal;
import org.fusionj.core.tv.TotalVariation;
import org.fusionj.core.tv.TvMeasure;

/**
 * Fused multi-modal EM (Schwartz, Di et al., npj Comput. Mater. 8, 16, 2022): recovers elemental maps {@code x_e}
 * that explain both the noisy maps (Poisson term) and the HAADF image through {@code HAADF ~ sum_e w_e x_e^gamma},
 * with TV regularisation. Each outer iteration is a unit gradient step on the two data terms, a clip to
 * non-negative values, and one FGP TV proximal step per map.
 *
 * <p>How it runs. The FGP step of a block of rows needs a few rows of its neighbours, but the gradient step that
 * follows it (next iteration) only its own rows. So, whenever the FGP takes one pass over the image (up to
 * {@link FgpTvProximal#isSinglePass 8 iterations}), one parallel phase per outer iteration does, for each block
 * of rows: the FGP step of every map (into a second set of maps), then the next gradient step on those rows,
 * which also sums the HAADF and Poisson costs of the iterate it starts from; the FGP returns the TV cost of the
 * rows it produced. Threads therefore meet once per iteration, and a block's rows stay in one core's cache from
 * the TV step to the gradient step. The last phase computes the model HAADF instead of a gradient step.
 * Otherwise (no regularisation, or long FGP runs) the passes are separate.
 *
 * <p>Numerics: powers by {@link FixedPow} (relative error below 1e-15), the logarithms of the Poisson cost by
 * {@link FastMath#logForSum} (absolute error below 4e-13 per term, so below 1e-12 relative on the cost, which sums
 * terms of one sign in the notebook's definition); per-pixel arithmetic in double as before. When the cost's
 * offset is tiny (the notebook's {@code log(x + 1e-8)}), the logarithm comes from the power's own reduction of x
 * ({@link FixedPow#applyWithLog}: the same powers, logarithms within 5e-13) instead of a reduction of its own.
 * Memory: the normalised inputs, two sets of maps (one set when the passes are separate), the model, and a few
 * small buffers per thread. Per-block partial sums are added in block order, so every result is bit-identical for
 * any thread count.
 */
public final class FusionSolver {

    /** Offset inside the notebook's logged Poisson cost, {@code log(x + 1e-8)}. */
    private static final double NOTEBOOK_LOG_OFFSET = 1e-8;
    /** Largest cost offset for which {@link FixedPow#applyWithLog} is used (it pays when x >= 2^14 offset). */
    private static final double SHARED_LOG_MAX_OFFSET = 1e-6;

    private final int threads;

    /** @param threads worker threads (results do not depend on it) */
    public FusionSolver(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    public FusionResult solve(FusionProblem problem, FusionParameters params) {
        return solve(problem, params, ProgressListener.NONE, CancellationToken.NEVER);
    }

    /**
     * Runs the fusion.
     *
     * @throws org.fusionj.core.progress.CancelledException when {@code cancel} fires; nothing is returned then
     */
    public FusionResult solve(FusionProblem problem, FusionParameters params, ProgressListener progress,
                              CancellationToken cancel) {
        try (RowBlocks blocks = new RowBlocks(threads)) {
            return new Run(problem, params, blocks, progress, cancel).execute();
        }
    }

    /** The state of one solve. */
    private static final class Run {
        /** Pixels per chunk of the per-pixel passes: SIMD loops long enough, buffers small enough for L1. */
        private static final int CHUNK = 512;

        private final FusionParameters params;
        private final RowBlocks blocks;
        private final ProgressListener progress;
        private final CancellationToken cancel;
        private final boolean tutorial;
        private final int width;
        private final int height;
        private final int nElements;
        private final String[] symbols;
        private final float[] b;
        private final float[][] x0;
        /** The current iterate; in the fused scheme the TV step writes into {@link #xNext}, then they swap. */
        private float[][] x;
        private float[][] xNext;
        private final double[] w;
        private final double gamma;
        private final double lambdaHaadf;
        private final FixedPow powGammaMinusOne;
        private final FixedPow powGamma;
        /** Offset in the logged Poisson cost. */
        private final double chemOffset;
        /** Whether the Poisson cost's logarithms come with the powers ({@link FixedPow#applyWithLog}). */
        private final boolean sharedLog;
        private final FgpTvProximal tv;
        private final TvMeasure tvMeasure;
        /** Per block: the HAADF and Poisson cost shares, and per map the TV cost share, of the last phase. */
        private final double[] blockHaadf;
        private final double[] blockChem;
        private final double[][] blockTv;
        /** Chunk buffers of each worker thread. */
        private final ThreadLocal<Chunk> chunks = ThreadLocal.withInitial(Chunk::new);

        Run(FusionProblem problem, FusionParameters params, RowBlocks blocks, ProgressListener progress,
            CancellationToken cancel) {
            this.params = params;
            this.blocks = blocks;
            this.progress = progress;
            this.cancel = cancel;
            this.tutorial = params.preset() == FusionPreset.TUTORIAL;
            this.width = problem.width();
            this.height = problem.height();
            this.nElements = problem.elementCount();
            this.symbols = problem.symbols();
            this.gamma = params.gamma();
            this.lambdaHaadf = params.effectiveLambdaHaadf(nElements);
            this.b = normalised(problem.haadf());
            this.x0 = new float[nElements][];
            this.x = new float[nElements][];
            for (int e = 0; e < nElements; e++) {
                x0[e] = normalised(problem.maps().get(e).image());
                x[e] = initialIterate(x0[e]);
            }
            double[] weights = params.weightMethod().weights(problem.atomicNumbers(), gamma);
            if (tutorial) {
                for (int e = 0; e < nElements; e++) {
                    weights[e] = HalfPrecision.round(weights[e]);
                }
            }
            this.w = weights;
            this.powGammaMinusOne = FixedPow.of(gamma - 1);
            this.powGamma = FixedPow.of(gamma);
            this.chemOffset = tutorial ? NOTEBOOK_LOG_OFFSET : params.background();
            // An offset tiny against the iterates: the cost's log shares the powers' range reduction.
            this.sharedLog = chemOffset <= SHARED_LOG_MAX_OFFSET;
            this.tv = new FgpTvProximal(params.preset().tvVariant());
            this.tvMeasure = tutorial ? TvMeasure.SQUARED_GRADIENT : TvMeasure.ISOTROPIC;
            int nBlocks = RowBlocks.blockCount(height);
            this.blockHaadf = new double[nBlocks];
            this.blockChem = new double[nBlocks];
            this.blockTv = new double[nElements][nBlocks];
        }

        private float[] initialIterate(float[] normalisedMap) {
            float[] init = normalisedMap.clone();
            if (params.hasInitialThreshold()) {
                float t = (float) params.initialThreshold();
                for (int i = 0; i < init.length; i++) {
                    if (init[i] < t) {
                        init[i] = 0f;
                    }
                }
            }
            return init;
        }

        FusionResult execute() {
            int n = params.iterations();
            CostLog costs = new CostLog(new double[n], new double[n], new double[n]);
            float[] model = new float[b.length];
            if (params.regularize() && FgpTvProximal.isSinglePass(params.tvIterations())) {
                runFused(costs, model);
            } else {
                runSeparate(costs, model);
            }
            List<float[]> normalisedMaps = new ArrayList<>();
            List<float[]> fused = new ArrayList<>();
            for (int e = 0; e < nElements; e++) {
                normalisedMaps.add(x0[e]);
                fused.add(x[e]);
            }
            return new FusionResult(List.of(symbols), fused, model, b, normalisedMaps, w.clone(), lambdaHaadf,
                    costs, width, height);
        }

        /** One phase per iteration: TV steps of a block, then the next gradient step (or the model) on it. */
        private void runFused(CostLog costs, float[] model) {
            int n = params.iterations();
            xNext = new float[nElements][b.length];
            cancel.throwIfCancelled();
            blocks.forEach(height, (start, end) -> gradientStepRows(x, start, end));
            for (int k = 0; k < n; k++) {
                cancel.throwIfCancelled();
                boolean last = k == n - 1;
                blocks.forEach(height, (start, end) -> {
                    int block = RowBlocks.blockIndex(start);
                    for (int e = 0; e < nElements; e++) {
                        blockTv[e][block] = tv.applyRows(x[e], xNext[e], width, height, params.lambdaTv(),
                                params.tvIterations(), start, end, tvMeasure);
                    }
                    if (last) {
                        modelRows(xNext, start, end, model);
                    } else {
                        gradientStepRows(xNext, start, end);
                    }
                });
                float[][] swap = x;
                x = xNext;
                xNext = swap;
                double tvSum = 0;
                for (int e = 0; e < nElements; e++) {
                    double m = sumInBlockOrder(blockTv[e]);
                    // The notebook logs sqrt(sum of squared differences).
                    tvSum += tutorial ? Math.sqrt(m) : m;
                }
                costs.tv()[k] = tvSum;
                // Costs of the iterate after this TV step, summed while starting the next step.
                costs.haadf()[k] = sumInBlockOrder(blockHaadf);
                costs.chem()[k] = sumInBlockOrder(blockChem);
                progress.progress((k + 1.0) / n, "iteration " + (k + 1) + " of " + n);
            }
        }

        /** Gradient passes and TV steps as separate parallel passes. */
        private void runSeparate(CostLog costs, float[] model) {
            int n = params.iterations();
            float[] spare = params.regularize() ? new float[b.length] : null;
            for (int k = 0; k < n; k++) {
                cancel.throwIfCancelled();
                // Also the HAADF and Poisson costs of the previous iterate.
                blocks.forEach(height, (start, end) -> gradientStepRows(x, start, end));
                if (k > 0) {
                    costs.haadf()[k - 1] = sumInBlockOrder(blockHaadf);
                    costs.chem()[k - 1] = sumInBlockOrder(blockChem);
                }
                double tvSum = 0;
                if (params.regularize()) {
                    for (int e = 0; e < nElements; e++) {
                        cancel.throwIfCancelled();
                        double m = tv.apply(x[e], spare, width, height, params.lambdaTv(), params.tvIterations(),
                                blocks, tvMeasure);
                        float[] previous = x[e];
                        x[e] = spare;
                        spare = previous;
                        tvSum += tutorial ? Math.sqrt(m) : m;
                    }
                } else if (!tutorial) {
                    // The notebook logs no TV cost when it does not regularise; FusionJ logs the true TV.
                    for (float[] xe : x) {
                        tvSum += blocks.sum(height, (start, end) -> TotalVariation.isotropicRows(xe, width, start,
                                end));
                    }
                }
                costs.tv()[k] = tvSum;
                progress.progress((k + 1.0) / n, "iteration " + (k + 1) + " of " + n);
            }
            blocks.forEach(height, (start, end) -> modelRows(x, start, end, model));
            costs.haadf()[n - 1] = sumInBlockOrder(blockHaadf);
            costs.chem()[n - 1] = sumInBlockOrder(blockChem);
        }

        private static double sumInBlockOrder(double[] partial) {
            double total = 0;
            for (double p : partial) {
                total += p;
            }
            return total;
        }

        /** Buffers of one worker thread for a chunk of pixels. */
        private final class Chunk {
            final double[][] xd = new double[nElements][CHUNK];
            final double[][] pw = new double[nElements][CHUNK];
            final double[] model = new double[CHUNK];
            final double[] aux = new double[CHUNK];
            final double[] next = new double[CHUNK];
            final double[] haadfAcc = new double[CHUNK];
            final double[] chemAcc = new double[CHUNK];
        }

        /**
         * Gradient step with unit length on both data terms, then the clip to x &gt;= 0, on rows [start, end) of
         * the maps {@code xa}, in place. Stores this block's shares of {@code 1/2 ||A x^gamma - b||^2} and of the
         * Poisson cost of the maps before the step.
         *
         * <p>The block's pixels go through chunks of short loops over double buffers: the conversions from and to
         * float and the transcendental functions are scalar, everything else compiles to SIMD code.
         */
        private void gradientStepRows(float[][] xa, int start, int end) {
            int block = RowBlocks.blockIndex(start);
            Chunk c = chunks.get();
            double[] model = c.model;
            double[] aux = c.aux;
            double[] next = c.next;
            double[] haadfAcc = c.haadfAcc;
            double[] chemAcc = c.chemAcc;
            Arrays.fill(haadfAcc, 0);
            Arrays.fill(chemAcc, 0);
            double haadfFactor = gamma * lambdaHaadf;
            double lambdaChem = params.lambdaChem();
            double bkg = params.background();
            for (int p0 = start * width, stop = end * width; p0 < stop; p0 += CHUNK) {
                int len = Math.min(CHUNK, stop - p0);
                // Model A x^gamma = sum_e w_e x_e x_e^(gamma-1), keeping the powers for the gradient.
                for (int e = 0; e < nElements; e++) {
                    double[] xe = c.xd[e];
                    double[] pe = c.pw[e];
                    toDouble(xa[e], p0, xe, len);
                    if (sharedLog) {
                        // The powers and the logarithms of the Poisson cost from one reduction of x.
                        powGammaMinusOne.applyWithLog(xe, chemOffset, pe, next, len);
                        toDouble(x0[e], p0, aux, len);
                        chemTerms(xe, aux, next, chemAcc, len);
                    } else {
                        for (int j = 0; j < len; j++) {
                            pe[j] = powGammaMinusOne.apply(xe[j]);
                        }
                    }
                    double we = w[e];
                    if (e == 0) {
                        for (int j = 0; j < len; j++) {
                            model[j] = we * xe[j] * pe[j];
                        }
                    } else {
                        for (int j = 0; j < len; j++) {
                            model[j] += we * xe[j] * pe[j];
                        }
                    }
                }
                // Residual, into model.
                toDouble(b, p0, aux, len);
                for (int j = 0; j < len; j++) {
                    double r = model[j] - aux[j];
                    model[j] = r;
                    haadfAcc[j] += r * r;
                }
                for (int e = 0; e < nElements; e++) {
                    double[] xe = c.xd[e];
                    double[] pe = c.pw[e];
                    double we = w[e];
                    toDouble(x0[e], p0, aux, len);
                    if (!sharedLog) {
                        chemCost(xe, aux, next, chemAcc, len);
                    }
                    for (int j = 0; j < len; j++) {
                        double v = xe[j];
                        double grad = haadfFactor * pe[j] * we * model[j] + lambdaChem * (1 - aux[j] / (v + bkg));
                        double step = v - grad;
                        // max(0, step): step + |step| is 2 step or +0, and halving is exact.
                        next[j] = (step + Math.abs(step)) * 0.5;
                    }
                    float[] xf = xa[e];
                    for (int j = 0; j < len; j++) {
                        xf[p0 + j] = (float) next[j];
                    }
                }
            }
            blockHaadf[block] = 0.5 * sum(haadfAcc);
            blockChem[block] = sum(chemAcc);
        }

        /**
         * Adds the Poisson cost terms of one map's chunk to {@code acc}: {@code x0 log(x + 1e-8) - x} (notebook)
         * or {@code x - x0 log(x + bkg)}. {@code logs} is scratch.
         */
        private void chemCost(double[] xe, double[] x0e, double[] logs, double[] acc, int len) {
            double offset = chemOffset;
            for (int j = 0; j < len; j++) {
                logs[j] = FastMath.logForSum(xe[j] + offset);
            }
            chemTerms(xe, x0e, logs, acc, len);
        }

        /** Adds the Poisson cost terms of one map's chunk to {@code acc}, given {@code logs = log(x + offset)}. */
        private void chemTerms(double[] xe, double[] x0e, double[] logs, double[] acc, int len) {
            if (tutorial) {
                for (int j = 0; j < len; j++) {
                    acc[j] += x0e[j] * logs[j] - xe[j];
                }
            } else {
                for (int j = 0; j < len; j++) {
                    acc[j] += xe[j] - x0e[j] * logs[j];
                }
            }
        }

        /**
         * Writes {@code A x^gamma} of the maps {@code xa} for rows [start, end) into {@code model}; stores the
         * rows' shares of the HAADF and Poisson costs.
         */
        private void modelRows(float[][] xa, int start, int end, float[] model) {
            int block = RowBlocks.blockIndex(start);
            Chunk c = chunks.get();
            double[] m = c.model;
            double[] xe = c.xd[0];
            double[] aux = c.aux;
            double[] next = c.next;
            double[] haadfAcc = c.haadfAcc;
            double[] chemAcc = c.chemAcc;
            Arrays.fill(haadfAcc, 0);
            Arrays.fill(chemAcc, 0);
            for (int p0 = start * width, stop = end * width; p0 < stop; p0 += CHUNK) {
                int len = Math.min(CHUNK, stop - p0);
                for (int e = 0; e < nElements; e++) {
                    toDouble(xa[e], p0, xe, len);
                    double we = w[e];
                    if (sharedLog) {
                        double[] pe = c.pw[0];
                        powGamma.applyWithLog(xe, chemOffset, pe, next, len);
                        if (e == 0) {
                            for (int j = 0; j < len; j++) {
                                m[j] = we * pe[j];
                            }
                        } else {
                            for (int j = 0; j < len; j++) {
                                m[j] += we * pe[j];
                            }
                        }
                        toDouble(x0[e], p0, aux, len);
                        chemTerms(xe, aux, next, chemAcc, len);
                        continue;
                    }
                    if (e == 0) {
                        for (int j = 0; j < len; j++) {
                            m[j] = we * powGamma.apply(xe[j]);
                        }
                    } else {
                        for (int j = 0; j < len; j++) {
                            m[j] += we * powGamma.apply(xe[j]);
                        }
                    }
                    toDouble(x0[e], p0, aux, len);
                    chemCost(xe, aux, next, chemAcc, len);
                }
                toDouble(b, p0, aux, len);
                for (int j = 0; j < len; j++) {
                    double r = m[j] - aux[j];
                    haadfAcc[j] += r * r;
                }
                for (int j = 0; j < len; j++) {
                    model[p0 + j] = (float) m[j];
                }
            }
            blockHaadf[block] = 0.5 * sum(haadfAcc);
            blockChem[block] = sum(chemAcc);
        }

        private static void toDouble(float[] src, int off, double[] dst, int n) {
            for (int j = 0; j < n; j++) {
                dst[j] = src[off + j];
            }
        }

        private static double sum(double[] a) {
            double s = 0;
            for (double v : a) {
                s += v;
            }
            return s;
        }

        /** Min-max normalisation to [0, 1] in double precision; the input is never modified. */
        private static float[] normalised(ImagePlane img) {
            float[] px = img.pixels();
            // Plain comparisons (the pixels are finite): scalar Math.min/max order NaN and signed zeros, slowly.
            float lo = px[0];
            float hi = px[0];
            for (float v : px) {
                if (v < lo) {
                    lo = v;
                }
                if (v > hi) {
                    hi = v;
                }
            }
            double min = lo;
            double range = (double) hi - min;
            float[] out = new float[px.length];
            for (int i = 0; i < px.length; i++) {
                out[i] = (float) ((px[i] - min) / range);
            }
            return out;
        }
    }
}
