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
        Path file = TiffOutput.file(args);
        XanesPhantomSpec spec = XanesPhantomSpec.defaults(args.integer("width", 64), args.integer("height", 64),
                args.integer("depth", 16)).withParticles(args.integer("particles", 3))
                .withSnr(args.number("snr", 50)).withSeed(args.integer("seed", 1));
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
