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
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TvCoupling;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.SchemaText;
import org.fusionj.workflow.tomo.TiltAngleText;
import org.fusionj.workflow.tomo.TomoFusionJob;
import org.fusionj.workflow.tomo.TomoKeys;

/** {@code fusionj fuse-tomo}: tilt series files in, element volumes out. */
final class FuseTomoCommand {

    static final String USAGE = """
            usage: fusionj fuse-tomo --haadf FILE --maps FILE... --elements Au,Ag,Cu --out DIR
                                     [--haadf_angles A] [--chem_angles A...] [options]
              FILE: a stack with one image per tilt (TIFF, NPY, NPZ:KEY, HDF5 FILE.h5:/DATASET, EMD, or any format
              ImageJ opens), the tilt axis along the image rows' direction (image y); one --maps file per element,
              in the order of --elements. A: a text file of angles in degrees (one per image, stack order), a list
              -60,-30,0,30,60 or FROM:TO:STEP; --chem_angles takes one for every map or one per map (repeated, or
              separated by |). Without them
              the angles are read from the slice labels ("-70", "-70 deg", "tilt -70").
              Writes volumes.tif (one channel per element), costs.csv, convergence.png and tomo_record.h5 to DIR.
            options (defaults in brackets; threads 0 = all cores):
            """ + SchemaText.cliOptions(TomoKeys.SCHEMA) + """
              --overwrite (replace files of the same names in DIR)   --quiet
            """;

    private static final Set<String> OPTIONS = Set.of(TomoKeys.HAADF, TomoKeys.MAPS, TomoKeys.ELEMENTS,
            TomoKeys.HAADF_ANGLES, TomoKeys.CHEM_ANGLES, "out");
    private static final Set<String> FLAGS = Set.of("overwrite", "quiet");

    private FuseTomoCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, TomoKeys.SCHEMA, OPTIONS, FLAGS);
        String elements = args.required(TomoKeys.ELEMENTS);
        String[] symbols = Elements.parseList(elements);
        ParamValues values = TomoKeys.SCHEMA.read(args.lookup(TomoKeys.SCHEMA));
        TomoFusionParameters params = TomoKeys.parameters(values);
        String outDir = args.required("out");
        List<String> mapSpecs = args.values(TomoKeys.MAPS);
        if (mapSpecs.size() != symbols.length) {
            throw new InvalidInputException(symbols.length + " element(s) (" + String.join(",", symbols) + ") but "
                    + mapSpecs.size() + " --maps file(s); give one chemical tilt series per element, in order");
        }
        List<String> chemAngleSpecs = args.values(TomoKeys.CHEM_ANGLES);
        String haadfSpec = args.required(TomoKeys.HAADF);
        List<String> inputs = new ArrayList<>(mapSpecs);
        inputs.add(haadfSpec);
        RunContext run = RunOptions.context("fuse-tomo", values, args, err)
                .saveTo(Path.of(outDir), args.has("overwrite")).inputs(RunOptions.files(inputs));
        ImagePlus haadf = ImageFiles.open(haadfSpec);
        double[] haadfAngles = TiltAngleText.of(args.value(TomoKeys.HAADF_ANGLES), haadf,
                "--" + TomoKeys.HAADF_ANGLES);
        List<ImagePlus> maps = new ArrayList<>();
        for (String spec : mapSpecs) {
            maps.add(ImageFiles.open(spec));
        }
        // One spec for every map or one per map: repeated values, or one value separated by | as elsewhere.
        List<double[]> mapAngles = TiltAngleText.perSeries(chemAngleSpecs.isEmpty() ? null
                : String.join(TiltAngleText.SERIES_SEPARATOR, chemAngleSpecs), maps, "--" + TomoKeys.CHEM_ANGLES);
        TomoFusionJob.Outcome o = new TomoFusionJob(params, run).run(haadf, haadfAngles, maps, mapAngles,
                String.join(",", symbols));
        printSummary(out, o, params, run.threads());
        return 0;
    }


    /**
     * The parameters the chosen method reads, as {@code name value} items: {@code chemical_sirt} reads only its
     * iteration count (besides projector and depth); {@code chemical_kl} the EM start, the Poisson background and
     * the TV step (its EM step is normalised, so lambda_chem drops out); {@code fuse_tilts_first} the same plus the
     * 2-D fusion of each tilt (this command's gamma and weight method, the {@code tilt_*} values); {@code fused}
     * every term. The TV step's values (with joint TV also tv_warm_start) are replaced by "no TV step" when it is
     * off.
     */
    static String parameterSummary(TomoFusionParameters p) {
        TomoMethod m = p.method();
        List<String> items = new ArrayList<>();
        if (m == TomoMethod.CHEMICAL_SIRT) {
            items.add(TomoKeys.N_ITER + " " + p.iterations());
            return String.join(", ", items);
        }
        if (m.usesHaadf()) {
            items.add(TomoKeys.GAMMA + " " + p.gamma());
            items.add(TomoKeys.WEIGHT_METHOD + " " + p.weightMethod().code());
        }
        if (m == TomoMethod.FUSED) {
            items.add(TomoKeys.LAMBDA_HAADF + " " + p.lambdaHaadf());
            items.add(TomoKeys.LAMBDA_CHEM + " " + p.lambdaChem());
        }
        if (m == TomoMethod.FUSE_TILTS_FIRST) {
            FusionParameters t = p.tiltFusion();
            items.add(TomoKeys.TILT + TomoKeys.LAMBDA_CHEM + " " + t.lambdaChem());
            items.add(TomoKeys.TILT + TomoKeys.LAMBDA_TV + " " + t.lambdaTv());
            items.add(TomoKeys.TILT + TomoKeys.N_ITER + " " + t.iterations());
            items.add(TomoKeys.TILT + TomoKeys.N_ITER_TV + " " + t.tvIterations());
            items.add(TomoKeys.TILT + TomoKeys.BKG + " " + t.background());
        }
        if (p.tvStep()) {
            items.add(TomoKeys.LAMBDA_TV + " " + p.lambdaTv());
            items.add(TomoKeys.TV_COUPLING + " " + p.tvCoupling().key());
            if (p.tvCoupling() == TvCoupling.JOINT) {
                items.add(TomoKeys.TV_WARM_START + " " + p.warmTv());
            }
            items.add(TomoKeys.N_ITER_TV + " " + p.tvIterations());
        } else {
            items.add("no TV step");
        }
        if (m == TomoMethod.FUSED) {
            items.add(TomoKeys.COMPOSITION_TV + " " + p.compositionTvFinal());
        }
        items.add(TomoKeys.N_ITER_INIT + " " + p.initIterations());
        items.add(TomoKeys.N_ITER + " " + p.iterations());
        items.add(TomoKeys.BKG + " " + p.background());
        return String.join(", ", items);
    }

    /**
     * "final costs: ..." with the terms the run has: a chemical-only run logs no HAADF cost, a run without a TV step
     * no TV cost (NaN in the log, which the line used to print), and SIRT's chemical figure is its least-squares
     * residual, not a Poisson cost.
     */
    static String costsLine(CostLog c, TomoMethod method) {
        int last = c.length() - 1;
        List<String> terms = new ArrayList<>();
        addTerm(terms, "HAADF", c.haadf()[last]);
        addTerm(terms, method == TomoMethod.CHEMICAL_SIRT ? "chem residual" : "chem", c.chem()[last]);
        addTerm(terms, "TV", c.tv()[last]);
        return "final costs: " + (terms.isEmpty() ? "none logged" : String.join(", ", terms));
    }

    private static void addTerm(List<String> terms, String name, double value) {
        if (!Double.isNaN(value)) {
            terms.add(String.format(Locale.ROOT, "%s %.7g", name, value));
        }
    }

    static void printSummary(PrintStream out, TomoFusionJob.Outcome o, TomoFusionParameters p, int threads) {
        TomoFusionResult r = o.result();
        CostLog c = r.costs();
        int n = c.length();
        out.printf(Locale.ROOT, "reconstructed %s (%d x %d x %d voxels) with method %s: %s, threads %d%n",
                String.join(", ", r.symbols()), r.width(), r.height(), r.depth(), p.method().key(),
                parameterSummary(p), threads);
        out.printf(Locale.ROOT, "solve: %.1f s (%.0f ms per iteration)%n", o.millis() / 1000, o.millis() / n);
        out.println(costsLine(c, p.method()));
        if (!o.written().isEmpty()) {
            out.println("wrote " + o.written().size() + " files to " + o.written().get(0).getParent() + ":");
            o.written().forEach(f -> out.println("  " + f.getFileName()));
        }
    }
}
