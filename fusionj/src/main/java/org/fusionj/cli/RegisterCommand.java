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
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.SeriesInput;
import org.fusionj.workflow.registration.StackRegistration;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.SchemaText;
import org.fusionj.workflow.xanes.EnergyLists;

/** {@code fusionj register}: a series (or one pair of volumes) registered, saved into a folder. */
final class RegisterCommand {

    static final String USAGE = """
            usage: fusionj register (--series FILE | --volumes F1 F2 ... | --fixed FILE --moving FILE) --out DIR
                                    [options]
              --series: a TIFF hyperstack (energies as frames) or a 4-D NPY, or a 2-D stack (one image per energy,
              as slices or as frames); --volumes: one 3-D file per energy; --fixed/--moving: one pair of 3-D volumes
              (may differ in size).
            options (defaults in brackets; --fixed_energy, --init_neighbour and --chain apply to series):
              --energies E1,E2,... | --energies_file FILE  (series; default: the image's metadata)
              --flat FILE  --dark FILE  --i0 V1,V2,...|FILE  (2-D stacks of raw transmission counts: one flat/dark
                           image or one per energy, i0 one value per energy; the stack becomes -ln T first)
            """ + SchemaText.cliOptions(RegistrationKeys.SERIES_SCHEMA) + """
              --overwrite   --quiet
            writes registered.tif, transforms.json, registration.csv, mse_vs_energy.png/.csv, squared_difference.tif
            (at --difference_energy; two volumes: always)
            (2-D stacks also registration_mask.tif: inside the Otsu mask at every energy)
            """;

    private static final Set<String> OPTIONS = Set.of(RegistrationKeys.SERIES, RegistrationKeys.VOLUMES,
            RegistrationKeys.FIXED_VOLUME, RegistrationKeys.MOVING_VOLUME, RegistrationKeys.ENERGIES,
            RegistrationKeys.ENERGIES_FILE, RegistrationKeys.FLAT, RegistrationKeys.DARK, RegistrationKeys.I0, "out",
            "output");
    private static final Set<String> FLAGS = Set.of("overwrite", "quiet");

    private RegisterCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, RegistrationKeys.SERIES_SCHEMA, OPTIONS, FLAGS);
        ParamValues values = RegistrationKeys.SERIES_SCHEMA.read(args.lookup(RegistrationKeys.SERIES_SCHEMA));
        RegistrationParameters params = RegistrationKeys.parameters(values);
        String outDir = args.has("out") ? args.value("out") : args.value("output");
        if (outDir == null) {
            throw new InvalidInputException("missing option --out DIR (the folder for the results)");
        }
        int given = (args.has(RegistrationKeys.SERIES) ? 1 : 0) + (args.has(RegistrationKeys.VOLUMES) ? 1 : 0)
                + (args.has(RegistrationKeys.FIXED_VOLUME) || args.has(RegistrationKeys.MOVING_VOLUME) ? 1 : 0);
        if (given != 1) {
            throw new InvalidInputException("give exactly one of --series FILE, --volumes F1 F2 ..., or --fixed FILE"
                    + " --moving FILE");
        }
        List<String> inputs = new ArrayList<>();
        boolean correction = args.has(RegistrationKeys.FLAT) || args.has(RegistrationKeys.DARK)
                || args.has(RegistrationKeys.I0);
        if (correction && !args.has(RegistrationKeys.SERIES)) {
            throw new InvalidInputException("--flat, --dark and --i0 correct a 2-D stack given with --series");
        }
        for (String key : List.of(RegistrationKeys.SERIES, RegistrationKeys.FIXED_VOLUME,
                RegistrationKeys.MOVING_VOLUME, RegistrationKeys.ENERGIES_FILE, RegistrationKeys.VOLUMES,
                RegistrationKeys.FLAT, RegistrationKeys.DARK)) {
            inputs.addAll(args.values(key));
        }
        RunContext run = RunOptions.context("register", values, args, err)
                .saveTo(Path.of(outDir), args.has("overwrite")).inputs(RunOptions.files(inputs));
        int threads = run.threads();
        RegistrationJob job = new RegistrationJob(params, run).difference(values.text(
                RegistrationKeys.DIFFERENCE_ENERGY));
        RegistrationJob.Outcome o;
        if (args.has(RegistrationKeys.FIXED_VOLUME)) {
            ImagePlus fixed = ImageFiles.open(args.required(RegistrationKeys.FIXED_VOLUME));
            ImagePlus moving = ImageFiles.open(args.required(RegistrationKeys.MOVING_VOLUME));
            o = job.runPair(fixed, moving);
        } else {
            SeriesInput input;
            if (args.has(RegistrationKeys.SERIES)) {
                ImagePlus series = ImageFiles.open(args.required(RegistrationKeys.SERIES));
                if (isTwoD(series)) {
                    double[] e = energies(args, EnergyLists.fromImage(series), series.getTitle());
                    RegistrationJob.StackOutcome s = job.runStack(series, e, correction(args, e.length),
                            values.text(RegistrationKeys.FIXED_ENERGY));
                    printSummary(out, s.registration(), threads);
                    if (s.clamped() > 0) {
                        out.printf(Locale.ROOT, "%d pixel(s) had a transmission <= 0 after the flat/dark correction "
                                + "and were clamped%n", s.clamped());
                    }
                    return 0;
                }
                if (correction) {
                    throw new InvalidInputException("--flat, --dark and --i0 correct 2-D stacks of transmission "
                            + "images; " + series.getTitle() + " holds volumes");
                }
                input = SeriesInput.ofHyperstack(series, energies(args, EnergyLists.fromImage(series),
                        series.getTitle()));
            } else {
                List<Path> files = new ArrayList<>();
                for (String f : args.values(RegistrationKeys.VOLUMES)) {
                    files.add(Path.of(f));
                }
                input = SeriesInput.ofFiles(files, energies(args, null, "the volume files"));
            }
            o = job.runSeries(input, input.fixedIndex(values.text(RegistrationKeys.FIXED_ENERGY)));
        }
        printSummary(out, o, threads);
        return 0;
    }

    static boolean isTwoD(ImagePlus imp) {
        return StackRegistration.isTwoD(imp);
    }

    /** The flat/dark/i0 correction the options ask for (null for none). */
    static StackRegistration.Correction correction(Arguments args, int energies) throws IOException {
        String flat = args.value(RegistrationKeys.FLAT);
        String dark = args.value(RegistrationKeys.DARK);
        String i0 = args.value(RegistrationKeys.I0);
        if (flat == null && dark == null && i0 == null) {
            return null;
        }
        double[] ratios = StackRegistration.i0(i0, energies);
        return new StackRegistration.Correction(flat == null ? null : ImageFiles.open(flat),
                dark == null ? null : ImageFiles.open(dark), ratios);
    }

    private static double[] energies(Arguments args, double[] fromImage, String what) throws IOException {
        if (args.value(RegistrationKeys.ENERGIES) != null) {
            return EnergyLists.parse(args.value(RegistrationKeys.ENERGIES), "--energies");
        }
        if (args.value(RegistrationKeys.ENERGIES_FILE) != null) {
            return EnergyLists.fromFile(Path.of(args.value(RegistrationKeys.ENERGIES_FILE)));
        }
        if (fromImage == null) {
            throw new InvalidInputException(what + ": no energies given or found; give --energies or --energies_file");
        }
        return fromImage;
    }

    private static void printSummary(PrintStream out, RegistrationJob.Outcome o, int threads) {
        boolean images = o.registered() != null && o.registered().getNSlices() == 1;
        out.printf(Locale.ROOT, "registered %d %s to %s, threads %d: %.0f ms%n", o.results().size()
                - (o.fixedIndex() >= 0 ? 1 : 0), images ? "image(s)" : "volume(s)", o.fixedIndex() >= 0 ? String.format(Locale.ROOT,
                "energy %s eV (frame %d)", EnergyLists.text(o.energies()[o.fixedIndex()]), o.fixedIndex() + 1) : "the fixed volume",
                threads, o.millis());
        for (int i = 0; i < o.results().size(); i++) {
            if (i == o.fixedIndex()) {
                continue;
            }
            PairResult r = o.results().get(i);
            out.printf(Locale.ROOT, "%s: MSE %.5f -> %.5f, Dice %.4f -> %.4f%s%n", o.energies() == null ? "moving"
                    : String.format(Locale.ROOT, "%.2f eV", o.energies()[i]), r.before().mse(), r.after().mse(),
                    r.before().dice(), r.after().dice(), r.particles().isEmpty() ? ""
                    : ", " + r.particles().size() + " particles");
        }
        if (!o.written().isEmpty()) {
            out.println("wrote " + o.written().size() + " files to " + o.written().get(0).getParent());
        }
    }
}
