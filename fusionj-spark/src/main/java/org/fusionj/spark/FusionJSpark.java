package org.fusionj.spark;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.cluster.ClusterJobFiles;

/**
 * The FusionJ Spark driver: {@code register | xanes | enhance | pipeline --job job.json}. Under spark-submit it
 * uses the master spark-submit gives (YARN, Kubernetes, standalone); {@code --local N} (or no master at all) runs
 * in local[N] on this machine, on the loopback interface, without the web UI. {@code simulate} writes a simulated
 * series and a pipeline job; {@code demo} simulates and runs the pipeline locally.
 */
public final class FusionJSpark {

    static final String USAGE = """
            usage: FusionJSpark register|xanes|enhance|pipeline --job job.json [--local N]
                   (job.json a path or a Hadoop URI, e.g. s3a://bucket/run/job.json; paths in it absolute then)
                   FusionJSpark simulate --out DIR [--size 64] [--energies 60] [--seed 1] [--block 32]
                   FusionJSpark demo --out DIR [--size 64] [--energies 60] [--local 2] [--block 32]
                   FusionJSpark bench [--size 96] [--energies 60] [--runs 3] [--warmup 1] [--block 48] [--out DIR]
              under spark-submit: spark-submit --class org.fusionj.spark.FusionJSpark fusionj-spark-cluster.jar \\
                                  pipeline --job job.json
            """;

    private FusionJSpark() {
    }

    public static void main(String[] args) {
        try {
            System.exit(run(args, System.out));
        } catch (IllegalArgumentException e) {
            System.err.println("fusionj-spark: " + e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            System.err.println("fusionj-spark: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    static int run(String[] args, PrintStream out) throws Exception {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        Map<String, String> opts = options(args);
        String command = args[0];
        switch (command) {
            case "simulate" -> {
                Path dir = Path.of(required(opts, "out"));
                ClusterJob job = simulate(dir, integer(opts, "size", 64), integer(opts, "energies", 60),
                        integer(opts, "seed", 1), integer(opts, "block", 32));
                out.println("wrote " + job.input().path() + " and " + dir.resolve(ClusterJob.FILE_NAME)
                        + " (+ submit scripts); run: bin/fusionj-spark pipeline --job " + dir.resolve(
                        ClusterJob.FILE_NAME) + " --local 2");
                return 0;
            }
            case "bench" -> {
                Path dir = Path.of(opts.getOrDefault("out", System.getProperty("java.io.tmpdir") + "/fusionj-spark-bench"));
                SparkBenchmark.run(dir, integer(opts, "size", 96), integer(opts, "energies", 60),
                        integer(opts, "runs", 3), integer(opts, "block", 48), integer(opts, "warmup", 1), out);
                return 0;
            }
            case "demo" -> {
                Path dir = Path.of(required(opts, "out"));
                ClusterJob job = simulate(dir, integer(opts, "size", 64), integer(opts, "energies", 60),
                        integer(opts, "seed", 1), integer(opts, "block", 32));
                return runJob(job, "pipeline", opts.getOrDefault("local", "2"), out);
            }
            default -> {
                if (!ClusterJob.COMMANDS.contains(command)) {
                    throw new InvalidInputException("unknown command '" + command + "'\n" + USAGE);
                }
                String jobFile = required(opts, "job");
                ClusterJob job = ClusterJob.isUri(jobFile) ? ClusterJob.parse(Location.of(jobFile).readString(), null)
                        : ClusterJob.read(Path.of(jobFile));
                return runJob(job, command, opts.get("local"), out);
            }
        }
    }

    private static int runJob(ClusterJob job, String command, String local, PrintStream out) throws Exception {
        SparkConf conf = new SparkConf().setAppName("FusionJ " + command);
        if (local != null || !conf.contains("spark.master")) {
            configureLocal(conf, local == null ? Runtime.getRuntime().availableProcessors()
                    : Integer.parseInt(local));
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            out.println("FusionJ " + command + " on " + sc.master() + ": " + job.input().path() + " -> "
                    + job.output());
            ClusterRun.Summary s = ClusterRun.run(sc, job, command, out);
            out.printf(Locale.ROOT, "read %.1f MB for %.1f MB of input (read amplification %.2f); results in %s%n",
                    s.bytesRead() / 1e6, s.inputBytes() / 1e6, s.readAmplification(), job.output());
        }
        return 0;
    }

    /** local[N] on the loopback interface, without the web UI (what tests and the local commands use). */
    public static SparkConf configureLocal(SparkConf conf, int threads) {
        return conf.setMaster("local[" + threads + "]")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false")
                .set("spark.ui.showConsoleProgress", "false");
    }

    /** Writes a simulated series (series.zarr) and a pipeline job (job.json, submit scripts) into {@code dir}. */
    public static ClusterJob simulate(Path dir, int size, int energies, long seed, int block) throws Exception {
        SpectroPhantom p = new SpectroPhantom(size, energies, seed);
        Path series = p.writeZarr(dir.resolve("series.zarr"), Math.min(block, size),
                Runtime.getRuntime().availableProcessors());
        ClusterJob job = pipelineJob(series, dir.resolve("results"), p.energies(), block, size >= 64 ? 4 : 2);
        ClusterJobFiles.write(job, dir, true);
        return job;
    }

    /** A pipeline job on a Zarr series with FusionJ's defaults (Mn K, half-height map, particles). */
    public static ClusterJob pipelineJob(Path series, Path output, double[] energies, int block, int downsample) {
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("fixed_energy", "highest");
        reg.put("transform", "affine");
        reg.put("levels", 3.0);
        reg.put("downsample", (double) downsample);
        reg.put("refine_box", 256.0);
        reg.put("refine_levels", 2.0);
        Map<String, Object> xanes = new LinkedHashMap<>();
        xanes.put("edge", "Mn K");
        xanes.put("e0", SpectroPhantom.E0);
        xanes.put("methods", "half_height");
        xanes.put("particles", true);
        xanes.put("connectivity", 26.0);
        xanes.put("min_voxels", 10.0);
        xanes.put("bin_width", 0.25);
        if (!XanesParameters.samplesEdgeForFit(energies, SpectroPhantom.E0)) {
            // a short uniform grid (demo --energies 12) steps 20 eV across the edge: too coarse for the fitted model
            xanes.put("edge_estimator", "interpolate");
        }
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("threads_per_task", 1.0);
        return new ClusterJob("pipeline", new ClusterJob.Input("zarr", series, "", energies, null, "pixel"), output,
                true, "raw", false, new int[] {block, block, block}, reg, xanes, Map.of(), res);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                throw new InvalidInputException("unexpected argument '" + args[i] + "'\n" + USAGE);
            }
            String key = args[i].substring(2);
            if (i + 1 >= args.length) {
                throw new InvalidInputException("--" + key + " needs a value");
            }
            m.put(key, args[++i]);
        }
        for (String k : m.keySet()) {
            if (!List.of("job", "local", "out", "size", "energies", "seed", "block", "runs", "warmup").contains(k)) {
                throw new InvalidInputException("unknown option --" + k + "\n" + USAGE);
            }
        }
        return m;
    }

    private static String required(Map<String, String> opts, String key) {
        String v = opts.get(key);
        if (v == null) {
            throw new InvalidInputException("--" + key + " is required\n" + USAGE);
        }
        return v;
    }

    private static int integer(Map<String, String> opts, String key, int fallback) {
        String v = opts.get(key);
        try {
            return v == null ? fallback : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new InvalidInputException("--" + key + " must be a whole number, got '" + v + "'");
        }
    }
}
