package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;

import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.registration.SimulatedSeries;

/** {@code fusionj simulate-series}: writes a synthetic drifting spectro-tomography series as a TIFF hyperstack. */
final class SimulateSeriesCommand {

    static final String USAGE = """
            usage: fusionj simulate-series --out SERIES.tif [--size 64] [--energies 10] [--noise 0.02]
                                           [--salt_pepper 0] [--seed 1] [--overwrite] [--threads N]
              --size at most 1290 (each volume must fit one Java array).
              Three textured particles (cracks, pores) drifting from energy to energy (6530 to 6580 eV, the
              highest at rest), absorption rising across the edge; energies stored in the file.
            """;

    private SimulateSeriesCommand() {
    }

    static int run(List<String> words, PrintStream out) throws IOException {
        Arguments args = Arguments.parse(words, Set.of("out", "size", "energies", "noise", "salt_pepper", "seed",
                "threads"), Set.of("overwrite"));
        Path file = TiffOutput.file(args);
        int size = args.integer("size", 64);
        int energies = args.integer("energies", 10);
        PhantomNoise noise = new PhantomNoise(args.number("noise", 0.02), args.number("salt_pepper", 0));
        SeriesPhantom phantom = new SeriesPhantom(size, energies, noise, args.integer("seed", 1));
        double voxels = Math.pow(size, 3);
        MemoryEstimate memory = new MemoryEstimate(String.format(Locale.ROOT, "simulating %d volumes of %d^3 voxels",
                energies, size), MemoryEstimate.floats(voxels * (energies + 2)));
        try (OutputFolder output = TiffOutput.claim("simulate-series", file, args.has("overwrite"),
                MemoryEstimate.floats(voxels * energies), memory)) {
            ImagePlus imp = SimulatedSeries.toImage("simulated series", phantom, RunOptions.threads(args));
            TiffOutput.write(output, imp);
        }
        out.println("wrote " + file + ": " + size + "^3 voxels x " + energies + " energies (6530 to 6580 eV)");
        return 0;
    }
}
