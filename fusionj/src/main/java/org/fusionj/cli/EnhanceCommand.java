package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.dictionary.DictionaryImages;
import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.dictionary.EnhanceJob;
import org.fusionj.workflow.dictionary.EnhanceSettings;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.SchemaText;

/** {@code fusionj enhance}: a TXM image or stack enhanced with a dictionary, saved as a 32-bit TIFF. */
final class EnhanceCommand {

    static final String USAGE = """
            usage: fusionj enhance --txm FILE --dictionary DICT.tif --out ENHANCED.tif [options]
              FILE: the TXM image or stack (every slice is enhanced); DICT.tif: written by fusionj learn or
              Learn Dictionary... (saved as TIFF).
            options (defaults in brackets):
            """ + SchemaText.cliOptions(DictionaryKeys.ENHANCE_SCHEMA) + """
              --overwrite   --quiet
            """;

    private static final Set<String> OPTIONS = Set.of(DictionaryKeys.TXM, DictionaryKeys.DICTIONARY, "out",
            "output");
    private static final Set<String> FLAGS = Set.of("overwrite", "quiet");

    private EnhanceCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, DictionaryKeys.ENHANCE_SCHEMA, OPTIONS, FLAGS);
        ParamValues values = DictionaryKeys.ENHANCE_SCHEMA.read(args.lookup(DictionaryKeys.ENHANCE_SCHEMA));
        EnhanceSettings settings = DictionaryKeys.enhanceSettings(values);
        String outFile = args.has("out") ? args.value("out") : args.value("output");
        if (outFile == null) {
            throw new InvalidInputException("missing option --out FILE.tif (the enhanced image to write)");
        }
        String dictionary = args.required(DictionaryKeys.DICTIONARY);
        RunContext run = RunOptions.context("enhance", values, args, err)
                .saveTo(Path.of(outFile), args.has("overwrite"))
                .inputs(RunOptions.files(List.of(dictionary, args.required(DictionaryKeys.TXM))));
        int threads = run.threads();
        Dictionary d = DictionaryImages.open(Path.of(dictionary));
        EnhanceJob job = new EnhanceJob(d, settings, run).matchPixelSize(values.bool(DictionaryKeys.MATCH_PIXEL_SIZE));
        EnhanceJob.Outcome o = job.run(ImageFiles.open(args.required(DictionaryKeys.TXM)));
        out.printf(Locale.ROOT, "enhanced %d x %d x %d with a %s dictionary (%d atoms of %d x %d): %s, stride %d, "
                + "%s weighting, noise estimate %.4g, %d patches, threads %d: %d ms%n", o.enhanced().getWidth(),
                o.enhanced().getHeight(), o.enhanced().getStackSize(), d.mode().key(), d.atomCount(), d.patchSize(),
                d.patchSize(), o.parameters().coder().describe(), o.parameters().stride(),
                o.parameters().weighting().key(), o.noise(), o.patches(), threads, o.millis());
        if (!o.note().isEmpty()) {
            out.println(o.note());
        }
        out.println("wrote " + o.written());
        return 0;
    }
}
