package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.series.SeriesSummary;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.FileSeriesInputs;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.fusion.SeriesFusionJob;
import org.fusionj.workflow.schema.ParamValues;

/**
 * {@code fusionj fuse} given a HAADF stack: the series route ({@link SeriesFusionJob}), with progress (tenths) and
 * a line per fused frame on stderr, and the per-frame costs on stdout.
 */
final class SeriesRoute {

    private SeriesRoute() {
    }

    /** Whether the values name a series kept in files ({@code haadf_series}, {@code map_series}). */
    static boolean fromFiles(ParamValues values) {
        boolean haadf = given(values.text(FusionKeys.HAADF_SERIES));
        boolean maps = given(values.text(FusionKeys.MAP_SERIES));
        if (haadf != maps) {
            throw new InvalidInputException("--haadf_series and --map_series go together: give the HAADF series "
                    + "and one series per element");
        }
        return haadf;
    }

    private static boolean given(String text) {
        return text != null && !text.isBlank();
    }

    /** A series kept in files, read one frame at a time ({@link FileSeriesInputs}). */
    static int runFiles(ParamValues values, String elements, FusionParameters params, Path outDir, boolean overwrite,
                        RunContext run, boolean quiet, PrintStream out, PrintStream err) throws IOException {
        FileSeriesInputs inputs = FileSeriesInputs.open(values.text(FusionKeys.HAADF_SERIES),
                values.text(FusionKeys.MAP_SERIES), elements, values.text(FusionKeys.FRAME_AXIS));
        boolean auto = FusionKeys.automatic(values);
        int frames = inputs.frameCount();
        SeriesFusionJob.Outcome o = new SeriesFusionJob(params, run.threads()).automatic(auto)
                .progress(run.progress()).cancellation(run.cancel())
                .onFrame(quiet ? i -> { } : i -> err.printf(Locale.ROOT, "  frame %d of %d fused%n", i + 1, frames))
                .saveTo(outDir, overwrite).run(inputs);
        print(o, elements, inputs.width(), inputs.height(), auto, run, out, err);
        return 0;
    }

    static int run(ImagePlus haadf, List<ImagePlus> maps, String elements, FusionParameters params, boolean auto,
                   Path outDir, boolean overwrite, List<Path> inputs, RunContext run, boolean quiet, PrintStream out,
                   PrintStream err) throws IOException {
        int frames = haadf.getStackSize();
        SeriesFusionJob.Outcome o = new SeriesFusionJob(params, run.threads()).automatic(auto)
                .progress(run.progress()).cancellation(run.cancel())
                .onFrame(quiet ? i -> { } : i -> err.printf(Locale.ROOT, "  frame %d of %d fused%n", i + 1, frames))
                .saveTo(outDir, overwrite).inputs(inputs).run(haadf, maps, elements);
        print(o, elements, haadf.getWidth(), haadf.getHeight(), auto, run, out, err);
        return 0;
    }

    private static void print(SeriesFusionJob.Outcome o, String elements, int width, int height, boolean auto,
                              RunContext run, PrintStream out, PrintStream err) {
        SeriesSummary s = o.summary();
        FusionParameters p = o.params();
        out.printf(Locale.ROOT, "fused a series of %d frame(s) of %s (%d x %d) with preset %s: gamma %s, "
                        + "weight_method %d, lambda_chem %s, lambda_tv %s, n_iter %d, n_iter_tv %d, bkg %s, threads %d: "
                        + "%.0f ms%n", s.frames(), elements, width, height, p.preset().key(),
                p.gamma(), p.weightMethod().code(), auto ? "auto" : p.lambdaChem(), auto ? "auto" : p.lambdaTv(),
                p.iterations(), p.tvIterations(), p.background(), run.threads(), o.millis());
        if (o.auto() != null) {
            out.println(o.autoSummary(elements.split(",")));
            o.auto().notes().forEach(n -> err.println("fusionj fuse: note: " + n));
        }
        for (int i = 0; i < s.frames(); i++) {
            out.println(o.frameLine(i));
        }
        if (!o.written().isEmpty()) {
            out.println("wrote " + o.written().size() + " files to " + o.written().get(0).getParent() + ":");
            o.written().forEach(f -> out.println("  " + f.getFileName()));
        }
    }
}
