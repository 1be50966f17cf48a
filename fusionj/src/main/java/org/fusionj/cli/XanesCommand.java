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
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.SchemaText;

/** {@code fusionj xanes}: edge-energy maps of a series file, saved into a folder. */
final class XanesCommand {

    static final String USAGE = """
            usage: fusionj xanes --series FILE --out DIR [--energies E1,E2,... | --energies_file FILE] [--register] [options]
              FILE: a TIFF hyperstack (energies as frames) or a stack of 2-D images, one per energy, or a 4-D NPY
              (energies, slices, rows, cols). Without --energies the image's metadata is used.
            options (defaults in brackets; windows are FROM,TO in eV relative to e0, blank = the preset's;
            --register and the options after it up to --registration_mask: raw 2-D stacks, see registration.md):
            """ + SchemaText.cliOptions(XanesKeys.SCHEMA) + """
              --mask FILE   --references F1.csv F2.csv ... (2-4, energy + mu columns)   --overwrite   --quiet
              with --register: --flat FILE  --dark FILE  (one image, or one per energy)  --i0 V1,V2,...|FILE
            """;

    /** {@code --mask registration}: the first spelling of {@code --registration_mask}, still accepted. */
    static final String REGISTRATION_MASK = "registration";

    private static final Set<String> OPTIONS = Set.of(XanesKeys.SERIES, XanesKeys.ENERGIES, XanesKeys.ENERGIES_FILE,
            XanesKeys.MASK, XanesKeys.REFERENCES, RegistrationKeys.FLAT, RegistrationKeys.DARK, RegistrationKeys.I0,
            "out", "output");
    private static final Set<String> FLAGS = Set.of("overwrite", "quiet");

    private XanesCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, XanesKeys.SCHEMA, OPTIONS, FLAGS);
        boolean registrationMask = REGISTRATION_MASK.equalsIgnoreCase(args.value(XanesKeys.MASK));
        var lookup = args.lookup(XanesKeys.SCHEMA);
        ParamValues values = XanesKeys.SCHEMA.read(name -> registrationMask
                && name.equals(XanesKeys.REGISTRATION_MASK) ? "true" : lookup.apply(name));
        if (!values.bool(XanesKeys.REGISTER)) {
            // in the dialog and SciJava these fields always hold a value; on the command line one typed without
            // --register is a mistake worth a word
            for (Param p : RegistrationKeys.BEFORE_XANES_SCHEMA.params()) {
                requireRegister(args, p.name());
            }
            for (String f : List.of(XanesKeys.FLAT, XanesKeys.DARK, XanesKeys.I0)) {
                requireRegister(args, f);
            }
            if (values.bool(XanesKeys.REGISTRATION_MASK)) {
                throw new InvalidInputException("--" + XanesKeys.REGISTRATION_MASK + " needs --register (the mask of "
                        + "the registration run first)");
            }
        }
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
        if (args.value(XanesKeys.MASK) != null && !registrationMask) {
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
        if (args.value(XanesKeys.MASK) != null && !registrationMask) {
            job.mask(ImageFiles.open(args.value(XanesKeys.MASK)));
        }
        job.phases(XanesKeys.phaseOptions(values)).lcfMaxShift(values.number(XanesKeys.LCF_MAX_SHIFT));
        job.registerFirst(values, RegisterCommand.correction(args, energies.length));
        if (values.bool(XanesKeys.PARTICLES)) {
            job.particles(XanesKeys.connectivity(values), values.longValue(XanesKeys.MIN_VOXELS),
                    values.number(XanesKeys.BIN_WIDTH));
        }
        XanesJob.Outcome o = job.run(series, energies);
        printSummary(out, o, threads);
        return 0;
    }

    private static void requireRegister(Arguments args, String option) {
        if (args.has(option)) {
            throw new InvalidInputException("--" + option + " is a registration option: add --register to register "
                    + "the 2-D stack before mapping it");
        }
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
        if (o.registration() != null) {
            var r = o.registration();
            double[] after = r.mse().after();
            double worst = 0;
            for (double v : after) {
                worst = Math.max(worst, v);
            }
            out.printf(Locale.ROOT, "registered %d images to energy %s eV (frame %d), largest MSE after %.5f%s%n",
                    r.results().size() - 1, EnergyLists.text(r.corrected().energies()[r.fixedIndex()]),
                    r.fixedIndex() + 1, worst, r.clamped() > 0 ? ", " + r.clamped() + " pixel(s) clamped (transmission"
                    + " <= 0)" : "");
        }
        var s = o.series();
        out.printf(Locale.ROOT, "mapped %d x %d x %d voxels x %d energies (%s), threads %d: %.0f ms%n", s.width(),
                s.height(), s.depth(), s.energyCount(), s.rangeText(), threads, o.millis());
        out.println(o.maps().counts().summary());
        for (EdgeHistogram h : o.histograms()) {
            out.printf(Locale.ROOT, "particle %d: %d voxels, %s peak %.2f eV, mean %.2f eV, FWHM %.2f eV%n",
                    h.label(), h.voxels(), o.histogramMethod().key(), h.peakEv(), h.meanEv(), h.fwhmEv());
        }
        if (o.lcfShifts() != null) {
            StringBuilder sb = new StringBuilder("LCF shifts (eV):");
            for (double v : o.lcfShifts()) {
                sb.append(String.format(Locale.ROOT, " %+.2f", v));
            }
            out.println(sb);
        }
        if (o.phases() != null && o.phases().pca() != null) {
            double[] explained = o.phases().pca().explained();
            StringBuilder sb = new StringBuilder("PCA explained variance:");
            for (int k = 0; k < Math.min(5, explained.length); k++) {
                sb.append(String.format(Locale.ROOT, " %.3f", explained[k]));
            }
            out.println(sb);
        }
        if (!o.written().isEmpty()) {
            out.println("wrote " + o.written().size() + " files to " + o.written().get(0).getParent());
        }
    }
}
