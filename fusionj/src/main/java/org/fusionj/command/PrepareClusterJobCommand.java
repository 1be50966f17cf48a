package org.fusionj.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.cluster.ClusterJobFiles;
import org.fusionj.workflow.cluster.ClusterKeys;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.schema.ParamValues;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Prepare Cluster Job as a SciJava command: job.json and the scheduler's submit script in a job folder
 * ({@link ClusterKeys#SCHEMA}, the dialog's and {@code fusionj cluster}'s parameters). Starts no Spark.
 */
@Plugin(type = Command.class, headless = true, label = "Prepare Cluster Job (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Prepare Cluster Job (SciJava)")
public final class PrepareClusterJobCommand extends FusionJCommand {

    // free-text fields are not persisted: a refused value (a typo) must not come back in the next run

    @Parameter(required = false, persist = false,
            description = "the series: a Zarr array's folder, an HDF5 file, or a URI the cluster reads")
    private String input;

    @Parameter(required = false, persist = false, description = "stage enhance: the dictionary TIFF")
    private File dictionary;

    @Parameter(required = false, persist = false, style = "directory", description = "the job folder")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, choices = {"register", "xanes", "enhance", "pipeline"})
    private String stage = "pipeline";

    @Parameter(required = false, choices = {"slurm", "lsf", "yarn", "kubernetes", "local"})
    private String scheduler = "slurm";

    @Parameter(required = false, persist = false)
    private String dataset;

    @Parameter(required = false, persist = false, description = "eV, comma-separated; blank = the input's")
    private String energies;

    @Parameter(required = false, min = "0", max = "1000000000")
    private double voxel_size = 1;

    @Parameter(required = false)
    private String unit = "pixel";

    @Parameter(required = false, persist = false, description = "blank = results in the job folder")
    private String results;

    @Parameter(required = false, min = "8", max = "4096")
    private int block_size = ClusterJob.DEFAULT_BLOCK[0];

    @Parameter(required = false, choices = {"raw", "zlib"})
    private String compression = "raw";

    @Parameter(required = false)
    private boolean write_registered;

    @Parameter(required = false, persist = false, description = "'highest' or an energy in eV")
    private String fixed_energy = RegistrationKeys.HIGHEST;

    @Parameter(required = false, choices = {"affine", "similarity", "rigid", "translation"})
    private String transform = "affine";

    @Parameter(required = false, choices = {"mse", "ncc"})
    private String metric = "mse";

    @Parameter(required = false, min = "1", max = "6")
    private int levels = RegistrationParameters.DEFAULT_LEVELS;

    @Parameter(required = false, min = "1", max = "10000")
    private int iterations = RegistrationParameters.DEFAULT_ITERATIONS;

    @Parameter(required = false)
    private boolean per_particle;

    @Parameter(required = false, min = "1", max = "64")
    private int downsample = 4;

    @Parameter(required = false, choices = {"Ti K", "V K", "Cr K", "Mn K", "Fe K", "Co K", "Ni K", "Cu K", "Zn K",
        "custom"})
    private String edge = "Mn K";

    @Parameter(required = false, min = "0", max = "100000", description = "eV; 0 = the preset's")
    private double e0;

    @Parameter(required = false)
    private String methods = "half_height";

    @Parameter(required = false, choices = {"fit", "interpolate"})
    private String edge_estimator = "fit";

    @Parameter(required = false, description = "from,to in eV around each voxel's first edge estimate: the samples "
            + "the edge model is fitted to")
    private String edge_fit_window = "-15,25";

    @Parameter(required = false)
    private boolean particles;

    @Parameter(required = false, min = "0", max = "1000")
    private double bin_width = 0.25;

    @Parameter(required = false, min = "1", max = "100000")
    private int executors = 4;

    @Parameter(required = false, min = "1", max = "1024")
    private int executor_cores = 4;

    @Parameter(required = false, persist = false)
    private String executor_memory = "16g";

    @Parameter(required = false, persist = false)
    private String driver_memory = "4g";

    @Parameter(required = false, min = "1", max = "100000")
    private int nodes = 4;

    @Parameter(required = false, min = "1", max = "4096")
    private int cores_per_node = 32;

    @Parameter(required = false, persist = false)
    private String memory_per_node = "128G";

    @Parameter(required = false, persist = false)
    private String time = "04:00:00";

    @Parameter(required = false, persist = false)
    private String queue;

    @Parameter(required = false, persist = false)
    private String master;

    /** The files written, job.json first. */
    @Parameter(type = ItemIO.OUTPUT)
    private String written;

    public PrepareClusterJobCommand() {
        super("Prepare Cluster Job");
    }

    @Override
    void execute() throws IOException {
        ParamValues values = values(ClusterKeys.SCHEMA);
        if (output == null) {
            throw new InvalidInputException("give output, the job folder (job.json and the submit script go there)");
        }
        Path dir = output.toPath();
        ClusterJob job = ClusterKeys.job(values, input, dictionary == null ? null : dictionary.getPath(), dir);
        List<String> scripts = ClusterKeys.scripts(ClusterKeys.scheduler(values));
        List<Path> files = ClusterJobFiles.write(job, dir, overwrite, scripts);
        written = String.join("\n", files.stream().map(Path::toString).toList());
        info("wrote " + String.join(", ", files.stream().map(Path::toString).toList()));
        log().info(ClusterKeys.next(ClusterKeys.scheduler(values), dir.resolve(scripts.get(0)), job.output()));
    }
}
