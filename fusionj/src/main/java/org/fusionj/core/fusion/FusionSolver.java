package org.fusionj.core.fusion;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.tv.FgpTvProximal;
import org.fusionj.core.tv.FgpVariant;
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
 * <p>Numerics: the per-pixel work runs in float, vectorised by the JIT ({@link DataTermStep}): powers by
 * {@link org.fusionj.core.math.FloatPow} (relative error about 2e-7 at gamma 1.6, below 1e-6), the Poisson cost's
 * logarithms by {@link org.fusionj.core.math.FloatLog}; the TV step was float already. Against the same solver in
 * double the maps differ by about 2e-7 and the costs by 3e-7 relative (measured figures in docs/fusion.md).
 * Memory: the normalised inputs, two sets of maps (one set when the passes are separate), the model, and a few
 * small buffers per thread. Per-block partial sums are added in block order, so every result is bit-identical for
 * any thread count.
 */
public final class FusionSolver {

    /** Offset inside the notebook's logged Poisson cost, {@code log(x + 1e-8)}. */
    private static final double NOTEBOOK_LOG_OFFSET = 1e-8;

    private final int threads;
    /** Replaces the preset's TV operator and lambda scale (studies of the numerics only); null: the preset's. */
    private final FgpVariant tvVariantOverride;
    private final double tvScaleOverride;

    /** @param threads worker threads (results do not depend on it) */
    public FusionSolver(int threads) {
        this(threads, null, Double.NaN);
    }

    private FusionSolver(int threads, FgpVariant tvVariantOverride, double tvScaleOverride) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.tvVariantOverride = tvVariantOverride;
        this.tvScaleOverride = tvScaleOverride;
    }

    /**
     * A solver whose TV step uses {@code variant} with {@code lambda_tv} scaled by {@code lambdaScale}, whatever the
     * preset (which still decides the weights and the cost definitions). For studies of the numerics
     * ({@code bench fusion-family}), not for users.
     */
    public FusionSolver withTvOperator(FgpVariant variant, double lambdaScale) {
        if (!(lambdaScale > 0)) {
            throw new IllegalArgumentException("lambda scale must be positive, got " + lambdaScale);
        }
        return new FusionSolver(threads, variant, lambdaScale);
    }

    public int threads() {
        return threads;
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
        return solve(problem, params, progress, cancel, null);
    }

    /**
     * Runs the fusion and shows the maps to {@code observer} after every outer iteration (null: no observer).
     *
     * @throws org.fusionj.core.progress.CancelledException when {@code cancel} fires; nothing is returned then
     */
    public FusionResult solve(FusionProblem problem, FusionParameters params, ProgressListener progress,
                              CancellationToken cancel, IterationObserver observer) {
        return solve(problem, params, progress, cancel, observer, null);
    }

    /**
     * As above, with each map scaled to [0, 1] by the given {@code {min, max}} instead of its own (null, or a null
     * entry: its own).
     * Automatic parameters use it so that a thinned training half is on the scale its full map would be on: a
     * half-dose map's own maximum is a noisier, relatively larger order statistic, and scaling by it would shrink the
     * map against the HAADF model and change how fast the iterations move (the choice of {@code n_iter} with it).
     */
    FusionResult solve(FusionProblem problem, FusionParameters params, ProgressListener progress,
                       CancellationToken cancel, IterationObserver observer, double[][] mapRanges) {
        return solve(problem, params, progress, cancel, observer, mapRanges, null);
    }

    /**
     * As above, and with the HAADF scaled to [0, 1] by {@code haadfRange = {min, max}} (null: its own). Automatic
     * parameters search on a centred crop of a large image: the crop is scaled by the whole image's ranges, as the
     * final solve will scale it, so that the choice is made on the scale it is used on.
     */
    FusionResult solve(FusionProblem problem, FusionParameters params, ProgressListener progress,
                       CancellationToken cancel, IterationObserver observer, double[][] mapRanges,
                       double[] haadfRange) {
        try (RowBlocks blocks = new RowBlocks(threads)) {
            return new Run(problem, params, blocks, progress, cancel, tvVariantOverride, tvScaleOverride, observer,
                    mapRanges, haadfRange).execute();
        }
    }

    /** The state of one solve. */
    private static final class Run {
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
        private final double lambdaHaadf;
        private final DataTermStep dataTerms;
        private final FgpTvProximal tv;
        /** Per map: lambda_tv as the TV step uses it (scaled), and n_iter_tv. */
        private final double[] lambdaTv;
        private final int[] tvIterations;
        /** Per map: the iteration whose map is returned (early stopping per element); the solve runs the largest. */
        private final int[] iterations;
        private final int maxIterations;
        /** Per map: its map after its own last iteration, when that comes before the end of the solve. */
        private final float[][] stopped;
        private final IterationObserver observer;
        /** Copies of the maps after each TV step, for the observer (null without one). */
        private final float[][] snapshot;
        private final TvMeasure tvMeasure;
        /** Per block: the HAADF and Poisson cost shares, and per map the TV cost share, of the last phase. */
        private final double[] blockHaadf;
        private final double[] blockChem;
        private final double[][] blockTv;

        Run(FusionProblem problem, FusionParameters params, RowBlocks blocks, ProgressListener progress,
            CancellationToken cancel, FgpVariant variantOverride, double scaleOverride, IterationObserver observer,
            double[][] mapRanges, double[] haadfRange) {
            this.observer = observer;
            this.params = params;
            this.blocks = blocks;
            this.progress = progress;
            this.cancel = cancel;
            this.tutorial = params.preset() == FusionPreset.TUTORIAL;
            this.width = problem.width();
            this.height = problem.height();
            this.nElements = problem.elementCount();
            this.symbols = problem.symbols();
            params.overrides().requireElements(nElements);
            double gamma = params.gamma();
            this.lambdaHaadf = params.effectiveLambdaHaadf(nElements);
            this.b = haadfRange == null ? normalised(problem.haadf())
                    : normalised(problem.haadf(), haadfRange[0], haadfRange[1]);
            this.x0 = new float[nElements][];
            this.x = new float[nElements][];
            for (int e = 0; e < nElements; e++) {
                x0[e] = mapRanges == null || mapRanges[e] == null ? normalised(problem.maps().get(e).image())
                        : normalised(problem.maps().get(e).image(), mapRanges[e][0], mapRanges[e][1]);
                x[e] = initialIterate(x0[e]);
            }
            double[] weights = params.weightMethod().weights(problem.atomicNumbers(), gamma);
            if (tutorial) {
                for (int e = 0; e < nElements; e++) {
                    weights[e] = HalfPrecision.round(weights[e]);
                }
            }
            this.w = weights;
            double[] lambdaChem = new double[nElements];
            this.lambdaTv = new double[nElements];
            this.tvIterations = new int[nElements];
            double scale = variantOverride != null ? scaleOverride : params.preset().tvLambdaScale();
            this.iterations = new int[nElements];
            for (int e = 0; e < nElements; e++) {
                iterations[e] = params.iterations(e);
            }
            this.maxIterations = params.maxIterations(nElements);
            this.stopped = new float[nElements][];
            for (int e = 0; e < nElements; e++) {
                if (iterations[e] < maxIterations) {
                    stopped[e] = new float[problem.width() * problem.height()];
                }
            }
            this.snapshot = observer == null ? null : new float[nElements][problem.width() * problem.height()];
            for (int e = 0; e < nElements; e++) {
                lambdaChem[e] = params.lambdaChem(e);
                lambdaTv[e] = params.lambdaTv(e) * scale;
                tvIterations[e] = params.tvIterations(e);
            }
            this.dataTerms = new DataTermStep(b, x0, weights, gamma, lambdaHaadf, lambdaChem,
                    params.background(), tutorial ? NOTEBOOK_LOG_OFFSET : params.background(), tutorial);
            this.tv = new FgpTvProximal(variantOverride != null ? variantOverride : params.preset().tvVariant());
            this.tvMeasure = tutorial ? TvMeasure.SQUARED_GRADIENT : TvMeasure.ISOTROPIC;
            int nBlocks = RowBlocks.blockCount(height);
            this.blockHaadf = new double[nBlocks];
            this.blockChem = new double[nBlocks];
            this.blockTv = new double[nElements][nBlocks];
        }

        /** The first iterate: the normalised map, with pixels below the initial threshold (if any) set to 0. */
        private float[] initialIterate(float[] normalisedMap) {
            float[] init = new float[normalisedMap.length];
            boolean threshold = params.hasInitialThreshold();
            float t = (float) params.initialThreshold();
            blocks.forEach(height, (start, end) -> {
                int from = start * width;
                int to = end * width;
                System.arraycopy(normalisedMap, from, init, from, to - from);
                if (threshold) {
                    for (int i = from; i < to; i++) {
                        if (init[i] < t) {
                            init[i] = 0f;
                        }
                    }
                }
            });
            return init;
        }

        FusionResult execute() {
            int n = maxIterations;
            CostLog costs = new CostLog(new double[n], new double[n], new double[n]);
            float[] model = new float[b.length];
            if (params.regularize() && FgpTvProximal.isSinglePass(params.maxTvIterations(nElements))) {
                runFused(costs, model);
            } else {
                runSeparate(costs, model);
            }
            List<float[]> normalisedMaps = new ArrayList<>();
            List<float[]> fused = new ArrayList<>();
            boolean early = false;
            for (int e = 0; e < nElements; e++) {
                normalisedMaps.add(x0[e]);
                fused.add(stopped[e] != null ? stopped[e] : x[e]);
                early |= stopped[e] != null;
            }
            if (early) {
                // The model HAADF of the maps returned (the costs stay those of the run).
                float[][] returned = fused.toArray(new float[0][]);
                blocks.forEach(height, (start, end) -> dataTerms.model(returned, start * width, end * width, model));
            }
            return new FusionResult(List.of(symbols), fused, model, b, normalisedMaps, w.clone(), lambdaHaadf,
                    costs, width, height);
        }

        /** The observer's call after iteration {@code k} (0-based); the snapshot holds the maps after the TV step. */
        private void observe(int k, float[][] maps) {
            if (observer != null) {
                observer.iterationDone(k + 1, java.util.Arrays.asList(maps));
            }
        }

        /** One phase per iteration: TV steps of a block, then the next gradient step (or the model) on it. */
        private void runFused(CostLog costs, float[] model) {
            int n = maxIterations;
            xNext = new float[nElements][b.length];
            cancel.throwIfCancelled();
            blocks.forEach(height, (start, end) -> gradientStepRows(x, start, end));
            for (int k = 0; k < n; k++) {
                cancel.throwIfCancelled();
                boolean last = k == n - 1;
                int iteration = k + 1;
                blocks.forEach(height, (start, end) -> {
                    int block = RowBlocks.blockIndex(start);
                    int from = start * width;
                    int length = (end - start) * width;
                    for (int e = 0; e < nElements; e++) {
                        blockTv[e][block] = tv.applyRows(x[e], xNext[e], width, height, lambdaTv[e],
                                tvIterations[e], start, end, tvMeasure);
                        if (snapshot != null) {
                            System.arraycopy(xNext[e], from, snapshot[e], from, length);
                        }
                        if (stopped[e] != null && iteration == iterations[e]) {
                            System.arraycopy(xNext[e], from, stopped[e], from, length);
                        }
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
                observe(k, snapshot);
                progress.progress((k + 1.0) / n, "iteration " + (k + 1) + " of " + n);
            }
        }

        /** Gradient passes and TV steps as separate parallel passes. */
        private void runSeparate(CostLog costs, float[] model) {
            int n = maxIterations;
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
                        double m = tv.apply(x[e], spare, width, height, lambdaTv[e], tvIterations[e],
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
                for (int e = 0; e < nElements; e++) {
                    if (stopped[e] != null && k + 1 == iterations[e]) {
                        System.arraycopy(x[e], 0, stopped[e], 0, x[e].length);
                    }
                }
                if (observer != null) {
                    observe(k, x);
                }
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

        /** The gradient step on rows [start, end) of {@code xa}; stores the block's cost shares. */
        private void gradientStepRows(float[][] xa, int start, int end) {
            storeCosts(start, dataTerms.gradientStep(xa, start * width, end * width));
        }

        /** The model HAADF of rows [start, end) of {@code xa} into {@code model}; stores the block's cost shares. */
        private void modelRows(float[][] xa, int start, int end, float[] model) {
            storeCosts(start, dataTerms.model(xa, start * width, end * width, model));
        }

        private void storeCosts(int start, DataTermStep.Costs c) {
            int block = RowBlocks.blockIndex(start);
            blockHaadf[block] = c.haadf();
            blockChem[block] = c.chem();
        }

        /**
         * {@code out[i] = (float) ((px[i] - min) / range)} for i in [from, to). Four pixels per step: on x86 the
         * float-to-double conversion merges into its destination register, and in a loop of one pixel per step that
         * false dependency chains each pixel to the previous pixel's division (latency-bound, about 7 ns a pixel);
         * four independent conversions per step break the chain.
         */
        private static void normaliseRange(float[] px, float[] out, int from, int to, double min, double range) {
            int i = from;
            for (; i + 4 <= to; i += 4) {
                double a = px[i];
                double b = px[i + 1];
                double c = px[i + 2];
                double d = px[i + 3];
                out[i] = (float) ((a - min) / range);
                out[i + 1] = (float) ((b - min) / range);
                out[i + 2] = (float) ((c - min) / range);
                out[i + 3] = (float) ((d - min) / range);
            }
            for (; i < to; i++) {
                out[i] = (float) ((px[i] - min) / range);
            }
        }

        /**
         * Min-max normalisation to [0, 1] in double precision, by blocks of rows on the pool (each pixel is computed
         * the same way whatever the blocks); the input is never modified.
         */
        private float[] normalised(ImagePlane img) {
            float[] px = img.pixels();
            int w = img.width();
            int nBlocks = RowBlocks.blockCount(height);
            float[] blockMin = new float[nBlocks];
            float[] blockMax = new float[nBlocks];
            blocks.forEach(height, (start, end) -> {
                // Plain comparisons (the pixels are finite): scalar Math.min/max order NaN and signed zeros, slowly.
                float lo = px[start * w];
                float hi = lo;
                for (int i = start * w, stop = end * w; i < stop; i++) {
                    float v = px[i];
                    if (v < lo) {
                        lo = v;
                    }
                    if (v > hi) {
                        hi = v;
                    }
                }
                blockMin[RowBlocks.blockIndex(start)] = lo;
                blockMax[RowBlocks.blockIndex(start)] = hi;
            });
            float lo = blockMin[0];
            float hi = blockMax[0];
            for (int k = 1; k < nBlocks; k++) {
                if (blockMin[k] < lo) {
                    lo = blockMin[k];
                }
                if (blockMax[k] > hi) {
                    hi = blockMax[k];
                }
            }
            return normalised(img, lo, hi);
        }

        /** {@code (v - lo) / (hi - lo)} for every pixel, by blocks of rows on the pool. */
        private float[] normalised(ImagePlane img, double lo, double hi) {
            float[] px = img.pixels();
            int w = img.width();
            double min = lo;
            double range = hi - min;
            float[] out = new float[px.length];
            blocks.forEach(height, (start, end) -> normaliseRange(px, out, start * w, end * w, min, range));
            return out;
        }
    }
}
