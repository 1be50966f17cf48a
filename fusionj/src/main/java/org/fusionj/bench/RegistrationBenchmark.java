package org.fusionj.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.PairRegistrar;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.SeriesRegistrar;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.registration.phantom.PhantomCase;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.RegistrationPhantom;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.core.registration.phantom.TransformError;

/**
 * {@code fusionj bench registration}: wall time, accuracy and peak heap of the 3-D registration on phantoms.
 *
 * <ul>
 *   <li>Pairs: the affine "mix" phantom (shift, 4 degree rotation, anisotropic scale, shear; per-particle gain
 *       0.70 to 0.78, Gaussian noise 0.02) at each size, default parameters (affine, binarised MSE, 4 levels).
 *       Time = {@link System#nanoTime()} around preparing both volumes (Otsu, smoothing, pyramid), registering and
 *       the quality figures (MSE, Dice before and after); the output resampling is timed separately. JIT warmed on
 *       a 64^3 pair first. Error = distance between the recovered and the true map, mean and max over particle
 *       voxels, in voxels.</li>
 *   <li>Series: a drifting {@link SeriesPhantom} of N energies, registered one energy at a time to the highest,
 *       each from its neighbour; volumes are rendered on demand (render time subtracted) and resampled outputs
 *       dropped, so the peak heap shows what the registration itself holds.</li>
 * </ul>
 */
public final class RegistrationBenchmark {

    public static final String USAGE = """
            usage: fusionj bench registration [--sizes 128,256] [--repeats N] [--threads N] [--energies 20]
                                              [--series_size 128]
              --sizes        edge lengths of the cubic pair phantoms (default 128,256)
              --repeats      timed runs per pair row (default 5 below 256, 3 from 256)
              --threads      the multi-threaded thread count (default: all available processors)
              --energies     energies of the series row (default 20; 0 skips it)
              --series_size  edge length of the series phantom (default 128)
            fusionj bench registration --2d ...: 2-D stacks against phase correlation (--2d --help for its options)
            """;

    /** The goal: a 256^3 pair in at most this many seconds at <= 0.1 voxel mean error. */
    static final double GOAL_SECONDS = 0.55;

    private static volatile double sink;

    private RegistrationBenchmark() {
    }

    public static void main(String[] args) {
        BenchOptions.runMain(args, RegistrationBenchmark::run);
    }

    public static void run(PrintStream out, List<String> args) {
        if (args.contains("--2d")) {
            List<String> rest = new ArrayList<>(args);
            rest.remove("--2d");
            Registration2dBenchmark.run(out, rest);
            return;
        }
        int[] energies = {20};
        int[] seriesSize = {128};
        BenchOptions options = BenchOptions.parse(args, "registration", USAGE, List.of(128, 256), 64, 1024,
                "from 64 to 1024 (4 pyramid levels need 64)", Map.of(
                        "--energies", v -> energies[0] = BenchOptions.wholeNumber("--energies", v, 0),
                        "--series_size", v -> seriesSize[0] = BenchOptions.wholeNumber("--series_size", v, 64)));
        if (options.printHelp(out)) {
            return;
        }
        long start = System.nanoTime();
        MemoryMeter memory = new MemoryMeter();
        List<String> notes = new ArrayList<>();
        MachineInfo.printHeading(out, "FusionJ 3-D registration benchmark", options.threads, memory);
        out.println("- data: affine 'mix' phantom (3 textured particles with cracks and pores; shift, 4 deg "
                + "rotation, anisotropic scale, shear; gain 0.70-0.78 per particle; Gaussian noise 0.02)");
        out.println("- parameters: defaults (affine, binarised MSE, smoothing 1, 4 levels, inverse-compositional "
                + "Gauss-Newton over the gradient band)");
        out.println("- time: prepare both volumes + register + MSE/Dice before and after; the output resampling "
                + "(trilinear) is timed on its own; JIT warmed on a 64^3 pair; best and median of the runs");
        out.println("- memory: one more, untimed run after System.gc(); peak heap = larger of the pools' peak and the "
                + "heap sampled every " + HeapSampler.PERIOD_MS + " ms (includes the two input volumes and the "
                + "resampled output)");
        out.println();
        warmUp(options);
        out.println("| case | size | threads | runs | best (s) | median (s) | ns / voxel | resample (s) "
                + "| mean error (voxel) | max error (voxel) | peak heap (MiB) |");
        out.println(MarkdownTable.separator(2, 9));
        double goal = Double.NaN;
        for (int size : options.sizes) {
            RegistrationPhantom.Pair pair;
            try (RowBlocks blocks = new RowBlocks(options.threads)) {
                pair = RegistrationPhantom.pair(size, PhantomCase.MIX, PhantomNoise.DEFAULT, 7, blocks);
            }
            for (int threads : options.threadCounts()) {
                int runs = options.repeats > 0 ? options.repeats : size < 256 ? 5 : 3;
                double[] seconds = new double[runs];
                PairResult result = null;
                double resample = 0;
                for (int r = 0; r < runs; r++) {
                    long t0 = System.nanoTime();
                    try (RowBlocks blocks = new RowBlocks(threads)) {
                        PairRegistrar reg = new PairRegistrar(RegistrationParameters.defaults(), blocks,
                                CancellationToken.NEVER);
                        result = reg.register(reg.prepare(pair.fixed(), "fixed"), reg.prepare(pair.moving(),
                                "moving"), null);
                        seconds[r] = (System.nanoTime() - t0) / 1e9;
                        long t1 = System.nanoTime();
                        Volume v = reg.resample(pair.moving(), pair.fixed(), result);
                        resample = (System.nanoTime() - t1) / 1e9;
                        sink = v.data()[0];
                    }
                }
                // heap measured in one more, untimed run: the sampler thread would compete for the 2 cores
                MemoryMeter.Probe probe = memory.start();
                try (RowBlocks blocks = new RowBlocks(threads)) {
                    PairRegistrar reg = new PairRegistrar(RegistrationParameters.defaults(), blocks,
                            CancellationToken.NEVER);
                    PairResult r = reg.register(reg.prepare(pair.fixed(), "fixed"), reg.prepare(pair.moving(),
                            "moving"), null);
                    sink = reg.resample(pair.moving(), pair.fixed(), r).data()[0];
                }
                MemoryMeter.Usage usage = probe.stop();
                TransformError e = TransformError.of(result.field(), pair.motions(), pair.labels(), size, size);
                double best = Timings.best(seconds);
                if (size == 256 && e.mean() <= 0.1) {
                    goal = Double.isNaN(goal) ? best : Math.min(goal, best);
                }
                out.printf(Locale.ROOT, "| pair, affine mix | %d^3 | %d | %d | %.3f | %.3f | %.1f | %.3f | %.4f | "
                        + "%.4f | %.0f |%n", size, threads, runs, best, Timings.median(seconds),
                        1e9 * best / Math.pow(size, 3), resample, e.mean(), e.max(), usage.peakBytes()
                        / MemoryMeter.MIB);
                out.flush();
            }
        }
        if (energies[0] >= 2) {
            series(out, options, memory, energies[0], seriesSize[0]);
        }
        if (!Double.isNaN(goal)) {
            notes.add(String.format(Locale.ROOT, "goal (256^3 pair in <= %.2f s at <= 0.1 voxel): best %.3f s: %s",
                    GOAL_SECONDS, goal, goal <= GOAL_SECONDS ? "met" : "NOT met"));
        }
        MarkdownTable.printNotes(out, notes);
        MarkdownTable.printWholeBenchmark(out, start);
    }

    private static void warmUp(BenchOptions options) {
        try (RowBlocks blocks = new RowBlocks(options.threads)) {
            RegistrationPhantom.Pair pair = RegistrationPhantom.pair(64, PhantomCase.MIX, PhantomNoise.DEFAULT, 3,
                    blocks);
            RegistrationParameters p = RegistrationParameters.builder().levels(3).build();
            PairRegistrar reg = new PairRegistrar(p, blocks, CancellationToken.NEVER);
            for (int i = 0; i < 3; i++) {
                PairResult r = reg.register(reg.prepare(pair.fixed(), "fixed"), reg.prepare(pair.moving(), "moving"),
                        null);
                sink = r.after().mse();
            }
        }
    }

    private static void series(PrintStream out, BenchOptions options, MemoryMeter memory, int count, int size) {
        SeriesPhantom phantom = new SeriesPhantom(size, count, PhantomNoise.DEFAULT, 9);
        int[] labels = phantom.labels();
        out.println();
        out.println("| case | size | energies | threads | total (s) | per energy (s) | mean error (voxel) "
                + "| max error (voxel) | peak heap (MiB) | peak / one volume |");
        out.println(MarkdownTable.separator(2, 8));
        for (int threads : options.threadCounts()) {
            long[] renderNanos = new long[1];
            MemoryMeter.Probe probe = memory.start();
            long t0 = System.nanoTime();
            List<PairResult> results;
            try (RowBlocks blocks = new RowBlocks(threads)) {
                SeriesRegistrar.VolumeSource source = new SeriesRegistrar.VolumeSource() {
                    @Override
                    public int count() {
                        return phantom.count();
                    }

                    @Override
                    public Volume volume(int index) {
                        long r0 = System.nanoTime();
                        Volume v = phantom.volume(index, blocks);
                        renderNanos[0] += System.nanoTime() - r0;
                        return v;
                    }

                    @Override
                    public String name(int index) {
                        return "energy " + index;
                    }
                };
                results = new SeriesRegistrar(RegistrationParameters.defaults(), blocks, ProgressListener.NONE,
                        CancellationToken.NEVER).register(source, count - 1, (i, r, v) -> sink = v.data()[0]);
            }
            double total = (System.nanoTime() - t0 - renderNanos[0]) / 1e9;
            MemoryMeter.Usage usage = probe.stop();
            double sum = 0;
            double max = 0;
            for (int i = 0; i < count - 1; i++) {
                AffineTransform3D truth = phantom.motion(i);
                TransformError e = TransformError.of(results.get(i).field(), new AffineTransform3D[] {truth, truth,
                    truth}, labels, size, size);
                sum += e.mean();
                max = Math.max(max, e.max());
            }
            double volumeMib = 4.0 * size * size * size / MemoryMeter.MIB;
            out.printf(Locale.ROOT, "| series, drift | %d^3 | %d | %d | %.2f | %.3f | %.4f | %.4f | %.0f | %.1f |%n",
                    size, count, threads, total, total / (count - 1), sum / (count - 1), max,
                    usage.peakBytes() / MemoryMeter.MIB, usage.peakBytes() / MemoryMeter.MIB / volumeMib);
            out.flush();
        }
    }
}
