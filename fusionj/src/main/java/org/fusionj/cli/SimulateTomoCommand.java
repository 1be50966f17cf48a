package org.fusionj.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.fusionj.core.tomo.TiltAngles;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;
import org.fusionj.workflow.schema.SchemaText;
import org.fusionj.workflow.tomo.SimulatedTomo;
import org.fusionj.workflow.tomo.TomoKeys;

/** {@code fusionj simulate-tomo}: nanoparticles of known chemistry, their noisy tilt series and the truth. */
final class SimulateTomoCommand {

    static final String USAGE = """
            usage: fusionj simulate-tomo --out DIR [options] [--overwrite]
            """ + SchemaText.cliOptions(TomoKeys.SIMULATE_SCHEMA) + """
              Core-shell and alloy particles (spheres, ellipsoids) in a size^3 volume; analytic projections with
              Poisson noise. Writes haadf.tif, haadf_angles.txt, chem_<El>.tif per element, chem_angles.txt
              (the files fuse-tomo reads; the angles are also in the slice labels) and truth.tif (the true
              concentrations, laid out as fuse-tomo's volumes.tif).
            """;

    private SimulateTomoCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err) throws IOException {
        Schema schema = TomoKeys.SIMULATE_SCHEMA;
        Arguments args = Arguments.parse(words, schema, Set.of("out"), Set.of("overwrite"));
        ParamValues v = schema.read(args.lookup(schema));
        Path dir = Path.of(args.required("out"));
        TomoPhantomSpec spec = SimulatedTomo.spec(v);
        int threads = RunOptions.threads("simulate-tomo", v, err).threads();
        RunContext run = RunContext.defaults().command("simulate-tomo").saveTo(dir, args.has("overwrite"));
        OutputPlan plan = run.folderPlan(SimulatedTomo.fileNames(spec.symbols()))
                .estimatedBytes(SimulatedTomo.estimatedBytes(spec));
        double voxels = (double) spec.width() * spec.height() * spec.depth();
        MemoryEstimate memory = new MemoryEstimate(String.format(Locale.ROOT,
                "simulating %d element volume(s) of %d^3 voxels", spec.elementCount(), spec.width()),
                MemoryEstimate.floats(voxels * (3.0 * spec.elementCount() + 2)));
        try (OutputFolder output = run.begin(plan, memory)) {
            TomoPhantom ph = TomoPhantom.generate(spec, threads);
            SimulatedTomo.stage(output, ph);
            output.commit();
            out.printf(Locale.ROOT, "wrote %s: %d^3 voxels, %d particle(s) of %s; HAADF %d tilts (%s to %s), "
                            + "chemistry %d tilts (%s to %s); seed %d%n", dir, spec.width(), ph.particleCount(),
                    String.join(",", spec.symbols()), spec.haadfAngles().length, deg(spec.haadfAngles()[0]),
                    deg(spec.haadfAngles()[spec.haadfAngles().length - 1]), spec.chemAngles().length,
                    deg(spec.chemAngles()[0]), deg(spec.chemAngles()[spec.chemAngles().length - 1]), spec.seed());
        }
        return 0;
    }

    private static String deg(double a) {
        return TiltAngles.format(a);
    }
}
