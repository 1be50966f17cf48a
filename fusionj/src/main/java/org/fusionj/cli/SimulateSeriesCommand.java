package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import ij.ImagePlus;

import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.SimulatedSeries;
import org.fusionj.workflow.schema.CommonParams;
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

    static int run(List<String> words, PrintStream out) throws IOException {
        Schema schema = RegistrationKeys.SIMULATE_SCHEMA;
        Arguments args = Arguments.parse(words, schema, Set.of("out"), Set.of("overwrite"));
        ParamValues v = schema.read(args.lookup(schema));
        Path file = TiffOutput.file(args);
        int size = v.integer("size");
        int energies = v.integer("energies");
        PhantomNoise noise = new PhantomNoise(v.number("noise"), v.number("salt_pepper"));
        SeriesPhantom phantom = new SeriesPhantom(size, energies, noise, v.longValue("seed"));
        TiffOutput.checkWritable(file, args.has("overwrite"));
        ImagePlus imp = SimulatedSeries.toImage("simulated series", phantom, CommonParams.threads(v));
        TiffOutput.write(file, imp, args.has("overwrite"));
        out.println("wrote " + file + ": " + size + "^3 voxels x " + energies + " energies (6530 to 6580 eV)");
        return 0;
    }
}
