package org.fusionj.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.SeriesRegistrar;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.segment.Components;
import org.fusionj.core.segment.ConnectedComponents;
import org.fusionj.core.segment.Connectivity;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.RegionSpectra;
import org.fusionj.core.xanes.XanesMapper;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.XanesStatistics;
import org.fusionj.io.ZarrArray;
import org.fusionj.workflow.cluster.ClusterJob;

/**
 * {@code bin/fusionj-spark bench}: the pipeline (registration + XANES half-height map + particles) on a simulated
 * 60-energy series, three ways side by side: the single-machine kernels in one JVM with 2 threads (what
 * {@code bin/fusionj register} then {@code bin/fusionj xanes} compute, without their TIFF input and output), and the
 * Spark driver in local[1] and local[2]. Prints the machine, the load average, medians of the runs, ratios,
 * throughput per core and read amplification.
 */
public final class SparkBenchmark {

    private SparkBenchmark() {
    }

    /** The 1, 5 and 15 minute load averages. */
    static String load() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (Exception e) {
            return String.format(Locale.ROOT, "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** CPU seconds used by this JVM so far (all threads), or NaN where the platform does not tell. */
    static double cpuSeconds() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime() / 1e9;
        }
        return Double.NaN;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    public static void run(Path dir, int size, int energies, int runs, int block, int warmup, PrintStream out)
            throws Exception {
        out.printf(Locale.ROOT, "# FusionJ on Spark: pipeline benchmark%n%n");
        out.printf(Locale.ROOT, "machine: %d cores, Java %s, max heap %.1f GB; load average at start %s "
                + "(shared machine: figures are noisy)%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), Runtime.getRuntime().maxMemory() / 1e9, load());
        SpectroPhantom p = new SpectroPhantom(size, energies, 1);
        Path series = dir.resolve("series.zarr");
        long t0 = System.nanoTime();
        p.writeZarr(series, Math.min(block, size), 2);
        double inputMb = 4.0 * energies * size * size * size / 1e6;
        out.printf(Locale.ROOT, "dataset: SpectroPhantom %d energies x %d^3 float32 = %.0f MB as a raw Zarr "
                + "(written in %.1f s); blocks %d^3%n", energies, size, inputMb, (System.nanoTime() - t0) / 1e9,
                block);
        ClusterJob job = FusionJSpark.pipelineJob(series, dir.resolve("out"), p.energies(), block, 4);
        out.printf(Locale.ROOT, "parameters: affine, mse, 3 levels; Spark: downsample 4 then refinement "
                + "(<= 256^3 crop, 2 levels), volumes up to %.0f MB read whole (1/8 of the heap); single machine: "
                + "full resolution, init_neighbour; XANES Mn K half_height, particles (26-connected, min 10 "
                + "voxels) with histograms and mean spectra; Spark also writes maps.zarr and overview.h5%n%n",
                ExecutorCache.wholeVolumeBudget() / 1e6);
        // rounds: single machine, local[1], local[2] one after the other, so a change of the machine's load hits
        // all three alike; each Spark run gets a fresh context (start-up not timed), as a real job does
        String[] names = {"single machine (2 threads)", "Spark local[1]", "Spark local[2]"};
        double[][] wall = new double[3][runs];
        double[][] cpu = new double[3][runs];
        double[] singleRegister = new double[runs];
        double[] singleXanes = new double[runs];
        double[] amplification = new double[3];
        double[] startup = new double[3];
        Map<String, double[]> stages = new LinkedHashMap<>();
        // warm-up rounds first, not counted: the first round of a JVM also pays the JIT compilation of every path
        StringBuilder warm = new StringBuilder();
        for (int r = -warmup; r < runs; r++) {
            if (r == 0 && warmup > 0) {
                out.printf(Locale.ROOT, "warm-up (not counted), seconds:%s; load average %s%n", warm, load());
            }
            boolean counted = r >= 0;
            double[] st = new double[2];
            double c0 = cpuSeconds();
            double w = singleMachine(job, series, size, energies, st);
            if (!counted) {
                warm.append(String.format(Locale.ROOT, " single machine %.1f", w));
                warmSpark(job, warm);
                continue;
            }
            wall[0][r] = w;
            cpu[0][r] = cpuSeconds() - c0;
            singleRegister[r] = st[0];
            singleXanes[r] = st[1];
            for (int threads : new int[] {1, 2}) {
                long s0 = System.nanoTime();
                try (JavaSparkContext sc = new JavaSparkContext(FusionJSpark.configureLocal(
                        new SparkConf().setAppName("FusionJ bench"), threads))) {
                    sc.setLogLevel("ERROR");
                    startup[threads] = Math.max(startup[threads], (System.nanoTime() - s0) / 1e9);
                    double c1 = cpuSeconds();
                    long a = System.nanoTime();
                    ClusterRun.Summary s = ClusterRun.run(sc, job, "pipeline", new PrintStream(
                            new ByteArrayOutputStream()));
                    wall[threads][r] = (System.nanoTime() - a) / 1e9;
                    cpu[threads][r] = cpuSeconds() - c1;
                    amplification[threads] = s.readAmplification();
                    for (Map.Entry<String, Double> e : s.seconds().entrySet()) {
                        stages.computeIfAbsent("local[" + threads + "] " + e.getKey(), k -> new double[runs])[r] =
                                e.getValue();
                    }
                }
            }
        }
        out.printf(Locale.ROOT, "%d rounds counted; load average after them %s%n%n", runs, load());
        out.println("| run | cores | median s | runs (s) | MB/s per core | vs single machine | CPU s (median) "
                + "| CPU vs single machine | read amplification |");
        out.println("|---|---:|---:|---|---:|---:|---:|---:|---:|");
        for (int row = 0; row < 3; row++) {
            int cores = row == 0 ? 2 : row;
            double m = median(wall[row]);
            StringBuilder all = new StringBuilder();
            double[] ratio = new double[runs];
            double[] cpuRatio = new double[runs];
            for (int r = 0; r < runs; r++) {
                all.append(all.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.1f", wall[row][r]));
                ratio[r] = wall[row][r] / wall[0][r];
                cpuRatio[r] = cpu[row][r] / cpu[0][r];
            }
            out.printf(Locale.ROOT, "| %s | %d | %.1f | %s | %.1f | %.2f | %.1f | %.2f | %s |%n", names[row], cores, m,
                    all, inputMb / m / cores, median(ratio), median(cpu[row]), median(cpuRatio),
                    row == 0 ? "1.00" : String.format(Locale.ROOT, "%.2f", amplification[row]));
        }
        out.printf(Locale.ROOT, "(ratios: median over the rounds of each round's ratio; CPU: the JVM's process CPU "
                + "time during the run, all threads)%n");
        StringBuilder st = new StringBuilder();
        for (Map.Entry<String, double[]> e : stages.entrySet()) {
            st.append(st.length() == 0 ? "" : ", ").append(e.getKey()).append(String.format(Locale.ROOT, " %.1f",
                    median(e.getValue())));
        }
        out.printf(Locale.ROOT, "%nStages, median seconds: single machine read + register + resample %.1f, XANES "
                + "map + particles + spectra %.1f; Spark %s.%n", median(singleRegister), median(singleXanes), st);
        out.printf(Locale.ROOT, "%nSpark start-up (not timed; the largest of the rounds): local[1] %.1f s, local[2] %.1f s. "
                + "local[1] / local[2] = %.2f. Load average at end %s.%n", startup[1], startup[2],
                median(wall[1]) / median(wall[2]), load());
    }

    /** A warm-up round's Spark runs (local[1], local[2]), their times appended to {@code warm}. */
    private static void warmSpark(ClusterJob job, StringBuilder warm) throws Exception {
        for (int threads : new int[] {1, 2}) {
            try (JavaSparkContext sc = new JavaSparkContext(FusionJSpark.configureLocal(
                    new SparkConf().setAppName("FusionJ bench warm-up"), threads))) {
                sc.setLogLevel("ERROR");
                long a = System.nanoTime();
                ClusterRun.run(sc, job, "pipeline", new PrintStream(new ByteArrayOutputStream()));
                warm.append(String.format(Locale.ROOT, ", local[%d] %.1f", threads, (System.nanoTime() - a) / 1e9));
            }
        }
    }

    /** Volumes in memory as a series to register, named "energy i". */
    static SeriesRegistrar.VolumeSource volumeSource(Volume[] volumes) {
        return new SeriesRegistrar.VolumeSource() {
            @Override
            public int count() {
                return volumes.length;
            }

            @Override
            public Volume volume(int index) {
                return volumes[index];
            }

            @Override
            public String name(int index) {
                return "energy " + index;
            }
        };
    }

    /** The single-machine pipeline in this JVM: read the series, register, resample, map, particles. */
    static double singleMachine(ClusterJob job, Path series, int n, int energies, double[] stages)
            throws Exception {
        long t0 = System.nanoTime();
        ZarrArray a = ZarrArray.open(series);
        Volume[] volumes = new Volume[energies];
        for (int e = 0; e < energies; e++) {
            volumes[e] = new Volume(n, n, n, a.read(new long[] {e, 0, 0, 0}, new int[] {1, n, n, n}));
        }
        RegistrationParameters params = job.registrationParameters();
        float[][][] planes = new float[energies][][];
        try (RowBlocks blocks = new RowBlocks(2)) {
            new SeriesRegistrar(params, blocks, ProgressListener.NONE, CancellationToken.NEVER)
                    .register(volumeSource(volumes), energies - 1, (i, res, v) -> planes[i] = v.toSlices());
        }
        long t1 = System.nanoTime();
        EnergySeries registered = new EnergySeries(n, n, n, job.input().energiesEv(), planes);
        XanesMaps maps = new XanesMapper(2).map(registered, job.xanesParameters());
        Components c = ConnectedComponents.label(maps.mask(), n, n, Connectivity.TWENTY_SIX).keepAtLeast(10);
        XanesStatistics.histograms(maps.halfHeight(), c.labels(), c.count(), 0.25);
        // XANES Edge Map also averages each particle's spectrum (spectra.csv), as the Spark run does
        new RegionSpectra(2).ofLabels(registered, job.xanesParameters(), c.labels(), c.count(), ProgressListener.NONE,
                CancellationToken.NEVER);
        long t2 = System.nanoTime();
        stages[0] = (t1 - t0) / 1e9;
        stages[1] = (t2 - t1) / 1e9;
        return (t2 - t0) / 1e9;
    }
}
