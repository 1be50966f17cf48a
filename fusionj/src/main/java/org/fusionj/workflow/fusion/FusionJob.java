package org.fusionj.workflow.fusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.workflow.OutputFolder;

/**
 * One fusion run from ImageJ images to result images and (optionally) saved files: the sequence every
 * front-end follows. All input checks happen before any work, the output folder included.
 */
public final class FusionJob {

    /**
     * @param result  the solver's result
     * @param images  the result images (not shown)
     * @param written files saved, empty when no output folder was given
     * @param millis  wall time of the solve alone, in milliseconds
     */
    public record Outcome(FusionResult result, FusionImages images, List<Path> written, double millis) {
    }

    private final FusionParameters params;
    private final int threads;
    private ProgressListener progress = ProgressListener.NONE;
    private CancellationToken cancel = CancellationToken.NEVER;
    private Path outputDir;
    private boolean overwrite;

    public FusionJob(FusionParameters params, int threads) {
        this.params = params;
        this.threads = threads;
    }

    public FusionJob progress(ProgressListener listener) {
        this.progress = listener;
        return this;
    }

    public FusionJob cancellation(CancellationToken token) {
        this.cancel = token;
        return this;
    }

    /** Save into {@code dir} (null: do not save). */
    public FusionJob saveTo(Path dir, boolean overwriteExisting) {
        this.outputDir = dir;
        this.overwrite = overwriteExisting;
        return this;
    }

    /**
     * @param haadf    the HAADF image; its calibration goes to every result
     * @param maps     one stack of maps, or one image per element
     * @param elements element symbols in map order, e.g. "Sc,Dy,O"
     */
    public Outcome run(ImagePlus haadf, List<ImagePlus> maps, String elements) throws IOException {
        FusionProblem problem = FusionInputs.problem(haadf, maps, elements);
        if (outputDir != null) {
            List<String> names = FusionOutputFolder.fileNames(problem.symbols());
            OutputFolder.checkWritable(outputDir, names, overwrite);
        }
        long start = System.nanoTime();
        FusionResult result = new FusionSolver(threads).solve(problem, params, progress, cancel);
        double millis = (System.nanoTime() - start) / 1e6;
        Calibration cal = haadf.getCalibration();
        FusionImages images = FusionImages.of(result, cal, haadf.getTitle(),
                ConvergencePlots.of(result.costs(), params, result.lambdaHaadf()));
        List<Path> written = outputDir == null ? List.of()
                : FusionOutputFolder.write(outputDir, result, params, images, cal, overwrite);
        return new Outcome(result, images, written, millis);
    }
}
