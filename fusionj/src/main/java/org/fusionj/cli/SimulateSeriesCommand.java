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
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.SimulatedSeries;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;
import org.fusionj.workflow.schema.SchemaText;

/** {@code fusionj simulate-series}: writes a synthetic drifting spectro-tomography series as a TIFF hyperstack. */
final class SimulateSeriesCommand {

    static final String USAGE = """
            usage: fusionj simulate-series --out SERIES.tif [options] [--overwrite]
            """ + SchemaText.cliOptions(RegistrationKeys.SIMULATE_SCHEMA) + """
              Three textured particles (cracks, pores) drifting from energy to energy (6530 to 6580 eV, the
              highest at rest), absorption rising across the edge; energies stored in the file.
            """;

    private SimulateSeriesCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Schema schema = RegistrationKeys.SIMULATE_SCHEMA;
        Arguments args = Arguments.parse(words, schema, Set.of("out"), Set.of("overwrite"));
        ParamValues v = schema.read(args.lookup(schema));
        Path file = TiffOutput.file(args);
        int size = v.integer("size");
        int energies = v.integer("energies");
        PhantomNoise noise = new PhantomNoise(v.number("noise"), v.number("salt_pepper"));
        SeriesPhantom phantom = new SeriesPhantom(size, energies, noise, v.longValue("seed"));
        int threads = RunOptions.threads("simulate-series", v, err).threads();
        double voxels = Math.pow(size, 3);
        MemoryEstimate memory = new MemoryEstimate(String.format(Locale.ROOT, "simulating %d volumes of %d^3 voxels",
                energies, size), MemoryEstimate.floats(voxels * (energies + 2)));
        try (OutputFolder output = TiffOutput.claim("simulate-series", file, args.has("overwrite"),
                MemoryEstimate.floats(voxels * energies), memory)) {
            ImagePlus imp = SimulatedSeries.toImage("simulated series", phantom, threads);
            TiffOutput.write(output, imp);
        }
        out.println("wrote " + file + ": " + size + "^3 voxels x " + energies + " energies (6530 to 6580 eV)");
        return 0;
    }
}
