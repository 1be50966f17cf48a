package org.fusionj.workflow.tomo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.measure.Calibration;

import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionProblem;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoFusionSolver;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TvCoupling;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;
import org.fusionj.workflow.ResultChecks;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.ConvergencePlots;

/**
 * One fused-tomography run from ImageJ tilt series to the volumes and (optionally) saved files: every check
 * (sizes, angles, parameters, output folder, memory) happens before any work. Writes, through the run's
 * {@link OutputPlan}: {@value #VOLUMES} (calibrated hyperstack, one channel per element), {@value #COSTS},
 * {@value #CONVERGENCE} and the HDF5 record {@link TomoRecord#FILE_NAME}.
 */
public final class TomoFusionJob {

    public static final String VOLUMES = "volumes.tif";
    public static final String COSTS = "costs.csv";
    public static final String CONVERGENCE = "convergence.png";

    /** The files a run saves, in writing order. */
    public static final List<String> FILE_NAMES = List.of(VOLUMES, COSTS, CONVERGENCE, TomoRecord.FILE_NAME);

    /**
     * @param result      the solver's result
     * @param volumes     the volumes hyperstack (not shown)
     * @param convergence the cost curves
     * @param written     files saved, empty when no output folder was given
     * @param millis      wall time of the solve alone
     */
    public record Outcome(TomoFusionResult result, ImagePlus volumes, ConvergencePlots convergence, List<Path> written,
                          double millis) {
    }

    private final TomoFusionParameters params;
    private final RunContext run;

    public TomoFusionJob(TomoFusionParameters params, RunContext run) {
        this.params = params;
        this.run = run;
    }

    /**
     * @param haadf       the HAADF tilt series; its calibration (pixel width) becomes the voxel size
     * @param haadfAngles its tilts, degrees, stack order
     * @param maps        one chemical tilt series per element
     * @param mapAngles   the tilts of each chemical series
     * @param elements    element symbols in map order, e.g. "Au,Ag,Cu"
     */
    public Outcome run(ImagePlus haadf, double[] haadfAngles, List<ImagePlus> maps, List<double[]> mapAngles,
                       String elements) throws IOException {
        TomoFusionProblem problem = TomoInputs.problem(haadf, haadfAngles, maps, mapAngles, elements);
        TomoFusionSolver.check(problem, params);
        List<ImagePlus> inputs = new ArrayList<>(maps);
        inputs.add(haadf);
        OutputPlan plan = run.inputs(RunContext.filesOf(inputs)).folderPlan(FILE_NAMES);
        int ne = problem.elementCount();
        int depth = params.effectiveDepth(problem.width());
        long voxels = (long) problem.width() * problem.height() * depth;
        if (plan != null) {
            plan = plan.estimatedBytes(4L * voxels * ne + (1 << 20));
        }
        MemoryEstimate memory = new MemoryEstimate(String.format(Locale.ROOT,
                "reconstructing %d volume(s) of %d x %d x %d voxels", ne, problem.width(), problem.height(), depth),
                peakBytes(problem, params, voxels, run.threads()));
        try (OutputFolder out = run.begin(plan, memory)) {
            long start = System.nanoTime();
            TomoFusionResult result = new TomoFusionSolver(run.threads()).solve(problem, params, run.progress(),
                    run.cancel());
            double millis = (System.nanoTime() - start) / 1e6;
            for (int e = 0; e < ne; e++) {
                ResultChecks.requireFinite("the " + result.symbols().get(e) + " volume", result.volumes().get(e),
                        "lower lambda_haadf or gamma, or raise bkg");
            }
            Calibration cal = haadf.getCalibration();
            ImagePlus volumes = TomoImages.volumes(result, "volumes of " + haadf.getTitle(), cal);
            ConvergencePlots plots = TomoImages.convergence(result, params);
            List<Path> written = List.of();
            if (out != null) {
                stage(out, problem, result, volumes, plots, haadf.getTitle(), cal);
                written = out.commit();
            }
            return new Outcome(result, volumes, plots, written, millis);
        }
    }

    private void stage(OutputFolder out, TomoFusionProblem problem, TomoFusionResult result, ImagePlus volumes,
                       ConvergencePlots plots, String source, Calibration cal) throws IOException {
        out.stageTiff(VOLUMES, volumes);
        out.stage(COSTS, tmp -> Files.writeString(tmp, TomoImages.costsCsv(result.costs()), StandardCharsets.UTF_8));
        ImagePlus figure = plots.asFigure("convergence");
        out.stage(CONVERGENCE, tmp -> {
            if (!new FileSaver(figure).saveAsPng(tmp.toString())) {
                throw new IOException("could not write " + tmp);
            }
        });
        Calibration c = cal == null ? new Calibration() : cal;
        out.stage(TomoRecord.FILE_NAME, tmp -> TomoRecord.write(tmp, problem, result, params, source, c.getUnit(),
                c.pixelWidth));
    }

    /**
     * Bytes allocated at the peak beyond the inputs: the solver's {@code n_e + 7} volumes and its scaled copies of
     * the series, the hyperstack (one more copy of the volumes, and a depth-ordered copy per element while it is
     * built), and per thread the projector's buffers of 8 slices (docs/fusion-tomography.md, "Speed and memory").
     * Joint TV (the default) keeps its six dual fields and a spare volume per element instead of once: 7 (n_e - 1)
     * more volumes, 14 for three elements. The final composition TV ({@code composition_tv} &gt; 0, {@code fused}
     * with two or more elements) holds, while the solver's volumes are still live, seven fields per element (the
     * composition, its extrapolation, the data, three dual fields, the Bregman steps' original data) and one
     * fidelity weight: {@code 7 n_e + 1} volumes, dropped before the hyperstack is built, so the peak counts the
     * larger of the two (16 more volumes for three elements).
     */
    static long peakBytes(TomoFusionProblem problem, TomoFusionParameters params, long voxels, int threads) {
        int ne = problem.elementCount();
        double series = problem.haadf().pixels().length;
        for (var e : problem.elements()) {
            series += e.series().pixels().length;
        }
        long slice = voxels / Math.max(1, problem.height());
        boolean joint = params.tvStep() && params.tvCoupling() == TvCoupling.JOINT
                && params.method() != TomoMethod.CHEMICAL_SIRT;
        double tvExtra = joint ? 7.0 * (ne - 1) + (params.tvGuide() > 0 ? 1 : 0) : 0;
        double afterSolver = 2.0 * ne;
        if (compositionTvStep(params, ne)) {
            afterSolver = Math.max(afterSolver, 7.0 * ne + 1);
        }
        double floats = voxels * (ne + 7.0 + afterSolver + tvExtra) + series + threads * 8.0 * 4 * slice;
        return MemoryEstimate.floats(floats);
    }

    /** Whether the solver runs the final composition TV step ({@code FusedReconstruction}'s condition). */
    static boolean compositionTvStep(TomoFusionParameters params, int elements) {
        return params.method() == TomoMethod.FUSED && params.compositionTvFinal() > 0 && elements > 1;
    }
}
