package org.fusionj.workflow.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.TwoStageRegistrar;
import org.fusionj.io.JsonReader;
import org.fusionj.io.JsonWriter;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.xanes.XanesKeys;
import org.fusionj.core.xanes.XanesParameters;

/**
 * A distributed run described as a file: {@code job.json} (format {@value #FORMAT}, version {@value #VERSION};
 * documented in docs/scale-out.md). The Fiji dialog and scripts write it here; the Spark driver
 * ({@code fusionj-spark}) reads it with {@link #parse}. No Spark class is needed to write or read it.
 *
 * <p>The parameter sections use the same names as every other front-end (dialogs, macros, SciJava, the CLI):
 * {@code registration} takes the keys of {@link RegistrationKeys} plus {@code fixed_energy}, {@code downsample},
 * {@code refine_box}, {@code refine_levels}; {@code xanes} the keys of {@link XanesKeys}; {@code enhance} the
 * keys of Enhance with Dictionary. Values are JSON numbers, booleans or strings.
 *
 * @param command     register, xanes, enhance or pipeline (register, then XANES on the registered blocks)
 * @param input       the series (register, xanes, pipeline) or the stack to enhance (enhance)
 * @param output      folder of the results (created; existing results are refused unless {@code overwrite}): a
 *                    path, or a Hadoop file system URI ({@code s3a://bucket/results}, {@code hdfs://nn/results},
 *                    {@code file:///data/results}) that the Spark driver writes through Hadoop's FileSystem API
 * @param overwrite   replace results already in the output folder
 * @param compression chunks of the Zarr outputs: raw (default) or zlib
 * @param writeRegistered also write the registered series (pipeline; by default only maps are written)
 * @param blockSize   spatial block (x, y, z) of the XANES tasks and the chunks of the output maps
 * @param registration registration parameters by name
 * @param xanes       XANES parameters by name
 * @param enhance     enhancement parameters by name ({@code dictionary} the dictionary TIFF, {@code slab} slices
 *                    per task)
 * @param resources   what the submit scripts ask the cluster for (see {@link ClusterScripts})
 */
public record ClusterJob(String command, Input input, String output, boolean overwrite, String compression,
        boolean writeRegistered, int[] blockSize, Map<String, Object> registration, Map<String, Object> xanes,
        Map<String, Object> enhance, Map<String, Object> resources) {

    public static final String FORMAT = "fusionj-cluster-job";
    public static final int VERSION = 1;
    public static final String FILE_NAME = "job.json";
    public static final List<String> COMMANDS = List.of("register", "xanes", "enhance", "pipeline");
    public static final int[] DEFAULT_BLOCK = {128, 128, 128};

    /**
     * Where the input is.
     *
     * @param format     zarr (a float32 Zarr v2 array) or hdf5 (a dataset of an HDF5 file)
     * @param path       the Zarr array's folder or the HDF5 file: an absolute path, or a Hadoop URI (Zarr only:
     *                   {@code s3a://bucket/series.zarr}, {@code hdfs://...}, {@code file:///...})
     * @param dataset    HDF5: the dataset's path in the file; Zarr: empty
     * @param energiesEv the energies (eV) of the series' first axis; empty to take them from the input's
     *                   {@code energies_eV} attribute (or for a stack to enhance)
     * @param voxelSize  x, y, z voxel size
     * @param unit       the voxel size's unit
     */
    public record Input(String format, String path, String dataset, double[] energiesEv, double[] voxelSize,
            String unit) {

        /** An input on the local (or a mounted) file system. */
        public Input(String format, Path path, String dataset, double[] energiesEv, double[] voxelSize, String unit) {
            this(format, path == null ? null : path.toString(), dataset, energiesEv, voxelSize, unit);
        }

        public Input {
            if (!"zarr".equals(format) && !"hdf5".equals(format)) {
                throw new InvalidInputException("input format must be zarr or hdf5, got '" + format + "'");
            }
            if (path == null || path.isBlank()) {
                throw new InvalidInputException("the input needs a path");
            }
            if ("hdf5".equals(format) && isUri(path) && !path.startsWith("file:")) {
                throw new InvalidInputException("an hdf5 input must be on a file system every executor mounts (jhdf "
                        + "reads files, not " + path.substring(0, path.indexOf(':')) + ":// objects); convert it to "
                        + "Zarr or copy it to a shared file system");
            }
            if ("hdf5".equals(format) && (dataset == null || dataset.isBlank())) {
                throw new InvalidInputException("an hdf5 input needs its dataset (e.g. \"/series\")");
            }
            energiesEv = energiesEv == null ? new double[0] : energiesEv.clone();
            voxelSize = voxelSize == null ? new double[] {1, 1, 1} : voxelSize.clone();
            if (voxelSize.length != 3) {
                throw new InvalidInputException("voxel_size needs 3 values (x, y, z), got " + voxelSize.length);
            }
            unit = unit == null || unit.isBlank() ? "pixel" : unit;
            dataset = dataset == null ? "" : dataset;
        }

        Map<String, Object> toMap(Path base) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", format);
            m.put("path", relative(base, path));
            if (!dataset.isEmpty()) {
                m.put("dataset", dataset);
            }
            if (energiesEv.length > 0) {
                m.put("energies_eV", energiesEv);
            }
            m.put("voxel_size", voxelSize);
            m.put("unit", unit);
            return m;
        }
    }

    /** A job whose output folder is on the local (or a mounted) file system. */
    public ClusterJob(String command, Input input, Path output, boolean overwrite, String compression,
            boolean writeRegistered, int[] blockSize, Map<String, Object> registration, Map<String, Object> xanes,
            Map<String, Object> enhance, Map<String, Object> resources) {
        this(command, input, output == null ? null : output.toString(), overwrite, compression, writeRegistered,
                blockSize, registration, xanes, enhance, resources);
    }

    public ClusterJob {
        if (!COMMANDS.contains(command)) {
            throw new InvalidInputException("command must be one of " + String.join(", ", COMMANDS) + ", got '"
                    + command + "'");
        }
        if (input == null || output == null) {
            throw new InvalidInputException("a job needs an input and an output folder");
        }
        compression = compression == null ? "raw" : compression.toLowerCase(Locale.ROOT);
        if (!compression.equals("raw") && !compression.equals("zlib")) {
            throw new InvalidInputException("compression must be raw or zlib, got '" + compression + "'");
        }
        blockSize = blockSize == null ? DEFAULT_BLOCK.clone() : blockSize.clone();
        if (blockSize.length != 3 || blockSize[0] < 8 || blockSize[1] < 8 || blockSize[2] < 8) {
            throw new InvalidInputException("block_size needs 3 sides of at least 8 voxels, got "
                    + Arrays.toString(blockSize));
        }
        registration = registration == null ? Map.of() : new LinkedHashMap<>(registration);
        xanes = xanes == null ? Map.of() : new LinkedHashMap<>(xanes);
        enhance = enhance == null ? Map.of() : new LinkedHashMap<>(enhance);
        resources = resources == null ? Map.of() : new LinkedHashMap<>(resources);
        if (command.equals("enhance") && !enhance.containsKey("dictionary")) {
            throw new InvalidInputException("an enhance job needs enhance.dictionary (the dictionary TIFF)");
        }
    }

    /** The registration parameters of the job (same names and defaults as Register Spectro-Tomography Series). */
    public RegistrationParameters registrationParameters() {
        return RegistrationKeys.parameters(k -> text(registration, k));
    }

    /** The two-stage settings: downsample (default 4), refine_box (256), refine_levels (2). */
    public TwoStageRegistrar.Settings twoStageSettings() {
        TwoStageRegistrar.Settings d = TwoStageRegistrar.Settings.defaults();
        return new TwoStageRegistrar.Settings(integer(registration, "downsample", d.downsample()),
                integer(registration, "refine_box", d.refineBox()),
                integer(registration, "refine_levels", d.refineLevels()));
    }

    /** "highest" or an energy in eV. */
    public String fixedEnergy() {
        String v = text(registration, "fixed_energy");
        return v == null ? "highest" : v;
    }

    /** The XANES parameters of the job (same names and defaults as XANES Edge Map). */
    public XanesParameters xanesParameters() {
        return XanesKeys.parameters(k -> text(xanes, k));
    }

    /** Whether per-particle statistics are asked for ({@code xanes.particles}). */
    public boolean particles() {
        String v = text(xanes, XanesKeys.PARTICLES);
        return v != null && Boolean.parseBoolean(v);
    }

    /** A parameter as text (numbers without a needless ".0"), or null when absent. */
    public static String text(Map<String, Object> section, String key) {
        Object v = section.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString(d.longValue());
        }
        if (v instanceof List<?> l) {
            List<String> parts = new ArrayList<>();
            for (Object o : l) {
                parts.add(o instanceof Double d && d == Math.rint(d) ? Long.toString(d.longValue()) : String.valueOf(o));
            }
            return String.join(",", parts);
        }
        return String.valueOf(v);
    }

    public static int integer(Map<String, Object> section, String key, int fallback) {
        String v = text(section, key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a whole number, got '" + v + "'");
        }
    }

    public static double number(Map<String, Object> section, String key, double fallback) {
        String v = text(section, key);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a number, got '" + v + "'");
        }
    }

    /** The job as JSON; paths relative to {@code base} (the folder job.json goes to) when they lie below it. */
    public String toJson(Path base) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("version", VERSION);
        m.put("command", command);
        m.put("input", input.toMap(base));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("path", relative(base, output));
        out.put("overwrite", overwrite);
        out.put("compression", compression);
        out.put("write_registered", writeRegistered);
        m.put("output", out);
        m.put("block_size", List.of(blockSize[0], blockSize[1], blockSize[2]));
        if (!registration.isEmpty()) {
            m.put("registration", registration);
        }
        if (!xanes.isEmpty()) {
            m.put("xanes", xanes);
        }
        if (!enhance.isEmpty()) {
            m.put("enhance", enhance);
        }
        if (!resources.isEmpty()) {
            m.put("resources", resources);
        }
        return JsonWriter.write(m);
    }

    /**
     * Whether {@code location} is a URI with a scheme ({@code s3a://...}, {@code hdfs://...}, {@code file:/...})
     * rather than a path. A scheme has at least two letters, so Windows drive letters ("C:/data") are paths.
     */
    public static boolean isUri(String location) {
        return location != null && location.matches("[A-Za-z][A-Za-z0-9+.-]+:/.*");
    }

    private static String relative(Path base, String location) {
        if (base != null && !isUri(location)) {
            Path b = base.toAbsolutePath().normalize();
            Path a = Path.of(location).toAbsolutePath().normalize();
            if (a.startsWith(b)) {
                String r = b.relativize(a).toString();
                return r.isEmpty() ? "." : r;
            }
        }
        return location;
    }

    /** Reads a job file; relative paths are taken relative to the file's folder. */
    public static ClusterJob read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("job file " + file + " does not exist (write one with the Fiji command "
                    + "or ClusterJobFiles.write)");
        }
        return parse(Files.readString(file, StandardCharsets.UTF_8),
                file.toAbsolutePath().getParent());
    }

    /** Parses a job file's text. */
    @SuppressWarnings("unchecked")
    public static ClusterJob parse(String json, Path base) {
        Object parsed;
        try {
            parsed = JsonReader.parse(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("the job file is not valid JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> root)) {
            throw new InvalidInputException("the job file must hold a JSON object");
        }
        Map<String, Object> m = (Map<String, Object>) root;
        if (!FORMAT.equals(m.get("format"))) {
            throw new InvalidInputException("not a FusionJ cluster job: format is " + m.get("format") + ", expected "
                    + FORMAT);
        }
        double version = m.get("version") instanceof Double v ? v : -1;
        if (version != VERSION) {
            throw new InvalidInputException("job file version " + m.get("version") + " is not supported (this "
                    + "FusionJ reads version " + VERSION + "); write the job again with this version");
        }
        Map<String, Object> in = section(m, "input");
        Input input = new Input(str(in, "format", "zarr"), resolve(base, str(in, "path", null)),
                str(in, "dataset", ""), doubles(in.get("energies_eV"), "input.energies_eV"),
                in.containsKey("voxel_size") ? doubles(in.get("voxel_size"), "input.voxel_size") : null,
                str(in, "unit", "pixel"));
        Map<String, Object> out = section(m, "output");
        double[] block = m.containsKey("block_size") ? doubles(m.get("block_size"), "block_size") : null;
        int[] b = block == null ? null : new int[block.length];
        for (int i = 0; b != null && i < b.length; i++) {
            b[i] = (int) block[i];
        }
        return new ClusterJob(str(m, "command", null), input, resolve(base, str(out, "path", null)),
                Boolean.TRUE.equals(out.get("overwrite")), str(out, "compression", "raw"),
                Boolean.TRUE.equals(out.get("write_registered")), b, optional(m, "registration"),
                optional(m, "xanes"), optional(m, "enhance"), optional(m, "resources"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> m, String key) {
        if (!(m.get(key) instanceof Map<?, ?> s)) {
            throw new InvalidInputException("the job file has no \"" + key + "\" section");
        }
        return (Map<String, Object>) s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> optional(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> s)) {
            throw new InvalidInputException("\"" + key + "\" in the job file must be an object");
        }
        return (Map<String, Object>) s;
    }

    private static String str(Map<String, Object> m, String key, String fallback) {
        Object v = m.get(key);
        if (v == null) {
            if (fallback == null) {
                throw new InvalidInputException("the job file lacks \"" + key + "\"");
            }
            return fallback;
        }
        return String.valueOf(v);
    }

    /** A URI as it is; a path relative to {@code base} (when given) made absolute. */
    private static String resolve(Path base, String p) {
        if (isUri(p)) {
            return p;
        }
        Path path = Path.of(p);
        return (path.isAbsolute() || base == null ? path : base.resolve(path).normalize()).toString();
    }

    private static double[] doubles(Object v, String what) {
        if (v == null) {
            return new double[0];
        }
        if (!(v instanceof List<?> l)) {
            throw new InvalidInputException(what + " must be a list of numbers");
        }
        double[] out = new double[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Double d)) {
                throw new InvalidInputException(what + " must be a list of numbers, item " + (i + 1) + " is "
                        + l.get(i));
            }
            out[i] = d;
        }
        return out;
    }
}
