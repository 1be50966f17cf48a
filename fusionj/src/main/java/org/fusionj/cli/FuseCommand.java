package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.CostLog;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.FusionFiles;
import org.fusionj.workflow.fusion.FusionJob;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.SchemaText;

/** {@code fusionj fuse}: files in, files out. */
final class FuseCommand {

    static final String USAGE = """
            usage: fusionj fuse --haadf FILE --maps FILE... --elements Sc,Dy,O --out DIR [options]
              FILE is a TIFF, NPY, NPZ (FILE.npz:KEY) or any format ImageJ opens; with one NPZ given to --maps
              and no key, the arrays named like the elements are used (and --haadf FILE.npz takes key HAADF).
              --maps may also be one stack with a slice per element.
              A series: --haadf a stack (one slice per frame) and --maps one stack per element with as many frames
              (or one hyperstack, a channel per element); every frame is fused with one parameter set (auto: chosen
              on the middle frame), written as fused_<El>.tif stacks, fused_maps.tif, model_haadf.tif,
              series_costs.csv and Fused_Series.h5.
              A series kept in files (read one frame at a time): --haadf_series SERIES --map_series SERIES,SERIES,...
              instead of --haadf/--maps; SERIES is a folder, a quoted pattern ('frames/haadf_*.tif'), a list of
              files (.txt) or an HDF5/EMD dataset with a frame axis (file.h5:/path, see --frame_axis).
            options (defaults in brackets; threads 0 = all cores):
            """ + SchemaText.cliOptions(FusionKeys.SCHEMA) + """
              --overwrite (replace files of the same names in DIR)   --quiet
            """;

    private static final Set<String> OPTIONS = Set.of(FusionKeys.HAADF, FusionKeys.MAPS, FusionKeys.ELEMENTS,
            "out", FusionKeys.OUTPUT);
    private static final Set<String> FLAGS = Set.of(FusionKeys.OVERWRITE, "quiet");

    private FuseCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, FusionKeys.SCHEMA, OPTIONS, FLAGS);
        String elements = args.required(FusionKeys.ELEMENTS);
        String[] symbols = Elements.parseList(elements);
        ParamValues values = FusionKeys.SCHEMA.read(args.lookup(FusionKeys.SCHEMA));
        FusionParameters params = FusionKeys.parameters(values);
        String outDir = args.has("out") ? args.value("out") : args.value(FusionKeys.OUTPUT);
        if (outDir == null) {
            throw new InvalidInputException("missing option --out DIR (the folder for the results)");
        }
        if (SeriesRoute.fromFiles(values)) {
            if (args.has(FusionKeys.HAADF) || args.has(FusionKeys.MAPS)) {
                throw new InvalidInputException("give either --haadf_series and --map_series (a series kept in "
                        + "files) or --haadf and --maps, not both");
            }
            RunContext run = RunOptions.context("fuse", values, args, err)
                    .saveTo(Path.of(outDir), args.has(FusionKeys.OVERWRITE));
            return SeriesRoute.runFiles(values, String.join(",", symbols), params, Path.of(outDir),
                    args.has(FusionKeys.OVERWRITE), run, args.has("quiet"), out, err);
        }
        List<String> inputs = new ArrayList<>(args.values(FusionKeys.MAPS));
        inputs.add(args.required(FusionKeys.HAADF));
        RunContext run = RunOptions.context("fuse", values, args, err)
                .saveTo(Path.of(outDir), args.has(FusionKeys.OVERWRITE)).inputs(RunOptions.files(inputs));
        ImagePlus haadf = FusionFiles.openHaadf(args.required(FusionKeys.HAADF));
        List<ImagePlus> maps = FusionFiles.openMaps(args.values(FusionKeys.MAPS), elements);
        if (haadf.getStackSize() > 1) {
            return SeriesRoute.run(haadf, maps, String.join(",", symbols), params, FusionKeys.automatic(values),
                    Path.of(outDir), args.has(FusionKeys.OVERWRITE), RunOptions.files(inputs), run, args.has("quiet"),
                    out, err);
        }
        FusionJob.Outcome outcome = new FusionJob(params, run).automatic(FusionKeys.automatic(values))
                .run(haadf, maps, String.join(",", symbols));
        printSummary(out, outcome, outcome.params(), run.threads());
        if (outcome.auto() != null) {
            outcome.auto().notes().forEach(n -> err.println("fusionj fuse: note: " + n));
        }
        return 0;
    }

    static void printSummary(PrintStream out, FusionJob.Outcome o, FusionParameters p, int threads) {
        var r = o.result();
        CostLog c = r.costs();
        int n = c.length();
        out.printf(Locale.ROOT, "fused %s (%d x %d) with preset %s: gamma %s, weight_method %d, lambda_haadf %.4g, "
                        + "lambda_chem %s, lambda_tv %s, n_iter %d, n_iter_tv %d, bkg %s, threads %d%n",
                String.join(", ", r.symbols()), r.width(), r.height(), p.preset().key(), p.gamma(),
                p.weightMethod().code(), r.lambdaHaadf(), o.auto() != null ? "auto" : p.lambdaChem(),
                o.auto() != null ? "auto" : p.lambdaTv(), p.iterations(), p.tvIterations(), p.background(), threads);
        if (o.auto() != null) {
            out.println(o.autoSummary());
        }
        out.printf(Locale.ROOT, "solve: %.1f ms (%.2f ms per iteration)%n", o.millis(), o.millis() / n);
        out.printf(Locale.ROOT, "final costs: HAADF %.7g, chem %.7g, TV %.7g%n", c.haadf()[n - 1], c.chem()[n - 1],
                c.tv()[n - 1]);
        if (!o.written().isEmpty()) {
            out.println("wrote " + o.written().size() + " files to " + o.written().get(0).getParent() + ":");
            o.written().forEach(f -> out.println("  " + f.getFileName()));
        }
    }
}
