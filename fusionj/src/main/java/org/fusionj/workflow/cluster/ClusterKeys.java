package org.fusionj.workflow.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.spectral.Energies;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;
import org.fusionj.workflow.xanes.XanesKeys;

/**
 * Prepare Cluster Job (dialog, SciJava, {@code fusionj cluster}): the one schema of the operation and the one
 * place its values become a {@link ClusterJob}. The input series, the dictionary (enhance) and the job folder are
 * inputs of each front-end, not parameters. No Spark class is used: the job runs on the cluster, never in Fiji.
 */
public final class ClusterKeys {

    public static final String OPERATION = "cluster";
    public static final String STAGE = "stage";
    public static final String SCHEDULER = "scheduler";
    public static final String DATASET = "dataset";
    public static final String ENERGIES = "energies";
    public static final String VOXEL_SIZE = "voxel_size";
    public static final String UNIT = "unit";
    public static final String RESULTS = "results";
    public static final String BLOCK_SIZE = "block_size";
    public static final String COMPRESSION = "compression";
    public static final String WRITE_REGISTERED = "write_registered";
    public static final String DOWNSAMPLE = "downsample";
    public static final String EXECUTORS = "executors";
    public static final String EXECUTOR_CORES = "executor_cores";
    public static final String EXECUTOR_MEMORY = "executor_memory";
    public static final String DRIVER_MEMORY = "driver_memory";
    public static final String NODES = "nodes";
    public static final String CORES_PER_NODE = "cores_per_node";
    public static final String MEMORY_PER_NODE = "memory_per_node";
    public static final String TIME = "time";
    public static final String QUEUE = "queue";
    public static final String MASTER = "master";

    /** Front-end inputs (files, not parameters). */
    public static final String INPUT = "input";
    public static final String DICTIONARY = "dictionary";

    public static final List<String> SCHEDULERS = List.of("slurm", "lsf", "yarn", "kubernetes", "local");

    /** The registration and XANES options the cluster stages take (the single-machine commands' own). */
    private static final List<String> REGISTRATION_OPTIONS = List.of(RegistrationKeys.FIXED_ENERGY,
            RegistrationKeys.TRANSFORM, RegistrationKeys.METRIC, RegistrationKeys.LEVELS, RegistrationKeys.ITERATIONS,
            RegistrationKeys.PER_PARTICLE);
    private static final List<String> XANES_OPTIONS = List.of(XanesKeys.EDGE, XanesKeys.E0, XanesKeys.METHODS,
            XanesKeys.EDGE_ESTIMATOR, XanesKeys.EDGE_FIT_WINDOW, XanesKeys.PARTICLES, XanesKeys.BIN_WIDTH);

    public static final Schema SCHEMA = Schema.of(OPERATION,
            Param.choice(STAGE, ClusterJob.COMMANDS, "pipeline")
                    .help("what the cluster runs: `register` (transforms), `xanes` (maps of an aligned series), "
                            + "`pipeline` (register, then XANES maps on the registered blocks) or `enhance` "
                            + "(dictionary enhancement of a stack; needs the dictionary)"),
            Param.choice(SCHEDULER, SCHEDULERS, "slurm")
                    .help("which submit script is written: `slurm` (sbatch; a standalone Spark inside the "
                            + "allocation), `lsf` (bsub; the same), `yarn` or `kubernetes` (spark-submit), `local` "
                            + "(spark-submit in local mode on one machine)"),
            Param.text(DATASET, null).help("HDF5 input: the dataset's path in the file (e.g. `/series`); Zarr: blank"),
            Param.text(ENERGIES, null).unit("eV").field(30, null)
                    .help("the series' energies in eV, comma-separated (`6530,6532,6534`); blank = the "
                            + "input's `energies_eV` attribute"),
            Param.number(VOXEL_SIZE, 1).above(0).atMost(1e9).digits(4).help("voxel size (x = y = z)"),
            Param.text(UNIT, "pixel").help("the voxel size's unit"),
            Param.text(RESULTS, null).help("where the cluster writes the results: a path or a Hadoop URI "
                    + "(`hdfs://...`, `s3a://...`); blank = `results` in the job folder"),
            Param.integer(BLOCK_SIZE, ClusterJob.DEFAULT_BLOCK[0]).range(8, 4096).unit("voxels")
                    .help("side of the cubic blocks of the XANES tasks and of the output chunks"),
            Param.choice(COMPRESSION, List.of("raw", "zlib"), "raw")
                    .help("chunks of the Zarr outputs: `raw` (fast) or `zlib` (smaller)"),
            Param.bool(WRITE_REGISTERED, false).cliSwitch()
                    .help("pipeline: also write the registered series (by default only the maps)"),
            RegistrationKeys.SERIES_SCHEMA.param(RegistrationKeys.FIXED_ENERGY),
            RegistrationKeys.SERIES_SCHEMA.param(RegistrationKeys.TRANSFORM),
            RegistrationKeys.SERIES_SCHEMA.param(RegistrationKeys.METRIC),
            RegistrationKeys.SERIES_SCHEMA.param(RegistrationKeys.LEVELS),
            RegistrationKeys.SERIES_SCHEMA.param(RegistrationKeys.ITERATIONS),
            RegistrationKeys.SERIES_SCHEMA.param(RegistrationKeys.PER_PARTICLE),
            Param.integer(DOWNSAMPLE, 4).range(1, 64)
                    .help("registration: factor of the coarse stage's downsampled copy (full-resolution refinement "
                            + "follows)"),
            XanesKeys.SCHEMA.param(XanesKeys.EDGE),
            XanesKeys.SCHEMA.param(XanesKeys.E0),
            XanesKeys.SCHEMA.param(XanesKeys.METHODS),
            XanesKeys.SCHEMA.param(XanesKeys.EDGE_ESTIMATOR),
            XanesKeys.SCHEMA.param(XanesKeys.EDGE_FIT_WINDOW),
            XanesKeys.SCHEMA.param(XanesKeys.PARTICLES),
            XanesKeys.SCHEMA.param(XanesKeys.BIN_WIDTH),
            Param.integer(EXECUTORS, 4).range(1, 100_000).help("yarn, kubernetes: executor JVMs"),
            Param.integer(EXECUTOR_CORES, 4).range(1, 1024)
                    .help("cores per executor (local: the cores of the local run)"),
            Param.text(EXECUTOR_MEMORY, "16g").help("heap per executor (`16g`, `512m`)"),
            Param.text(DRIVER_MEMORY, "4g").help("heap of the driver"),
            Param.integer(NODES, 4).range(1, 100_000).help("slurm, lsf: nodes (hosts) of the allocation"),
            Param.integer(CORES_PER_NODE, 32).range(1, 4096).help("slurm, lsf: cores per node"),
            Param.text(MEMORY_PER_NODE, "128G").help("slurm, lsf: memory per node (`128G`)"),
            Param.text(TIME, "04:00:00").help("slurm, lsf: wall time `HH:MM:SS`"),
            Param.text(QUEUE, null).help("slurm partition or lsf queue; blank = the site's default"),
            Param.text(MASTER, null).help("kubernetes: the API server (`k8s://https://HOST:6443`); yarn: blank"));

    private ClusterKeys() {
    }

    /** The checked scheduler (a word of {@link #SCHEDULERS}; the schema's word choices are checked by the reader). */
    public static String scheduler(ParamValues v) {
        String s = v.text(SCHEDULER);
        if (!SCHEDULERS.contains(s)) {
            throw new InvalidInputException("scheduler must be one of " + String.join(", ", SCHEDULERS) + ", got '"
                    + s + "'");
        }
        return s;
    }

    /** The submit script(s) written for {@code scheduler}. */
    public static List<String> scripts(String scheduler) {
        return switch (scheduler) {
            case "slurm" -> List.of(ClusterScripts.SLURM);
            case "lsf" -> List.of(ClusterScripts.LSF);
            case "local" -> List.of(ClusterScripts.LOCAL);
            default -> List.of(ClusterScripts.SPARK_SUBMIT);
        };
    }

    /**
     * The job of checked values: every refusal here is one line naming the parameter and the fix, before anything
     * is written.
     *
     * @param input      the series (register, xanes, pipeline) or stack (enhance): a Zarr array's folder, an HDF5
     *                   file, or a URI the cluster reads
     * @param dictionary enhance: the dictionary TIFF (else ignored, may be null)
     * @param jobDir     the job folder (the default results go to {@code jobDir/results})
     */
    public static ClusterJob job(ParamValues v, String input, String dictionary, Path jobDir) {
        String stage = v.text(STAGE);
        if (!ClusterJob.COMMANDS.contains(stage)) {
            throw new InvalidInputException("stage must be one of " + String.join(", ", ClusterJob.COMMANDS)
                    + ", got '" + stage + "'");
        }
        String scheduler = scheduler(v);
        if (input == null || input.isBlank()) {
            throw new InvalidInputException("missing input: the series (a Zarr array's folder or an HDF5 file)");
        }
        ClusterJob.Input in = new ClusterJob.Input(format(input), location(input, "input"), blank(v.text(DATASET)),
                energies(v.text(ENERGIES)), new double[] {v.number(VOXEL_SIZE), v.number(VOXEL_SIZE),
                        v.number(VOXEL_SIZE)}, v.text(UNIT));
        String results = blank(v.text(RESULTS));
        String output = results.isEmpty() ? jobDir.resolve("results").toAbsolutePath().toString()
                : ClusterJob.isUri(results) ? results : Path.of(results).toAbsolutePath().toString();
        int b = v.integer(BLOCK_SIZE);

        Map<String, Object> registration = new LinkedHashMap<>();
        for (String k : REGISTRATION_OPTIONS) {
            registration.put(k, value(v, k));
        }
        registration.put(DOWNSAMPLE, v.integer(DOWNSAMPLE));
        Map<String, Object> xanes = new LinkedHashMap<>();
        for (String k : XANES_OPTIONS) {
            xanes.put(k, value(v, k));
        }
        if (stage.equals("xanes") || stage.equals("pipeline")) {
            // the cluster reads them through the same schema: refused here, before anything is written
            XanesKeys.parameters(k -> ClusterJob.text(xanes, k));
        }
        Map<String, Object> enhance = new LinkedHashMap<>();
        if (stage.equals("enhance")) {
            if (dictionary == null || dictionary.isBlank()) {
                throw new InvalidInputException("stage enhance needs the dictionary: the TIFF Learn Dictionary "
                        + "wrote (--dictionary FILE)");
            }
            enhance.put(DICTIONARY, location(dictionary, "dictionary"));
        }
        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put(EXECUTORS, v.integer(EXECUTORS));
        resources.put(EXECUTOR_CORES, v.integer(EXECUTOR_CORES));
        resources.put(EXECUTOR_MEMORY, memory(v, EXECUTOR_MEMORY));
        resources.put(DRIVER_MEMORY, memory(v, DRIVER_MEMORY));
        resources.put(NODES, v.integer(NODES));
        resources.put(CORES_PER_NODE, v.integer(CORES_PER_NODE));
        resources.put(MEMORY_PER_NODE, memory(v, MEMORY_PER_NODE));
        String time = blank(v.text(TIME));
        if (!time.matches("\\d{1,4}:\\d{2}(:\\d{2})?")) {
            throw new InvalidInputException("time must be a wall time HH:MM:SS (e.g. 04:00:00), got '" + time + "'");
        }
        resources.put(TIME, time);
        String queue = blank(v.text(QUEUE));
        if (!queue.isEmpty()) {
            if (!queue.matches("[A-Za-z0-9_.\\-]+")) {
                throw new InvalidInputException("queue must be a partition or queue name (letters, digits, _ . -), "
                        + "got '" + queue + "'");
            }
            resources.put(scheduler.equals("lsf") ? "queue" : "partition", queue);
        }
        String master = blank(v.text(MASTER));
        if (scheduler.equals("kubernetes")) {
            if (!master.startsWith("k8s://")) {
                throw new InvalidInputException("scheduler kubernetes needs master, the API server as "
                        + "k8s://https://HOST:PORT, got '" + master + "'");
            }
            resources.put(MASTER, master);
        } else if (scheduler.equals("yarn")) {
            resources.put(MASTER, "yarn");
        }
        return new ClusterJob(stage, in, output, false, v.text(COMPRESSION), v.bool(WRITE_REGISTERED),
                new int[] {b, b, b}, registration, xanes, enhance, resources);
    }

    /** The line that says what to do with the job folder (printed by every front-end). */
    public static String next(String scheduler, Path script, String results) {
        String run = switch (scheduler) {
            case "slurm" -> "sbatch " + script;
            case "lsf" -> "bsub < " + script;
            case "kubernetes" -> "IMAGE=registry/fusionj-spark:TAG " + script;
            default -> script.toString();
        };
        return "next: copy fusionj-spark-cluster.jar into the job folder (or set FUSIONJ_SPARK_JAR), then on the "
                + (scheduler.equals("local") ? "machine" : "cluster") + ": " + run + "; then open " + results
                + " in Fiji with Open Cluster Result...";
    }

    /** zarr for a Zarr array (a folder or a .zarr name), hdf5 for .h5/.hdf5/.nxs files; anything else refused. */
    static String format(String input) {
        String name = input.replaceAll("[/\\\\]+$", "").toLowerCase(Locale.ROOT);
        if (ImageFiles.isHdf5Name(name) || name.endsWith(".nxs")) {
            return "hdf5";
        }
        if (name.endsWith(".zarr") || (!ClusterJob.isUri(input) && Files.isRegularFile(Path.of(input, ".zarray")))) {
            return "zarr";
        }
        throw new InvalidInputException("input " + input + ": the cluster reads a Zarr array (a folder with "
                + ".zarray, or a name ending .zarr) or an HDF5 file (.h5, .hdf5, .nxs); convert the series to one "
                + "of them (e.g. save as HDF5)");
    }

    /** A URI as it is; a local path must exist and is made absolute. */
    private static String location(String spec, String what) {
        if (ClusterJob.isUri(spec)) {
            return spec;
        }
        Path p = Path.of(spec).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new InvalidInputException(what + " " + spec + " does not exist; give an existing path, or a "
                    + "file:///... URI for a path only the cluster sees");
        }
        return p.toString();
    }

    private static double[] energies(String text) {
        String t = blank(text);
        if (t.isEmpty()) {
            return new double[0];
        }
        double[] e = Energies.parse(t, ENERGIES);
        Energies.check(e, 2, ENERGIES);
        return e;
    }

    private static String memory(ParamValues v, String key) {
        String m = blank(v.text(key));
        if (!m.matches("\\d+[kKmMgGtT]?")) {
            throw new InvalidInputException(key + " must be an amount of memory such as 16g or 512m, got '" + m + "'");
        }
        return m;
    }

    /** A value as job.json holds it: numbers as numbers, switches as booleans, the rest as text. */
    private static Object value(ParamValues v, String key) {
        return switch (v.schema().param(key).type()) {
            case INTEGER -> v.integer(key);
            case NUMBER -> v.number(key);
            case BOOLEAN -> v.bool(key);
            default -> v.text(key);
        };
    }

    private static String blank(String s) {
        return s == null ? "" : s.trim();
    }
}
