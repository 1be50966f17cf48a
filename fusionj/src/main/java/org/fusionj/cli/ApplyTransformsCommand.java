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
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.registration.ApplyTransformsJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.TransformsFile;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.SchemaText;

/** {@code fusionj apply-transforms}: a saved transforms file onto other data, saved as one TIFF. */
final class ApplyTransformsCommand {

    static final String USAGE = """
            usage: fusionj apply-transforms --transforms transforms.json --input FILE --out FILE.tif [options]
              --transforms: the file fusionj register (or Register ... with save) wrote;
              --input: a series of the registered length (energies as frames, or a 2-D stack with one image per
              energy), or one volume/image with --index; a label image with --interpolation nearest;
              --regions FILE: per-particle files only, the registration's region map.
            options (defaults in brackets):
            """ + SchemaText.cliOptions(RegistrationKeys.APPLY_SCHEMA) + """
              --overwrite   --quiet
            """;

    private static final Set<String> OPTIONS = Set.of(RegistrationKeys.TRANSFORMS, RegistrationKeys.INPUT,
            RegistrationKeys.REGIONS, "out", "output");
    private static final Set<String> FLAGS = Set.of("overwrite", "quiet");

    private ApplyTransformsCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Arguments args = Arguments.parse(words, RegistrationKeys.APPLY_SCHEMA, OPTIONS, FLAGS);
        ParamValues values = RegistrationKeys.APPLY_SCHEMA.read(args.lookup(RegistrationKeys.APPLY_SCHEMA));
        String target = args.has("out") ? args.value("out") : args.value("output");
        if (target == null) {
            throw new InvalidInputException("missing option --out FILE.tif (the transformed data)");
        }
        Path transformsPath = Path.of(args.required(RegistrationKeys.TRANSFORMS));
        String input = args.required(RegistrationKeys.INPUT);
        List<String> inputs = new ArrayList<>(List.of(input, transformsPath.toString()));
        inputs.addAll(args.values(RegistrationKeys.REGIONS));
        RunContext run = RunOptions.context("apply-transforms", values, args, err)
                .saveTo(Path.of(target), args.has("overwrite")).inputs(RunOptions.files(inputs));
        TransformsFile transforms = TransformsFile.read(transformsPath);
        ImagePlus data = ImageFiles.open(input);
        ImagePlus regions = args.value(RegistrationKeys.REGIONS) == null ? null
                : ImageFiles.open(args.value(RegistrationKeys.REGIONS));
        ApplyTransformsJob.Outcome o = new ApplyTransformsJob(values, run).run(transforms, transformsPath, data,
                regions);
        out.printf(Locale.ROOT, "applied %d transform(s) to %s (%s), threads %d: %.0f ms%n", o.entries(),
                data.getTitle(), values.text(RegistrationKeys.INTERPOLATION), run.threads(), o.millis());
        if (o.written() != null) {
            out.println("wrote " + o.written());
        }
        return 0;
    }
}
