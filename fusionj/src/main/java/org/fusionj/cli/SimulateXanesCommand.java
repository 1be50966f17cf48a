package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;

import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.xanes.XanesInputs;
import org.fusionj.workflow.xanes.XanesKeys;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;
import org.fusionj.workflow.schema.SchemaText;

/** {@code fusionj simulate-xanes}: writes a synthetic spectro-tomography series as a TIFF hyperstack. */
final class SimulateXanesCommand {

    static final String USAGE = """
            usage: fusionj simulate-xanes --out SERIES.tif [options] [--overwrite]
            """ + SchemaText.cliOptions(XanesKeys.SIMULATE_SCHEMA) + """
              Mn-K-like spheres whose edge shifts 5 eV across the volume, 60 energies (stored in the file);
              with --depth 1 a 2-D full-field stack, the particles discs.
            """;

    private SimulateXanesCommand() {
    }

    static int run(List<String> words, PrintStream out) throws IOException {
        Schema schema = XanesKeys.SIMULATE_SCHEMA;
        Arguments args = Arguments.parse(words, schema, Set.of("out"), Set.of("overwrite"));
        ParamValues v = schema.read(args.lookup(schema));
        Path file = TiffOutput.file(args);
        XanesPhantomSpec spec = XanesPhantomSpec.defaults(v.integer("width"), v.integer("height"),
                v.integer("depth")).withParticles(v.integer("particles")).withSnr(v.number("snr"))
                .withSeed(v.longValue("seed"));
        double voxels = (double) spec.width() * spec.height() * spec.depth() * spec.energiesEv().length;
        MemoryEstimate memory = new MemoryEstimate(String.format(Locale.ROOT, "simulating %d x %d x %d voxels x %d "
                + "energies", spec.width(), spec.height(), spec.depth(), spec.energiesEv().length),
                MemoryEstimate.floats(2 * voxels));
        try (OutputFolder output = TiffOutput.claim("simulate-xanes", file, args.has("overwrite"),
                MemoryEstimate.floats(voxels), memory)) {
            ImagePlus imp = XanesInputs.toImage("simulated XANES series", XanesPhantom.generate(spec).series());
            TiffOutput.write(output, imp);
        }
        out.println("wrote " + file + ": " + spec.width() + " x " + spec.height() + " x " + spec.depth() + " x "
                + spec.energiesEv().length + " energies, SNR " + spec.snr());
        return 0;
    }
}
