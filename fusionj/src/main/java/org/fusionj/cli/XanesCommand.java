package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.xanes.EdgeHistogram;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.xanes.EnergyLists;
import org.fusionj.workflow.xanes.XanesInputs;
import org.fusionj.workflow.xanes.XanesJob;
import org.fusionj.workflow.xanes.XanesKeys;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.SchemaText;

/** {@code fusionj xanes}: edge-energy maps of a series file, saved into a folder. */
final class XanesCommand {

    static final String USAGE = """
            usage: fusionj xanes --series FILE --out DIR [--energies E1,E2,... | --energies_file FILE] [options]
              FILE: a TIFF hyperstack (energies as frames) or a stack of 2-D images, one per energy, or a 4-D NPY
              (energies, slices, rows, cols). Without --energies the image's metadata is used.
            options (defaults in brackets; windows are FROM,TO in eV relative to e0, blank = the preset's):
            """ + SchemaText.cliOptions(XanesKeys.SCHEMA) + """
              --mask FILE   --references F1.csv F2.csv ... (2-4, energy + mu columns)   --overwrite   --quiet
            """;

    private static final Set<String> OPTIONS = Set.of(XanesKeys.SERIES, XanesKeys.ENERGIES, XanesKeys.ENERGIES_FILE,
            XanesKeys.MASK, XanesKeys.REFERENCES, "out", "output");
    private static final Set<String> FLAGS = Set.of("overwrite", "quiet");

    private XanesCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, XanesKeys.SCHEMA, OPTIONS, FLAGS);
        ParamValues values = XanesKeys.SCHEMA.read(args.lookup(XanesKeys.SCHEMA));
        XanesParameters params = XanesKeys.parameters(values);
        if (!args.values(XanesKeys.REFERENCES).isEmpty()) {
            params = params.toBuilder().lcf(XanesInputs.lcf(args.values(XanesKeys.REFERENCES),
                    values.bool(XanesKeys.SUM_TO_ONE))).build();
        }
        String outDir = args.has("out") ? args.value("out") : args.value("output");
        if (outDir == null) {
            throw new InvalidInputException("missing option --out DIR (the folder for the results)");
        }
        List<String> inputs = new ArrayList<>(List.of(args.required(XanesKeys.SERIES)));
        inputs.addAll(args.values(XanesKeys.REFERENCES));
        if (args.value(XanesKeys.MASK) != null) {
            inputs.add(args.value(XanesKeys.MASK));
        }
        if (args.value(XanesKeys.ENERGIES_FILE) != null) {
            inputs.add(args.value(XanesKeys.ENERGIES_FILE));
        }
        RunContext run = RunOptions.context("xanes", values, args, err).saveTo(Path.of(outDir), args.has("overwrite"))
                .inputs(RunOptions.files(inputs));
        int threads = run.threads();
        ImagePlus series = ImageFiles.open(args.required(XanesKeys.SERIES));
        double[] energies = energies(args, series);
        XanesJob job = new XanesJob(params, run).hdf5(values.bool(XanesKeys.HDF5));
        if (args.value(XanesKeys.MASK) != null) {
            job.mask(ImageFiles.open(args.value(XanesKeys.MASK)));
        }
        if (values.bool(XanesKeys.PARTICLES)) {
            job.particles(XanesKeys.connectivity(values), values.longValue(XanesKeys.MIN_VOXELS),
                    values.number(XanesKeys.BIN_WIDTH));
        }
        XanesJob.Outcome o = job.run(series, energies);
        printSummary(out, o, threads);
        return 0;
    }

    private static double[] energies(Arguments args, ImagePlus series) throws IOException {
        if (args.value(XanesKeys.ENERGIES) != null) {
            return EnergyLists.parse(args.value(XanesKeys.ENERGIES), "--energies");
        }
        if (args.value(XanesKeys.ENERGIES_FILE) != null) {
            return EnergyLists.fromFile(Path.of(args.value(XanesKeys.ENERGIES_FILE)));
        }
        double[] e = EnergyLists.fromImage(series);
        if (e == null) {
            throw new InvalidInputException(series.getTitle() + " carries no energies; give --energies or "
                    + "--energies_file");
        }
        return e;
    }

    private static void printSummary(PrintStream out, XanesJob.Outcome o, int threads) {
        var s = o.series();
        out.printf(Locale.ROOT, "mapped %d x %d x %d voxels x %d energies (%s), threads %d: %.0f ms%n", s.width(),
                s.height(), s.depth(), s.energyCount(), s.rangeText(), threads, o.millis());
        out.println(o.maps().counts().summary());
        for (EdgeHistogram h : o.histograms()) {
            out.printf(Locale.ROOT, "particle %d: %d voxels, %s peak %.2f eV, mean %.2f eV, FWHM %.2f eV%n",
                    h.label(), h.voxels(), o.histogramMethod().key(), h.peakEv(), h.meanEv(), h.fwhmEv());
        }
        if (!o.written().isEmpty()) {
            out.println("wrote " + o.written().size() + " files to " + o.written().get(0).getParent());
        }
    }
}
