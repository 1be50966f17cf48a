package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.TextValues;
import org.fusionj.workflow.xanes.XanesInputs;

/** {@code fusionj simulate-xanes}: writes a synthetic spectro-tomography series as a TIFF hyperstack. */
final class SimulateXanesCommand {

    static final String USAGE = """
            usage: fusionj simulate-xanes --out SERIES.tif [--width 64] [--height 64] [--depth 16] [--particles 3]
                                          [--snr 50] [--seed 1] [--overwrite]
              Mn-K-like spheres whose edge shifts 5 eV across the volume, 60 energies (stored in the file).
            """;

    private SimulateXanesCommand() {
    }

    static int run(List<String> words, PrintStream out) throws IOException {
        Arguments args = Arguments.parse(words, Set.of("out", "width", "height", "depth", "particles", "snr",
                "seed"), Set.of("overwrite"));
        Path file = Path.of(args.required("out"));
        if (!file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".tif")) {
            throw new InvalidInputException("--out must name a .tif file, got " + file);
        }
        XanesPhantomSpec spec = XanesPhantomSpec.defaults(integer(args, "width", 64), integer(args, "height", 64),
                integer(args, "depth", 16)).withParticles(integer(args, "particles", 3))
                .withSnr(args.value("snr") == null ? 50 : TextValues.number("snr", args.value("snr")))
                .withSeed(integer(args, "seed", 1));
        ImagePlus imp = XanesInputs.toImage("simulated XANES series", XanesPhantom.generate(spec).series());
        Path dir = file.toAbsolutePath().getParent();
        OutputFolder folder = OutputFolder.open(dir, List.of(file.getFileName().toString()), args.has("overwrite"));
        try {
            folder.stageTiff(file.getFileName().toString(), imp);
            folder.commit();
        } finally {
            folder.discard();
        }
        out.println("wrote " + file + ": " + spec.width() + " x " + spec.height() + " x " + spec.depth() + " x "
                + spec.energiesEv().length + " energies, SNR " + spec.snr());
        return 0;
    }

    private static int integer(Arguments args, String key, int fallback) {
        return args.value(key) == null ? fallback : TextValues.integer(key, args.value(key));
    }
}
