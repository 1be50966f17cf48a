package org.fusionj.workflow.fusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.fusionj.core.fusion.AutoParameters;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.tv.FgpTvProximal;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;
import org.fusionj.workflow.ResultChecks;
import org.fusionj.workflow.RunContext;

/**
 * One fusion run from ImageJ images to result images and (optionally) saved files: the sequence every
 * front-end follows. All input checks happen before any work, the output location and the memory included.
 */
public final class FusionJob {

    /**
     * @param result  the solver's result
     * @param images  the result images (not shown)
     * @param written files saved, empty when no output folder was given
     * @param millis  wall time of the solve alone, in milliseconds
     * @param params  the parameters the maps were fused with (with automatic parameters: the chosen ones)
     * @param auto    what automatic parameters chose and why, or null when the parameters were given
     */
    public record Outcome(FusionResult result, FusionImages images, List<Path> written, double millis,
                          FusionParameters params, AutoParameters.Choice auto) {

        /**
         * "automatic parameters (Poisson thinning on 64 x 48 pixels, 3.0 solves): Sc lambda_chem 0.002, ...": what
         * the front-ends print and log; null when the parameters were given.
         */
        public String autoSummary() {
            if (auto == null) {
                return null;
            }
            return String.format(Locale.ROOT, "automatic parameters (%s on %d x %d pixels, %.1f solves): %s",
                    auto.criterion() == AutoParameters.Criterion.POISSON_THINNING ? "Poisson thinning"
                            : "Gaussian fission", auto.cropWidth(), auto.cropHeight(), auto.relativeCost(),
                    auto.describe(result.symbols().toArray(String[]::new)));
        }
    }

    private final FusionParameters params;
    private final RunContext run;
    private boolean automatic;

    /** @param run threads, progress, cancel and where to save (the output is a folder) */
    public FusionJob(FusionParameters params, RunContext run) {
        this.params = params;
        this.run = run;
    }

    /**
     * Chooses {@code lambda_chem}, {@code lambda_tv}, {@code n_iter_tv} and the iterations per element from the data
     * before the solve ({@link AutoParameters}; the given values of these are not used, {@code n_iter} is the most
     * iterations). Deterministic.
     */
    public FusionJob automatic(boolean on) {
        this.automatic = on;
        return this;
    }

    /**
     * @param haadf    the HAADF image; its calibration goes to every result
     * @param maps     one stack of maps, or one image per element
     * @param elements element symbols in map order, e.g. "Sc,Dy,O"
     */
    public Outcome run(ImagePlus haadf, List<ImagePlus> maps, String elements) throws IOException {
        FusionProblem problem = FusionInputs.problem(haadf, maps, elements);
        List<ImagePlus> inputs = new ArrayList<>(maps);
        inputs.add(haadf);
        OutputPlan plan = run.inputs(RunContext.filesOf(inputs)).folderPlan(
                FusionOutputFolder.fileNames(problem.symbols()));
        int e = problem.elementCount();
        long pixels = (long) problem.width() * problem.height();
        if (plan != null) {
            plan = plan.estimatedBytes(FusionOutputFolder.estimatedBytes(pixels, e, params.iterations()));
        }
        MemoryEstimate memory = new MemoryEstimate(String.format(Locale.ROOT, "fusing %d map(s) of %d x %d pixels"
                + " (n_iter %d)", e, problem.width(), problem.height(), params.iterations()),
                peakBytes(pixels, e, params, plan != null) + (automatic ? autoBytes(pixels, e) : 0));
        try (OutputFolder out = run.begin(plan, memory)) {
            FusionParameters params = this.params;
            AutoParameters.Choice auto = null;
            ProgressListener progress = run.progress();
            if (automatic) {
                // The search costs about three solves: the first three quarters of the bar, the solve the last.
                auto = new AutoParameters(run.threads()).choose(problem, params, (f, m) -> run.progress().progress(
                        0.75 * f, m), run.cancel());
                params = auto.parameters();
                progress = (f, m) -> run.progress().progress(0.75 + 0.25 * f, m);
            }
            long start = System.nanoTime();
            FusionResult result = new FusionSolver(run.threads()).solve(problem, params, progress, run.cancel());
            problem = null; // its float copies of the inputs are not needed for the images and files: free them
            double millis = (System.nanoTime() - start) / 1e6;
            for (int i = 0; i < e; i++) {
                ResultChecks.requireFinite("the fused " + result.symbols().get(i) + " map", result.fusedMaps().get(i),
                        FusionJob.likelyCause(params));
            }
            Calibration cal = haadf.getCalibration();
            FusionImages images = FusionImages.of(result, cal, haadf.getTitle(),
                    ConvergencePlots.of(result.costs(), params, result.lambdaHaadf()));
            List<Path> written = List.of();
            if (out != null) {
                FusionOutputFolder.stage(out, result, params, images, cal);
                written = out.commit();
            }
            return new Outcome(result, images, written, millis, params, auto);
        }
    }

    /**
     * Bytes the run allocates at its peak beyond what is in use when it is checked (the inputs and the problem's
     * float copies of them), in floats per pixel: the larger of the solver's working arrays and what follows the
     * solve (the result, the result images and, when saving, the HDF5 record, which jhdf holds whole in memory until
     * the file is closed, plus one double copy being converted), less the problem's copies freed after the solve;
     * plus the cost logs. Measured minimum heaps are in docs/reliability.md.
     */
    static long peakBytes(long pixels, int elements, FusionParameters p, boolean saving) {
        double e = elements;
        double problem = e + 1;
        double fgp = FgpTvProximal.isSinglePass(p.tvIterations()) ? 1 : 9;
        double solver = 3 * e + 6 + fgp;
        double after = (2 * e + 2) + (e + 1) + (saving ? 2 * e + 2 + 2 : 0);
        double floats = pixels * Math.max(solver, after - problem);
        return MemoryEstimate.floats(floats) + MemoryEstimate.doubles(8.0 * p.iterations());
    }

    /**
     * What automatic parameters hold beside the solver's arrays: the crop's problem copy, its training and held-out
     * halves (at most {@code AutoParameters.Options#maxPixels()} pixels).
     */
    static long autoBytes(long pixels, int elements) {
        long crop = Math.min(pixels, AutoParameters.Options.defaults().maxPixels());
        return MemoryEstimate.floats((double) crop * (3.0 * elements + 1));
    }

    /** The parameters that most likely made a fusion diverge, for the message. */
    static String likelyCause(FusionParameters p) {
        List<String> odd = new ArrayList<>();
        if (p.gamma() > 4) {
            odd.add("gamma " + p.gamma() + " (usually 1.4 to 2)");
        }
        if (p.lambdaChem() > 10) {
            odd.add("lambda_chem " + p.lambdaChem() + " (usually 0.01 to 1)");
        }
        if (!Double.isNaN(p.lambdaHaadf()) && p.lambdaHaadf() > 10) {
            odd.add("lambda_haadf " + p.lambdaHaadf() + " (usually about 1 / number of elements)");
        }
        if (p.lambdaTv() > 10) {
            odd.add("lambda_tv " + p.lambdaTv() + " (usually 0.01 to 1)");
        }
        if (p.background() > 100) {
            odd.add("bkg " + p.background() + " (usually below 1)");
        }
        return odd.isEmpty() ? "the step weights are likely too large: lower lambda_haadf, lambda_chem or gamma"
                : "likely cause: " + String.join(", ", odd) + "; choose values in the usual range";
    }
}
