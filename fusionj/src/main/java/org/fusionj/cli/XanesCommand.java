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
import org.fusionj.core.segment.Connectivity;
import org.fusionj.core.xanes.EdgeHistogram;
import org.fusionj.core.xanes.LcfParameters;
import org.fusionj.core.xanes.ReferenceSpectrum;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.TextValues;
import org.fusionj.workflow.xanes.EnergyLists;
import org.fusionj.workflow.xanes.XanesInputs;
import org.fusionj.workflow.xanes.XanesJob;
import org.fusionj.workflow.xanes.XanesKeys;

/** {@code fusionj xanes}: edge-energy maps of a series file, saved into a folder. */
final class XanesCommand {

    static final String USAGE = """
            usage: fusionj xanes --series FILE --out DIR [--energies E1,E2,... | --energies_file FILE] [options]
              FILE: a TIFF hyperstack (energies as frames) or a stack of 2-D images, one per energy, or a 4-D NPY
              (energies, slices, rows, cols). Without --energies the image's metadata is used.
            options (defaults in brackets):
              --edge "Mn K" [Mn K] (Ti V Cr Mn Fe Co Ni Cu Zn K, or custom with --e0)   --e0 EV
              --pre_edge FROM,TO   --post_edge FROM,TO   --edge_window FROM,TO   --white_line_window FROM,TO
                                   (eV relative to e0; defaults -150,-30 / 50,300 / -20,20 / 0,30)
              --post_order 0-2 [1]   --jump_threshold K [3]   --edge_jump true|false [false]
              --methods half_height,half_height_cubic,max_derivative,white_line [half_height]
              --mask FILE   --references F1.csv F2.csv ... (2-4, energy + mu columns)   --sum_to_one true|false [true]
              --particles (label particles, histograms, spectra)   --connectivity 6|26 [26]   --min_voxels [10]
              --bin_width EV [0.25]   --hdf5   --overwrite   --threads N [all cores]   --quiet
            """;

    private static final Set<String> OPTIONS = Set.of(XanesKeys.SERIES, XanesKeys.ENERGIES, XanesKeys.ENERGIES_FILE,
            XanesKeys.EDGE, XanesKeys.E0, XanesKeys.PRE_EDGE, XanesKeys.POST_EDGE, XanesKeys.POST_ORDER,
            XanesKeys.JUMP_THRESHOLD, XanesKeys.EDGE_WINDOW, XanesKeys.WHITE_LINE_WINDOW, XanesKeys.METHODS,
            XanesKeys.EDGE_JUMP, XanesKeys.MASK, XanesKeys.REFERENCES, XanesKeys.SUM_TO_ONE, XanesKeys.CONNECTIVITY,
            XanesKeys.MIN_VOXELS, XanesKeys.BIN_WIDTH, "threads", "out", "output");
    private static final Set<String> FLAGS = Set.of(XanesKeys.PARTICLES, XanesKeys.HDF5, "overwrite", "quiet");

    private XanesCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, OPTIONS, FLAGS);
        XanesParameters params = XanesKeys.parameters(key -> key.equals(XanesKeys.EDGE) && args.value(key) == null
                && args.value(XanesKeys.E0) != null ? XanesKeys.CUSTOM
                : key.equals(XanesKeys.EDGE) && args.value(key) == null ? "Mn K" : args.value(key));
        if (!args.values(XanesKeys.REFERENCES).isEmpty()) {
            List<ReferenceSpectrum> refs = new ArrayList<>();
            for (String f : args.values(XanesKeys.REFERENCES)) {
                refs.add(XanesInputs.reference(Path.of(f)));
            }
            LcfParameters base = LcfParameters.of(refs);
            boolean sum = args.value(XanesKeys.SUM_TO_ONE) == null
                    || TextValues.bool(XanesKeys.SUM_TO_ONE, args.value(XanesKeys.SUM_TO_ONE));
            params = params.toBuilder().lcf(new LcfParameters(base.references(), sum, base.fitWindow(),
                    base.normaliseReferences())).build();
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
        RunContext run = RunOptions.context("xanes", args, err).saveTo(Path.of(outDir), args.has("overwrite"))
                .inputs(RunOptions.files(inputs));
        int threads = run.threads();
        ImagePlus series = ImageFiles.open(args.required(XanesKeys.SERIES));
        double[] energies = energies(args, series);
        XanesJob job = new XanesJob(params, run).hdf5(args.has(XanesKeys.HDF5));
        if (args.value(XanesKeys.MASK) != null) {
            job.mask(ImageFiles.open(args.value(XanesKeys.MASK)));
        }
        if (args.has(XanesKeys.PARTICLES)) {
            String c = args.value(XanesKeys.CONNECTIVITY);
            String min = args.value(XanesKeys.MIN_VOXELS);
            String bin = args.value(XanesKeys.BIN_WIDTH);
            job.particles(c == null ? Connectivity.TWENTY_SIX : Connectivity.parse(c),
                    min == null ? 10 : TextValues.integer(XanesKeys.MIN_VOXELS, min),
                    bin == null ? 0.25 : TextValues.number(XanesKeys.BIN_WIDTH, bin));
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
