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
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.DictionaryMode;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.dictionary.LearnJob;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.SchemaText;

/** {@code fusionj learn}: a dictionary from STEM image(s), saved as a TIFF montage with its metadata. */
final class LearnCommand {

    static final String USAGE = """
            usage: fusionj learn --stem FILE [FILE ...] --out DICT.tif [options]
              FILE: STEM image(s) or stacks (TIFF, NPY, ...) of one size and bit depth; every slice is used.
            options (defaults in brackets; coupled mode: --txm FILE estimates what is not given):
            """ + SchemaText.cliOptions(DictionaryKeys.LEARN_SCHEMA) + """
              --txm FILE   --overwrite   --quiet
            """;

    private static final Set<String> OPTIONS = Set.of(DictionaryKeys.STEM, DictionaryKeys.TXM, "out", "output");
    private static final Set<String> FLAGS = Set.of("overwrite", "quiet");

    private LearnCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, DictionaryKeys.LEARN_SCHEMA, OPTIONS, FLAGS);
        ParamValues values = DictionaryKeys.LEARN_SCHEMA.read(args.lookup(DictionaryKeys.LEARN_SCHEMA));
        LearnParameters params = DictionaryKeys.learnParameters(values);
        String outFile = args.has("out") ? args.value("out") : args.value("output");
        if (outFile == null) {
            throw new InvalidInputException("missing option --out DICT.tif (the dictionary file to write)");
        }
        List<String> stemFiles = args.values(DictionaryKeys.STEM);
        if (stemFiles.isEmpty()) {
            throw new InvalidInputException("missing option --stem FILE (the STEM image(s) to learn from)");
        }
        List<String> inputs = new ArrayList<>(stemFiles);
        if (args.value(DictionaryKeys.TXM) != null) {
            inputs.add(args.value(DictionaryKeys.TXM));
        }
        RunContext run = RunOptions.context("learn", values, args, err).saveTo(Path.of(outFile), args.has("overwrite"))
                .inputs(RunOptions.files(inputs));
        int threads = run.threads();
        LearnJob job = new LearnJob(params, run);
        if (args.value(DictionaryKeys.TXM) != null) {
            job.txm(ImageFiles.open(args.value(DictionaryKeys.TXM)));
        }
        List<ImagePlus> stems = new ArrayList<>();
        for (String f : stemFiles) {
            stems.add(ImageFiles.open(f));
        }
        LearnJob.Outcome o = job.run(stems, true);
        for (String w : o.result().warnings()) {
            err.println("fusionj learn: warning: " + w);
        }
        Dictionary d = o.dictionary();
        out.printf(Locale.ROOT, "learnt a %s dictionary: %d atoms of %d x %d, s = %.6g, %d steps of %d, seed %d"
                + "%s, threads %d: %d ms%n", d.mode().key(), d.atomCount(), d.patchSize(), d.patchSize(), d.scale(),
                d.info().steps(), d.info().batchSize(), d.info().seed(), d.mode() == DictionaryMode.COUPLED
                        ? String.format(Locale.ROOT, ", PSF sigma %.4g px, noise %.4g", d.info().psfSigma(),
                                d.info().noiseSigma()) : "", threads, o.millis());
        out.println("wrote " + o.written());
        return 0;
    }
}
