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
     * Bytes allocated at the peak beyond the inputs: the largest of the run's phases in volumes
     * ({@link #peakVolumes}), each volume counted as the heap takes it ({@link #volumeBytes}: with G1 a volume is a
     * humongous object that fills whole regions), plus the solver's scaled copies of the series, per thread the
     * buffers of 8 slices (every element's iterate, power, chemical step and Sherman-Morrison term, five shared
     * fields, two sinograms), {@link #VOLUME_MARGIN} and {@link #HEADROOM} (docs/fusion-tomography.md, "Speed and
     * memory").
     */
    static long peakBytes(TomoFusionProblem problem, TomoFusionParameters params, long voxels, int threads) {
        int ne = problem.elementCount();
        double series = problem.haadf().pixels().length;
        int angles = problem.haadf().angles().length;
        for (var e : problem.elements()) {
            series += e.series().pixels().length;
            angles = Math.max(angles, e.series().angles().length);
        }
        long slice = voxels / Math.max(1, problem.height());
        double buffers = threads * 8.0 * ((4.0 * ne + 5) * slice + 2.0 * angles * problem.width());
        double volumes = VOLUME_MARGIN * peakVolumes(params, ne) * (double) volumeBytes(voxels, regionBytes());
        return MemoryEstimate.floats(series + buffers) + (long) Math.min(Long.MAX_VALUE / 2.0, volumes) + HEADROOM;
    }

    /**
     * Heap a run needs beyond its arrays: the garbage collector's young generation and the classes, images and
     * buffers of the run around the solve (measured: the smallest heap a 64^3 run completes with, against its
     * arrays, docs/fusion-tomography.md, "Speed and memory").
     */
    static final long HEADROOM = 24L << 20;

    /**
     * The volumes' bytes are counted this many times: a humongous volume needs as many free regions side by side,
     * which the heap has only with some room beside the live ones (a 128^3 run the check let through at the live
     * volumes' bytes ran out of heap: docs/fusion-tomography.md, "Speed and memory").
     */
    static final double VOLUME_MARGIN = 1.25;

    /**
     * The most volumes (of {@code width x height x depth} floats) live at once, over the phases of a run
     * (docs/fusion-tomography.md, "Speed and memory", the table of live volumes): the iterations (the iterates
     * x, the TV step's outputs and dual fields, the guide, the core-only in-loop composition TV and phase prior),
     * the final composition TV (x and its {@code 6 n_e + 1} fields), the hyperstack (the result and its images),
     * the guide's reconstruction before the iterations; SIRT: the volumes done, the one being reconstructed, the
     * hyperstack.
     */
    static double peakVolumes(TomoFusionParameters params, int ne) {
        double hyperstack = 2.0 * ne;
        if (params.method() == TomoMethod.CHEMICAL_SIRT) {
            return Math.max(ne + 1.0, hyperstack);
        }
        boolean fused = params.method() == TomoMethod.FUSED;
        boolean tv = params.tvStep();
        boolean joint = tv && params.tvCoupling() == TvCoupling.JOINT;
        boolean guide = joint && fused && params.tvGuide() > 0;
        int channels = ne + (guide ? 1 : 0);
        double duals = !tv ? 0 : joint ? (params.warmTv() ? 3.0 : 6.0) * channels : 6;
        double iterations = ne + (joint ? ne : 1) + duals + (guide ? 1 : 0);
        if (fused && ne > 1 && params.compositionTv() > 0) {
            iterations += 6.0 * ne + 1;
        }
        if (fused && ne > 1 && params.phases() > 0) {
            iterations += ne + 4;
        }
        double last = compositionTvStep(params, ne) ? 7.0 * ne + 1 + (params.compositionTvGuide() > 0 ? 2 : 0) : 0;
        double guideStart = guide ? 8 : 0;
        return Math.max(Math.max(iterations, last), Math.max(hyperstack, guideStart));
    }

    /**
     * The heap one array of {@code voxels} floats takes: with G1, an array of half a region or more is humongous and
     * takes whole regions (a 64^3 volume, 1 MiB and its header, takes two 1 MiB regions: twice its size).
     *
     * @param region the G1 region size in bytes, 0 for another collector
     */
    static long volumeBytes(long voxels, long region) {
        long bytes = 4 * voxels + 16;
        if (region > 0 && 2 * bytes >= region) {
            return (bytes + region - 1) / region * region;
        }
        return bytes;
    }

    /** The G1 region size of this JVM in bytes, 0 when G1 is not the collector or the JVM does not say. */
    static long regionBytes() {
        try {
            var bean = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            if (bean == null || !"true".equals(bean.getVMOption("UseG1GC").getValue())) {
                return 0;
            }
            return Long.parseLong(bean.getVMOption("G1HeapRegionSize").getValue());
        } catch (RuntimeException | LinkageError e) {
            return 0;
        }
    }

    /** Whether the solver runs the final composition TV step ({@code FusedReconstruction}'s condition). */
    static boolean compositionTvStep(TomoFusionParameters params, int elements) {
        return params.method() == TomoMethod.FUSED && params.compositionTvFinal() > 0 && elements > 1;
    }
}
