package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.series.SeriesSummary;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.SeriesFusionJob;

/**
 * {@code fusionj fuse} given a HAADF stack: the series route ({@link SeriesFusionJob}), with a progress line per
 * fused frame on stderr and the per-frame costs on stdout.
 */
final class SeriesRoute {

    private SeriesRoute() {
    }

    static int run(ImagePlus haadf, List<ImagePlus> maps, String elements, FusionParameters params, boolean auto,
                   Path outDir, boolean overwrite, List<Path> inputs, RunContext run, boolean quiet, PrintStream out,
                   PrintStream err) throws IOException {
        int frames = haadf.getStackSize();
        SeriesFusionJob.Outcome o = new SeriesFusionJob(params, run.threads()).automatic(auto)
                .progress(quiet ? ProgressListener.NONE : new FrameLines(frames, err)).cancellation(run.cancel())
                .saveTo(outDir, overwrite).inputs(inputs).run(haadf, maps, elements);
        SeriesSummary s = o.summary();
        FusionParameters p = o.params();
        out.printf(Locale.ROOT, "fused a series of %d frame(s) of %s (%d x %d) with preset %s: gamma %s, "
                        + "weight_method %d, lambda_chem %s, lambda_tv %s, n_iter %d, n_iter_tv %d, bkg %s, threads %d: "
                        + "%.0f ms%n", s.frames(), elements, haadf.getWidth(), haadf.getHeight(), p.preset().key(),
                p.gamma(), p.weightMethod().code(), auto ? "auto" : p.lambdaChem(), auto ? "auto" : p.lambdaTv(),
                p.iterations(), p.tvIterations(), p.background(), run.threads(), o.millis());
        if (o.auto() != null) {
            out.printf(Locale.ROOT, "automatic parameters (chosen on frame %d, %s): %s%n",
                    SeriesFusionJob.representativeFrame(frames) + 1, o.auto().criterion() == org.fusionj.core.fusion
                            .AutoParameters.Criterion.POISSON_THINNING ? "Poisson thinning" : "Gaussian fission",
                    o.auto().describe(elements.split(",")));
            o.auto().notes().forEach(n -> err.println("fusionj fuse: note: " + n));
        }
        for (int i = 0; i < s.frames(); i++) {
            out.printf(Locale.ROOT, "frame %d: final costs HAADF %.7g, chem %.7g, TV %.7g; %.1f ms%n", i + 1,
                    s.costHaadf()[i], s.costChem()[i], s.costTv()[i], s.millis()[i]);
        }
        if (!o.written().isEmpty()) {
            out.println("wrote " + o.written().size() + " files to " + o.written().get(0).getParent() + ":");
            o.written().forEach(f -> out.println("  " + f.getFileName()));
        }
        return 0;
    }

    /**
     * A line each time the series' progress passes another frame's worth of work (the message names the frame:
     * "frame 2 of 5 (100 %)"), so a long series shows every frame where {@link TextProgress} shows tenths.
     */
    private static final class FrameLines implements ProgressListener {

        private final int frames;
        private final PrintStream err;
        private int done;

        FrameLines(int frames, PrintStream err) {
            this.frames = frames;
            this.err = err;
        }

        @Override
        public synchronized void progress(double fraction, String message) {
            int k = (int) Math.floor(fraction * frames + 1e-9);
            if (k > done) {
                done = Math.min(k, frames);
                err.printf(Locale.ROOT, "  %3.0f%%  %s%n", 100.0 * fraction, message);
            }
        }
    }
}
