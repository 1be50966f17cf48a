package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.TextValues;
import org.fusionj.workflow.registration.SimulatedSeries;

/** {@code fusionj simulate-series}: writes a synthetic drifting spectro-tomography series as a TIFF hyperstack. */
final class SimulateSeriesCommand {

    static final String USAGE = """
            usage: fusionj simulate-series --out SERIES.tif [--size 64] [--energies 10] [--noise 0.02]
                                           [--salt_pepper 0] [--seed 1] [--overwrite] [--threads N]
              Three textured particles (cracks, pores) drifting from energy to energy (6530 to 6580 eV, the
              highest at rest), absorption rising across the edge; energies stored in the file.
            """;

    private SimulateSeriesCommand() {
    }

    static int run(List<String> words, PrintStream out) throws IOException {
        Arguments args = Arguments.parse(words, Set.of("out", "size", "energies", "noise", "salt_pepper", "seed",
                "threads"), Set.of("overwrite"));
        Path file = Path.of(args.required("out"));
        if (!file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".tif")) {
            throw new InvalidInputException("--out must name a .tif file, got " + file);
        }
        int size = integer(args, "size", 64);
        int energies = integer(args, "energies", 10);
        double noise = args.value("noise") == null ? 0.02 : TextValues.number("noise", args.value("noise"));
        double sp = args.value("salt_pepper") == null ? 0 : TextValues.number("salt_pepper",
                args.value("salt_pepper"));
        SeriesPhantom phantom = new SeriesPhantom(size, energies, new PhantomNoise(noise, sp),
                integer(args, "seed", 1));
        Path dir = file.toAbsolutePath().getParent();
        OutputFolder.checkWritable(dir, List.of(file.getFileName().toString()), args.has("overwrite"));
        ImagePlus imp = SimulatedSeries.toImage("simulated series", phantom, FuseCommand.threads(args));
        OutputFolder folder = OutputFolder.open(dir, List.of(file.getFileName().toString()), args.has("overwrite"));
        try {
            folder.stageTiff(file.getFileName().toString(), imp);
            folder.commit();
        } finally {
            folder.discard();
        }
        out.println("wrote " + file + ": " + size + "^3 voxels x " + energies + " energies (6530 to 6580 eV)");
        return 0;
    }

    private static int integer(Arguments args, String key, int fallback) {
        return args.value(key) == null ? fallback : TextValues.integer(key, args.value(key));
    }
}
