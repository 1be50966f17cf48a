package org.fusionj.core.tomo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.CostLog;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * Fused multi-modal electron tomography (Schwartz, Di, Jiang et al., Nat. Commun. 15, 3555, 2024) and its
 * comparisons: recovers one 3-D volume per element from a HAADF tilt series (many angles) and one chemical tilt
 * series per element (few angles, low dose), single tilt axis, parallel beam. See {@link TomoMethod} for what can
 * be reconstructed, {@link FusedReconstruction} for the iteration, docs/fusion-tomography.md for the model and the
 * parameters.
 *
 * <p>Inputs are never modified. Negative chemical values are read as 0 (counts cannot be negative). Results are
 * bit-identical for any number of threads.
 */
public final class TomoFusionSolver {

    private final int threads;

    /** @param threads worker threads (results do not depend on it) */
    public TomoFusionSolver(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
    }

    public TomoFusionResult solve(TomoFusionProblem problem, TomoFusionParameters params) {
        return solve(problem, params, ProgressListener.NONE, CancellationToken.NEVER);
    }

    /**
     * The checks that depend on both the tilt series and the parameters (the records check themselves); front-ends
     * call it before any work. {@link #solve} calls it too.
     *
     * @throws InvalidInputException with a message naming the series, the problem and the fix
     */
    public static void check(TomoFusionProblem problem, TomoFusionParameters params) {
        if (params.method() == TomoMethod.FUSE_TILTS_FIRST) {
            for (ElementTiltSeries e : problem.elements()) {
                TiltAngles.requireSubset(e.series().angles(), "tilt series " + e.series().name() + " ("
                        + e.symbol() + ")", problem.haadf().angles(), "HAADF tilt angles",
                        "fusing each tilt first needs a HAADF projection at every chemical tilt (or set method to "
                                + "fused, which does not)");
            }
        }
        long voxels = (long) problem.width() * problem.height() * params.effectiveDepth(problem.width());
        if (voxels > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException("a volume of " + problem.width() + " x "
                    + problem.height() + " x " + params.effectiveDepth(problem.width())
                    + " voxels does not fit a Java array; bin the tilt series or lower depth");
        }
    }

    /**
     * Reconstructs.
     *
     * @throws org.fusionj.core.progress.CancelledException when {@code cancel} fires; nothing is returned then
     */
    public TomoFusionResult solve(TomoFusionProblem problem, TomoFusionParameters params, ProgressListener progress,
                                  CancellationToken cancel) {
        check(problem, params);
        try (RowBlocks blocks = new RowBlocks(threads)) {
            return switch (params.method()) {
                case FUSED -> fused(problem, params, chemicalCopies(problem), blocks, progress, cancel, true);
                case CHEMICAL_KL -> fused(problem, params, chemicalCopies(problem), blocks, progress, cancel, false);
                case CHEMICAL_SIRT -> sirt(problem, params, blocks, progress, cancel);
                case FUSE_TILTS_FIRST -> {
                    List<float[]> fusedTilts = new TiltFusion(problem, params, threads).run(
                            scaled(progress, 0, 0.3), cancel);
                    yield fused(problem, params, fusedTilts, blocks, scaled(progress, 0.3, 1), cancel, false);
                }
            };
        }
    }

    /** The chemical data, copied, negatives set to 0. */
    static List<float[]> chemicalCopies(TomoFusionProblem problem) {
        List<float[]> out = new ArrayList<>();
        for (ElementTiltSeries e : problem.elements()) {
            out.add(nonNegativeCopy(e.series().pixels()));
        }
        return out;
    }

    static float[] nonNegativeCopy(float[] px) {
        float[] c = new float[px.length];
        for (int i = 0; i < px.length; i++) {
            c[i] = Math.max(0f, px[i]);
        }
        return c;
    }

    private static List<double[]> chemicalAngles(TomoFusionProblem problem) {
        List<double[]> out = new ArrayList<>();
        for (ElementTiltSeries e : problem.elements()) {
            out.add(e.series().angles());
        }
        return out;
    }

    private static double[] weights(TomoFusionProblem problem, TomoFusionParameters params) {
        return params.weightMethod().weights(problem.atomicNumbers(), params.gamma());
    }

    private TomoFusionResult fused(TomoFusionProblem problem, TomoFusionParameters params, List<float[]> chemData,
                                   RowBlocks blocks, ProgressListener progress, CancellationToken cancel,
                                   boolean withHaadf) {
        double[] w = weights(problem, params);
        float[] haadfData = withHaadf ? problem.haadf().pixels().clone() : null;
        FusedReconstruction run = new FusedReconstruction(params, problem.width(), problem.height(),
                problem.haadf().angles(), haadfData, chemicalAngles(problem), chemData, w, blocks, progress, cancel);
        if (withHaadf && params.tvStep() && params.tvCoupling() == TvCoupling.JOINT && params.tvGuide() > 0) {
            run.guide(haadfGuide(problem, params, blocks, cancel));
        }
        if (withHaadf && params.tvStep() && params.tvCoupling() == TvCoupling.JOINT
                && (params.tvEdgeGuide() > 0 || params.tvDirectional() > 0)) {
            run.edgeGuide(haadfGuide(problem, params, 1, blocks, cancel));
        }
        int n = params.iterations();
        CostLog costs = new CostLog(new double[n], new double[n], new double[n]);
        List<float[]> volumes = run.run(costs);
        if (!params.tvStep()) {
            Arrays.fill(costs.tv(), Double.NaN);
        }
        TomoMethod method = withHaadf ? TomoMethod.FUSED : params.method();
        return new TomoFusionResult(method, List.of(problem.symbols()), volumes, problem.width(), problem.height(),
                params.effectiveDepth(problem.width()), w, run.scales(), run.haadfScale(), run.haadfOffset(), costs);
    }

    private TomoFusionResult sirt(TomoFusionProblem problem, TomoFusionParameters params, RowBlocks blocks,
                                  ProgressListener progress, CancellationToken cancel) {
        int width = problem.width();
        int height = problem.height();
        int depth = params.effectiveDepth(width);
        int n = params.iterations();
        int ne = problem.elementCount();
        CostLog costs = new CostLog(new double[n], new double[n], new double[n]);
        Arrays.fill(costs.haadf(), Double.NaN);
        Arrays.fill(costs.tv(), Double.NaN);
        List<float[]> volumes = new ArrayList<>();
        double[] scales = new double[ne];
        double[] residuals = new double[n];
        for (int e = 0; e < ne; e++) {
            TiltSeries s = problem.elements().get(e).series();
            float[] data = nonNegativeCopy(s.pixels());
            float f = scaleToMax(data);
            SliceProjector p = params.projector().create(width, depth, s.angles());
            float[] v = Sirt.reconstruct(p, data, height, n, blocks, scaled(progress, (double) e / ne,
                    (e + 1.0) / ne), cancel, residuals);
            float scale = VolumeStats.scaleOf(v);
            for (int i = 0; i < v.length; i++) {
                v[i] /= scale;
            }
            // The residuals are those of the data scaled by 1 / max; report them for volumes scaled to about 1.
            for (int k = 0; k < n; k++) {
                costs.chem()[k] += residuals[k] / ((double) scale * scale);
            }
            scales[e] = scale / (double) f;
            volumes.add(v);
        }
        return new TomoFusionResult(TomoMethod.CHEMICAL_SIRT, List.of(problem.symbols()), volumes, width, height,
                depth, weights(problem, params), scales, Double.NaN, Double.NaN, costs);
    }

    /** SIRT iterations of the HAADF guide of the joint TV. */
    static final int GUIDE_SIRT_ITERATIONS = 20;

    /**
     * The joint TV's guide: the HAADF series reconstructed alone by SIRT ({@value #GUIDE_SIRT_ITERATIONS}
     * iterations, non-negative), smoothed by a TV step of {@code lambda_tv}, scaled so that its densest region is
     * {@code tv_guide}.
     */
    private static float[] haadfGuide(TomoFusionProblem problem, TomoFusionParameters params, RowBlocks blocks,
                                      CancellationToken cancel) {
        return haadfGuide(problem, params, params.tvGuide(), blocks, cancel);
    }

    /** As {@link #haadfGuide(TomoFusionProblem, TomoFusionParameters, RowBlocks, CancellationToken)}, scaled to
     * {@code top}. */
    private static float[] haadfGuide(TomoFusionProblem problem, TomoFusionParameters params, double top,
                                      RowBlocks blocks, CancellationToken cancel) {
        int width = problem.width();
        int depth = params.effectiveDepth(width);
        TiltSeries s = problem.haadf();
        float[] data = nonNegativeCopy(s.pixels());
        scaleToMax(data);
        SliceProjector p = params.projector().create(width, depth, s.angles());
        float[] v = Sirt.reconstruct(p, data, problem.height(), GUIDE_SIRT_ITERATIONS, blocks, (fr, m) -> { },
                cancel, null);
        float scale = VolumeStats.scaleOf(v);
        float g = (float) top / scale;
        for (int i = 0; i < v.length; i++) {
            v[i] *= g;
        }
        float[] smooth = new float[v.length];
        new org.fusionj.core.tv.FgpTv3D().apply(v, smooth, width, depth, problem.height(),
                params.lambdaTv() * top, params.tvIterations(), blocks);
        return smooth;
    }

    /** Divides the data by their largest value (when positive); returns the factor they were multiplied by. */
    private static float scaleToMax(float[] data) {
        float max = 0f;
        for (float v : data) {
            max = Math.max(max, v);
        }
        float f = max > 0 ? 1f / max : 1f;
        for (int i = 0; i < data.length; i++) {
            data[i] *= f;
        }
        return f;
    }

    /** A listener reporting {@code from + fraction * (to - from)} to {@code outer}. */
    static ProgressListener scaled(ProgressListener outer, double from, double to) {
        return (fraction, message) -> outer.progress(from + fraction * (to - from), message);
    }
}
