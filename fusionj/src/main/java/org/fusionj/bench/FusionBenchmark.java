package org.fusionj.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.ElementMap;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.core.fusion.phantom.FusionPhantom;
import org.fusionj.core.fusion.phantom.PhantomSpec;
import org.fusionj.io.NdArray;
import org.fusionj.io.NpzReader;

/**
 * {@code fusionj bench fusion}: wall time and peak heap of {@link FusionSolver} on the DyScO3 tutorial data (tutorial
 * preset) and on synthetic three-element phantoms of growing size (FusionJ preset, 30 iterations, 3 FGP
 * iterations), with one thread and with all threads. Prints the machine, the method and a Markdown table that can
 * be pasted into {@code docs/benchmarks.md}.
 *
 * <p>Method.
 * <ul>
 *   <li>Time: {@link System#nanoTime()} around one {@code FusionSolver.solve} call (its thread-pool start-up
 *       included). The JIT is warmed first on a 256 x 256 phantom with each thread count, and every case up to
 *       1024 x 1024 gets one more untimed run. Each row reports the best and the median of its runs. Runs stop
 *       when the next one would take the row past {@value #ROW_BUDGET_SECONDS} s (at least one run), unless
 *       {@code --repeats} fixes their number.</li>
 *   <li>Memory: before each run a {@code System.gc()} and a reset of every heap pool's peak
 *       ({@link java.lang.management.MemoryPoolMXBean#resetPeakUsage()}). The peak is the larger of the sum of the pools' peaks after
 *       the run and the heap in use sampled every {@value HeapSampler#PERIOD_MS} ms by a daemon thread during the
 *       run: the JVM updates some pools' peaks (G1 eden) only at collections, so without a collection during the
 *       run the pool peaks alone miss the solver's allocations. Both are upper bounds of the live peak (garbage not
 *       yet collected counts, pools peak at different moments), so the figure depends on the collector and on
 *       {@code -Xmx}. "added" subtracts the heap in use just before the run (the inputs and the JVM's own objects)
 *       and estimates what the solver holds at its peak. G1 counts small arrays in eden only at collections, so
 *       for small images (no collection during the run) the added figure misses the solver's arrays; the
 *       "allocated" column, all bytes allocated by all threads during the run
 *       ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes()}), bounds it from above whatever
 *       the collector does. Ratios are to the input size: the HAADF plus the maps as float32.</li>
 * </ul>
 */
public final class FusionBenchmark {

    /** Usage text. */
    public static final String USAGE = """
            usage: fusionj bench fusion [--sizes 512,1024,2048,4096] [--repeats N] [--threads N] [--dyscO3 PATH|none]
              --sizes    edge lengths of the square synthetic phantoms (default 512,1024,2048,4096)
              --repeats  timed runs per row (default: up to 10 / 5 / 3 / 1 by size, within a time budget per row)
              --threads  the multi-threaded thread count (default: all available processors)
              --dyscO3   the DyScO3 tutorial npz (default test-data/DyScO3/DyScO3_HAADF_EDX.npz); none skips it
            """;

    /** The Markdown table's header line. */
    public static final String TABLE_HEADER = "| case | size | threads | runs | best (s) | median (s) | ms / iteration "
            + "| ns / pixel / iteration | speed-up | peak heap (MiB) | peak / input | added / input | allocated / input |";

    static final String DEFAULT_DYSCO3 = "test-data/DyScO3/DyScO3_HAADF_EDX.npz";
    static final double ROW_BUDGET_SECONDS = 20;
    private static final int WARM_UP_SIZE = 256;
    private static final double MIB = MemoryMeter.MIB;

    /** Keeps results reachable until their heap has been measured, and the JIT from dropping the solve. */
    private static volatile double sink;

    private FusionBenchmark() {
    }

    /**
     * Runs the benchmark and prints to {@code out}.
     *
     * @param args the options after {@code bench fusion} (a leading {@code fusion} is accepted)
     * @throws InvalidInputException for an unknown or malformed option
     */
    public static void run(PrintStream out, List<String> args) {
        Options options = Options.parse(args);
        if (options.common.help) {
            out.print(USAGE);
            return;
        }
        new Session(out, options).run();
    }

    /** The command-line options: the shared ones and --dyscO3. */
    static final class Options {
        BenchOptions common;
        String dyscO3 = DEFAULT_DYSCO3;

        static Options parse(List<String> args) {
            Options o = new Options();
            o.common = BenchOptions.parse(args, "fusion", USAGE, List.of(512, 1024, 2048, 4096), 16,
                    Integer.MAX_VALUE, "at least 16", Map.of("--dyscO3", value -> o.dyscO3 = value));
            return o;
        }
    }

    /** One measured row of the table. */
    record Row(String caseName, int width, int height, int threads, int iterations, long inputBytes,
               double[] seconds, long peakBytes, long addedBytes, long allocatedBytes) {

        double best() {
            return Timings.best(seconds);
        }

        double median() {
            return Timings.median(seconds);
        }
    }

    /** One benchmark run. */
    private static final class Session {
        private final PrintStream out;
        private final BenchOptions options;
        private final String dyscO3;
        private final List<String> notes = new ArrayList<>();
        private final MemoryMeter memory = new MemoryMeter();

        Session(PrintStream out, Options options) {
            this.out = out;
            this.options = options.common;
            this.dyscO3 = options.dyscO3;
        }

        void run() {
            long start = System.nanoTime();
            printMachine();
            warmUp();
            out.println(TABLE_HEADER);
            out.println(MarkdownTable.separator(2, 11));
            benchDyScO3();
            FusionParameters params = FusionParameters.defaults();
            for (int size : options.sizes) {
                benchPhantom(size, params);
            }
            MarkdownTable.printNotes(out, notes);
            MarkdownTable.printWholeBenchmark(out, start);
        }

        private void printMachine() {
            MachineInfo.printHeading(out, "FusionJ fusion benchmark", options.threads, memory);
            out.println("- time: System.nanoTime around FusionSolver.solve (pool start-up included), JIT warmed first "
                    + "(see the notes below the table), one more untimed run per case up to 1024^2; best and median "
                    + "of the runs; runs per row fixed by --repeats or else capped by size and a "
                    + (int) ROW_BUDGET_SECONDS + " s budget per row");
            out.println("- memory: System.gc() before each solve; peak heap = the larger of the sum of the heap "
                    + "pools' peak usage (reset just before the solve; the JVM records it at collections) and the "
                    + "heap in use sampled every " + HeapSampler.PERIOD_MS + " ms during the solve; an upper bound of "
                    + "the live peak (uncollected garbage counts, and the pools peak at different moments); "
                    + "added = peak - heap in use just before the solve; allocated = bytes allocated by all threads "
                    + "during the solve (ThreadMXBean.getTotalThreadAllocatedBytes), which G1 does not show in the "
                    + "pools until it collects; input = HAADF + maps as float32");
            out.println("- ns / pixel / iteration: best time / (pixels x iterations), all maps of a pixel together");
            out.println();
        }

        /** Warm-up size: 256, or the smallest phantom when that is smaller and DyScO3 (256^2) is skipped. */
        private int warmUpSize() {
            int smallest = options.sizes.stream().mapToInt(Integer::intValue).min().orElse(WARM_UP_SIZE);
            return dyscO3.equalsIgnoreCase("none") ? Math.min(WARM_UP_SIZE, smallest) : WARM_UP_SIZE;
        }

        private void warmUp() {
            long t0 = System.nanoTime();
            int size = warmUpSize();
            FusionPhantom phantom = FusionPhantom.generate(PhantomSpec.defaults(size, size));
            for (int threads : options.threadCounts()) {
                FusionSolver solver = new FusionSolver(threads);
                for (int i = 0; i < 2; i++) {
                    consume(solver.solve(phantom.problem(), FusionParameters.defaults()));
                    consume(solver.solve(phantom.problem(), FusionParameters.tutorialDyScO3()));
                }
            }
            notes.add(String.format(Locale.ROOT, "JIT warm-up: 2 solves per preset and thread count on a %d^2 "
                    + "phantom, %.1f s", size, (System.nanoTime() - t0) / 1e9));
        }

        private void benchDyScO3() {
            if (dyscO3.equalsIgnoreCase("none")) {
                notes.add("DyScO3: skipped (--dyscO3 none)");
                return;
            }
            Path path = Path.of(dyscO3);
            if (!Files.isRegularFile(path)) {
                notes.add("DyScO3: skipped, " + path + " not found (give it with --dyscO3 PATH)");
                return;
            }
            FusionProblem problem;
            try {
                problem = dyscO3Problem(path);
            } catch (IOException | RuntimeException e) {
                notes.add("DyScO3: skipped, cannot read " + path + ": " + e.getMessage());
                return;
            }
            notes.add("DyScO3: " + path + ", tutorial preset (lambda_chem 0.08, lambda_tv 0.15, 30 iterations, "
                    + "3 FGP iterations, bkg 0.24); the published notebook takes about 0.67 s (numpy, 1 thread, "
                    + "2-core x86-64, spec fusion.md)");
            benchCase("DyScO3 tutorial", problem, FusionParameters.tutorialDyScO3());
        }

        private void benchPhantom(int size, FusionParameters params) {
            long t0 = System.nanoTime();
            FusionPhantom phantom = FusionPhantom.generate(PhantomSpec.defaults(size, size), options.threads);
            double genSeconds = (System.nanoTime() - t0) / 1e9;
            FusionProblem problem = phantom.problem();
            phantom = null; // only the inputs stay reachable: the truth must not count as heap in use
            notes.add(String.format(Locale.ROOT, "phantom %d^2 (%s): generated in %.2f s with %d threads", size,
                    String.join(", ", problem.symbols()), genSeconds, options.threads));
            benchCase("phantom, FusionJ preset", problem, params);
        }

        private void benchCase(String name, FusionProblem problem, FusionParameters params) {
            long pixels = (long) problem.width() * problem.height();
            if (pixels <= 1024L * 1024L) {
                consume(new FusionSolver(options.threads).solve(problem, params));
            }
            Row single = null;
            for (int threads : options.threadCounts()) {
                Row row = measure(name, problem, params, threads, maxRuns(pixels));
                if (threads == 1) {
                    single = row;
                }
                printRow(row, single);
            }
        }

        private int maxRuns(long pixels) {
            if (options.repeats > 0) {
                return options.repeats;
            }
            if (pixels <= 300L * 300L) {
                return 10;
            }
            if (pixels <= 1024L * 1024L) {
                return 5;
            }
            return pixels <= 2048L * 2048L ? 3 : 1;
        }

        private Row measure(String name, FusionProblem problem, FusionParameters params, int threads, int runs) {
            FusionSolver solver = new FusionSolver(threads);
            RowMeasurement m = RowMeasurement.measure(memory, options, runs, ROW_BUDGET_SECONDS,
                    () -> solver.solve(problem, params), FusionBenchmark::consume);
            long inputBytes = 4L * problem.width() * problem.height() * (1 + problem.elementCount());
            return new Row(name, problem.width(), problem.height(), threads, params.iterations(), inputBytes,
                    m.seconds(), m.usage().peakBytes(), m.usage().addedBytes(), m.usage().allocatedBytes());
        }

        private void printRow(Row row, Row single) {
            double best = row.best();
            double pixels = (double) row.width() * row.height();
            String speedUp = MarkdownTable.speedUp(single == null ? null : single.best(), best);
            String allocated = MarkdownTable.ratioOrNa(row.allocatedBytes(), row.inputBytes(), "%.1f");
            out.printf(Locale.ROOT, "| %s | %d x %d | %d | %d | %.3f | %.3f | %.2f | %.1f | %s | %.0f | %.1f | %.1f | %s |%n",
                    row.caseName(), row.width(), row.height(), row.threads(), row.seconds().length, best,
                    row.median(), 1e3 * best / row.iterations(), 1e9 * best / (pixels * row.iterations()), speedUp,
                    row.peakBytes() / MIB, (double) row.peakBytes() / row.inputBytes(),
                    (double) row.addedBytes() / row.inputBytes(), allocated);
            out.flush();
        }
    }

    /** The DyScO3 tutorial problem: keys HAADF, Sc, Dy, O of the npz (each 256 x 256). */
    static FusionProblem dyscO3Problem(Path path) throws IOException {
        Map<String, NdArray> arrays = NpzReader.read(path);
        ImagePlane haadf = plane(arrays, "HAADF", path);
        List<ElementMap> maps = new ArrayList<>();
        for (String symbol : List.of("Sc", "Dy", "O")) {
            maps.add(ElementMap.of(symbol, plane(arrays, symbol, path)));
        }
        return new FusionProblem(haadf, maps);
    }

    private static ImagePlane plane(Map<String, NdArray> arrays, String key, Path path) {
        NdArray a = arrays.get(key);
        if (a == null) {
            throw new InvalidInputException(path + " has no array '" + key + "' (it has " + arrays.keySet() + ")");
        }
        int[] shape = a.shape();
        if (shape.length != 2) {
            throw new InvalidInputException(path + ": array '" + key + "' has shape " + Arrays.toString(shape)
                    + ", expected a 2-D image");
        }
        return new ImagePlane(key, shape[1], shape[0], a.toFloats());
    }

    private static void consume(FusionResult result) {
        sink = result.fusedMaps().get(0)[0] + result.costs().haadf()[result.costs().length() - 1];
    }
}
