package org.fusionj.core.fusion;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.tv.FgpTvProximal;
import org.fusionj.core.tv.TotalVariation;

/**
 * Fused multi-modal EM (Schwartz, Di et al., npj Comput. Mater. 8, 16, 2022): recovers elemental maps {@code x_e}
 * that explain both the noisy maps (Poisson term) and the HAADF image through {@code HAADF ~ sum_e w_e x_e^gamma},
 * with TV regularisation. Each outer iteration is a unit gradient step on the two data terms, a clip to
 * non-negative values, and one FGP TV proximal step per map.
 *
 * <p>The HAADF cost of iterate k is summed during the gradient pass of iteration k+1, which needs the same powers
 * of x: one {@code pow} per pixel and element per iteration instead of two.
 */
public final class FusionSolver {

    /** Offset inside the notebook's logged Poisson cost, {@code log(x + 1e-8)}. */
    private static final double NOTEBOOK_LOG_OFFSET = 1e-8;

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
        private final float[][] x;
        private final double[] w;
        private final double gamma;
        private final double lambdaHaadf;

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
            double[] costHaadf = new double[n];
            double[] costChem = new double[n];
            double[] costTv = new double[n];
            FgpTvProximal tv = new FgpTvProximal(params.preset().tvVariant());
            for (int k = 0; k < n; k++) {
                cancel.throwIfCancelled();
                double previousHaadfCost = blocks.sum(height, this::gradientStepRows);
                if (k > 0) {
                    costHaadf[k - 1] = previousHaadfCost;
                }
                if (params.regularize()) {
                    for (int e = 0; e < nElements; e++) {
                        cancel.throwIfCancelled();
                        tv.applyInPlace(x[e], width, height, params.lambdaTv(), params.tvIterations(), blocks);
                    }
                }
                costChem[k] = blocks.sum(height, this::chemCostRows);
                costTv[k] = tvCost();
                progress.progress((k + 1.0) / n, "iteration " + (k + 1) + " of " + n);
            }
            float[] model = new float[b.length];
            costHaadf[n - 1] = blocks.sum(height, (start, end) -> modelRows(start, end, model));
            List<float[]> normalisedMaps = new ArrayList<>();
            List<float[]> fused = new ArrayList<>();
            for (int e = 0; e < nElements; e++) {
                normalisedMaps.add(x0[e]);
                fused.add(x[e]);
            }
            return new FusionResult(List.of(symbols), fused, model, b, normalisedMaps, w.clone(), lambdaHaadf,
                    new CostLog(costHaadf, costChem, costTv), width, height);
        }

        /**
         * Gradient step with unit length on both data terms, then the clip to x &gt;= 0, for rows [start, end).
         * Returns this block's share of {@code 1/2 ||A x^gamma - b||^2} before the step.
         */
        private double gradientStepRows(int start, int end) {
            double gammaMinusOne = gamma - 1;
            double haadfFactor = gamma * lambdaHaadf;
            double lambdaChem = params.lambdaChem();
            double bkg = params.background();
            double[] powers = new double[nElements];
            double cost = 0;
            for (int p = start * width, stop = end * width; p < stop; p++) {
                double model = 0;
                for (int e = 0; e < nElements; e++) {
                    double xe = x[e][p];
                    double pw = Math.pow(xe, gammaMinusOne);
                    powers[e] = pw;
                    model += w[e] * xe * pw;
                }
                double r = model - b[p];
                cost += r * r;
                for (int e = 0; e < nElements; e++) {
                    double xe = x[e][p];
                    double grad = haadfFactor * powers[e] * w[e] * r + lambdaChem * (1 - x0[e][p] / (xe + bkg));
                    double next = xe - grad;
                    x[e][p] = next > 0 ? (float) next : 0f;
                }
            }
            return 0.5 * cost;
        }

        private double chemCostRows(int start, int end) {
            double sum = 0;
            double offset = tutorial ? NOTEBOOK_LOG_OFFSET : params.background();
            for (int e = 0; e < nElements; e++) {
                float[] xe = x[e];
                float[] x0e = x0[e];
                for (int p = start * width, stop = end * width; p < stop; p++) {
                    double v = xe[p];
                    double term = x0e[p] * Math.log(v + offset);
                    sum += tutorial ? term - v : v - term;
                }
            }
            return sum;
        }

        private double tvCost() {
            double sum = 0;
            for (int e = 0; e < nElements; e++) {
                float[] xe = x[e];
                if (tutorial) {
                    // The notebook logs sqrt(sum of squared differences), and only when it regularises.
                    if (params.regularize()) {
                        sum += Math.sqrt(blocks.sum(height,
                                (start, end) -> TotalVariation.squaredGradientRows(xe, width, start, end)));
                    }
                } else {
                    sum += blocks.sum(height, (start, end) -> TotalVariation.isotropicRows(xe, width, start, end));
                }
            }
            return sum;
        }

        /** Writes {@code A x^gamma} for rows [start, end) and returns their share of the HAADF cost. */
        private double modelRows(int start, int end, float[] model) {
            double cost = 0;
            for (int p = start * width, stop = end * width; p < stop; p++) {
                double m = 0;
                for (int e = 0; e < nElements; e++) {
                    m += w[e] * Math.pow(x[e][p], gamma);
                }
                model[p] = (float) m;
                double r = m - b[p];
                cost += r * r;
            }
            return 0.5 * cost;
        }

        /** Min-max normalisation to [0, 1] in double precision; the input is never modified. */
        private static float[] normalised(ImagePlane img) {
            float[] px = img.pixels();
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            for (float v : px) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            double range = max - min;
            float[] out = new float[px.length];
            for (int i = 0; i < px.length; i++) {
                out[i] = (float) ((px[i] - min) / range);
            }
            return out;
        }
    }
}
