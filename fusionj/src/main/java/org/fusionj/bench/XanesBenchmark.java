package org.fusionj.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.xanes.EdgeEstimator;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.LcfParameters;
import org.fusionj.core.xanes.XanesMapper;
import org.fusionj.core.xanes.XanesMaps;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;

/**
 * {@code fusionj bench xanes}: wall time and peak heap of {@link XanesMapper} on cubic {@link XanesPhantom} series
 * (60 energies, edge moving 5 eV across the volume, SNR 50, every voxel material), per method, with one thread and
 * with all threads. Prints the machine, the method and a Markdown table for {@code docs/benchmarks.md}.
 *
 * <p>Method.
 * <ul>
 *   <li>Time: {@link System#nanoTime()} around one {@code XanesMapper.map} call (thread-pool start-up and output
 *       allocation included). Every case is first run untimed on a 32^3 phantom with each thread count (JIT
 *       warm-up) and once untimed on each size below 256. Each row reports the best and the median of its runs;
 *       runs stop when the next one would take the row past {@value #ROW_BUDGET_SECONDS} s (at least one run),
 *       unless {@code --repeats} fixes their number. ns / voxel / energy = best time / (voxels x energies).</li>
 *   <li>Memory: before each run a {@code System.gc()} and a reset of every heap pool's peak. The peak is the larger
 *       of the sum of the pools' peaks after the run and the heap in use sampled every {@value HeapSampler#PERIOD_MS}
 *       ms during the run (G1 updates some pools' peaks only at collections). Both are upper bounds of the live
 *       peak. "added" = peak - heap in use just before the run (the series and the JVM's own objects): what the
 *       kernel holds at its peak, i.e. its output volumes. "allocated" = bytes allocated by all threads during the
 *       run ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes()}), which bounds the kernel's
 *       allocations whatever the collector does. Ratios are to the input: the series as float32
 *       (voxels x energies x 4 bytes).</li>
 * </ul>
 */
public final class XanesBenchmark {

    /** Usage text. */
    public static final String USAGE = """
            usage: fusionj bench xanes [--sizes 128,256] [--repeats N] [--threads N]
              --sizes    edge lengths of the cubic phantoms, 60 energies each (default 128,256; 256 needs about
                         4.3 GB of heap: run the JVM with -Xmx6g or more)
              --repeats  timed runs per row (default: up to 5 below 256, 3 from 256, within a time budget per row)
              --threads  the multi-threaded thread count (default: all available processors)
            """;

    /** The Markdown table's header line. */
    public static final String TABLE_HEADER = "| case | size | threads | runs | best (s) | median (s) "
            + "| ns / voxel / energy | Mvoxel / s | speed-up | peak heap (MiB) | peak / input | added / input "
            + "| allocated / input |";

    static final double ROW_BUDGET_SECONDS = 20;
    private static final int WARM_UP_SIZE = 32;
    private static final int FIT_WARM_UP_SIZE = 12;
    /** Largest phantom the fitted-model rows run on. */
    private static final int FIT_MAX_SIZE = 128;
    private static final double MIB = MemoryMeter.MIB;
    /** The speed goal: a half-height map of 256^3 x 60 in under this many seconds. */
    static final double GOAL_SECONDS = 5;

    private static volatile double sink;

    private XanesBenchmark() {
    }

    /** Runs from the command line: {@code java -Xmx8g -cp ... org.fusionj.bench.XanesBenchmark --sizes 128,256}. */
    public static void main(String[] args) {
        BenchOptions.runMain(args, XanesBenchmark::run);
    }

    /**
     * Runs the benchmark and prints to {@code out}.
     *
     * @param args the options after {@code bench xanes} (a leading {@code xanes} is accepted)
     * @throws InvalidInputException for an unknown or malformed option
     */
    public static void run(PrintStream out, List<String> args) {
        BenchOptions options = parseOptions(args);
        if (options.printHelp(out)) {
            return;
        }
        new Session(out, options).run();
    }

    /** The command-line options: only the shared ones. */
    static BenchOptions parseOptions(List<String> args) {
        return BenchOptions.parse(args, "xanes", USAGE, List.of(128, 256), 8, 2048, "from 8 to 2048", Map.of());
    }

    /** One benchmark case: a name and the parameters it maps with. */
    record Case(String name, XanesParameters params) {
    }

    /** One measured row. */
    record Row(String caseName, int size, int energies, int threads, long inputBytes, double[] seconds,
               long peakBytes, long addedBytes, long allocatedBytes) {

        double best() {
            return Timings.best(seconds);
        }

        double median() {
            return Timings.median(seconds);
        }
    }

    /**
     * The cases of a phantom: each method alone by interpolation (with the normalisation; the figures of FusionJ 1.0),
     * LCF with 2 references, all of them, then the fitted edge model (one fit serves every method).
     */
    static List<Case> cases(XanesPhantom phantom) {
        XanesParameters fit = XanesParameters.builder().e0(phantom.spec().e0Ev()).build();
        XanesParameters base = fit.toBuilder().edgeEstimator(EdgeEstimator.INTERPOLATE).build();
        LcfParameters lcf = LcfParameters.of(phantom.references());
        return List.of(
                new Case("normalisation + half-height", base.toBuilder().methods(EdgeMethod.HALF_HEIGHT).build()),
                new Case("half-height, local cubic", base.toBuilder().methods(EdgeMethod.HALF_HEIGHT_CUBIC).build()),
                new Case("max derivative", base.toBuilder().methods(EdgeMethod.MAX_DERIVATIVE).build()),
                new Case("white line (energy + height)", base.toBuilder().methods(EdgeMethod.WHITE_LINE).build()),
                new Case("LCF, 2 references", base.toBuilder().noMethods().lcf(lcf).build()),
                new Case("all 4 methods + LCF + edge jump", base.toBuilder()
                        .methods(EnumSet.allOf(EdgeMethod.class)).lcf(lcf).edgeJumpMap(true).build()),
                new Case("half-height, fitted edge model", fit.toBuilder().methods(EdgeMethod.HALF_HEIGHT).build()),
                new Case("fitted model: half-height + max derivative + white line", fit.toBuilder()
                        .methods(EdgeMethod.HALF_HEIGHT, EdgeMethod.MAX_DERIVATIVE, EdgeMethod.WHITE_LINE).build()));
    }

    /** One benchmark run. */
    private static final class Session {
        private final PrintStream out;
        private final BenchOptions options;
        private final List<String> notes = new ArrayList<>();
        private final MemoryMeter memory = new MemoryMeter();
        private Row goalRow;

        Session(PrintStream out, BenchOptions options) {
            this.out = out;
            this.options = options;
        }

        void run() {
            long start = System.nanoTime();
            printMachine();
            warmUp();
            out.println(TABLE_HEADER);
            out.println(MarkdownTable.separator(2, 11));
            for (int size : options.sizes) {
                benchSize(size);
            }
            MarkdownTable.printNotes(out, notes);
            if (goalRow != null) {
                out.printf(Locale.ROOT, "- goal (half-height map of 256^3 x 60 in < %.0f s): best %.2f s with %d "
                                + "threads: %s%n", GOAL_SECONDS, goalRow.best(), goalRow.threads(),
                        goalRow.best() < GOAL_SECONDS ? "met" : "NOT met");
            }
            MarkdownTable.printWholeBenchmark(out, start);
        }

        private void printMachine() {
            MachineInfo.printHeading(out, "FusionJ XANES mapping benchmark", options.threads, memory);
            out.println("- data: XanesPhantom EDGE_SHIFT, size^3 voxels x 60 energies (15 eV steps, 3 eV across "
                    + "the edge), SNR 50, every voxel material (no voxel skipped by the mask), Mn-K-like e0 6549 eV; "
                    + "default windows (pre -150 to -30 eV, post +50 to +300 eV, line), k = 3");
            out.println("- time: System.nanoTime around XanesMapper.map (pool start-up and output allocation "
                    + "included), JIT warmed first; best and median of the runs; runs per row fixed by --repeats or "
                    + "else capped by size and a " + (int) ROW_BUDGET_SECONDS + " s budget per row");
            out.println("- memory: System.gc() before each run; peak heap = the larger of the heap pools' summed "
                    + "peak usage (reset before the run) and the heap in use sampled every " + HeapSampler.PERIOD_MS
                    + " ms; an upper bound of the live peak; it includes the series itself; added = peak - heap in "
                    + "use just before the run; allocated = bytes allocated by all threads during the run; input = "
                    + "the series as float32");
            out.println();
        }

        private void warmUp() {
            long t0 = System.nanoTime();
            XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(WARM_UP_SIZE, WARM_UP_SIZE,
                    WARM_UP_SIZE), options.threads);
            XanesPhantom small = XanesPhantom.generate(XanesPhantomSpec.defaults(FIT_WARM_UP_SIZE, FIT_WARM_UP_SIZE,
                    FIT_WARM_UP_SIZE), options.threads);
            for (int threads : options.threadCounts()) {
                XanesMapper mapper = new XanesMapper(threads);
                for (Case c : cases(phantom)) {
                    // the fitted model costs some 100 times more per voxel: a smaller phantom warms it up as well
                    XanesPhantom p = c.params().edgeEstimator() == EdgeEstimator.FIT ? small : phantom;
                    for (int i = 0; i < 3; i++) {
                        consume(mapper.map(p.series(), c.params()));
                    }
                }
            }
            notes.add(String.format(Locale.ROOT, "JIT warm-up: 3 runs per case and thread count on a %d^3 "
                    + "phantom, %.1f s", WARM_UP_SIZE, (System.nanoTime() - t0) / 1e9));
        }

        private void benchSize(int size) {
            long voxels = (long) size * size * size;
            int energies = XanesPhantom.energyGrid(0).length;
            long input = 4L * voxels * energies;
            // the series, the largest case's outputs (7 float maps + mask) and a margin for the JVM
            long needed = input + voxels * (7 * 4 + 1) + 256L * 1024 * 1024;
            long max = Runtime.getRuntime().maxMemory();
            if (needed > max) {
                notes.add(String.format(Locale.ROOT, "%d^3: skipped, needs about %.0f MiB of heap, the JVM has "
                        + "%.0f MiB (run with -Xmx%dg)", size, needed / MIB, max / MIB,
                        (long) Math.ceil(needed * 1.25 / (1024.0 * 1024 * 1024))));
                return;
            }
            long t0 = System.nanoTime();
            XanesPhantom phantom = XanesPhantom.generate(XanesPhantomSpec.defaults(size, size, size),
                    options.threads);
            notes.add(String.format(Locale.ROOT, "phantom %d^3 x %d energies (%.0f MiB): generated in %.1f s with "
                    + "%d threads", size, energies, input / MIB, (System.nanoTime() - t0) / 1e9, options.threads));
            EnergySeries series = phantom.series();
            List<Case> cases = cases(phantom);
            phantom = null; // only the series stays reachable
            for (Case c : cases) {
                if (c.params().edgeEstimator() == EdgeEstimator.FIT && size > FIT_MAX_SIZE) {
                    notes.add(String.format(Locale.ROOT, "%s at %d^3: skipped (the fitted model costs about 20 "
                            + "microseconds of CPU per voxel, minutes at this size; rows up to %d^3)", c.name(), size,
                            FIT_MAX_SIZE));
                    continue;
                }
                if (size < 256) {
                    consume(new XanesMapper(options.threads).map(series, c.params()));
                }
                Row single = null;
                for (int threads : options.threadCounts()) {
                    Row row = measure(c, series, size, threads, maxRuns(size));
                    if (threads == 1) {
                        single = row;
                    }
                    printRow(row, single);
                    if (size == 256 && c.params().methods().equals(EnumSet.of(EdgeMethod.HALF_HEIGHT))
                            && c.params().lcf() == null && c.params().edgeEstimator() == EdgeEstimator.INTERPOLATE && (goalRow == null || row.best() < goalRow.best())) {
                        goalRow = row;
                    }
                }
            }
        }

        private int maxRuns(int size) {
            if (options.repeats > 0) {
                return options.repeats;
            }
            return size < 256 ? 5 : 3;
        }

        private Row measure(Case c, EnergySeries series, int size, int threads, int runs) {
            XanesMapper mapper = new XanesMapper(threads);
            RowMeasurement m = RowMeasurement.measure(memory, options, runs, ROW_BUDGET_SECONDS,
                    () -> mapper.map(series, c.params()), XanesBenchmark::consume);
            return new Row(c.name(), size, series.energyCount(), threads, series.dataBytes(), m.seconds(),
                    m.usage().peakBytes(), m.usage().addedBytes(), m.usage().allocatedBytes());
        }

        private void printRow(Row row, Row single) {
            double best = row.best();
            double voxels = Math.pow(row.size(), 3);
            String speedUp = MarkdownTable.speedUp(single == null ? null : single.best(), best);
            String allocated = MarkdownTable.ratioOrNa(row.allocatedBytes(), row.inputBytes(), "%.3f");
            out.printf(Locale.ROOT, "| %s | %d^3 x %d | %d | %d | %.3f | %.3f | %.2f | %.1f | %s | %.0f | %.2f | %.3f "
                            + "| %s |%n",
                    row.caseName(), row.size(), row.energies(), row.threads(), row.seconds().length, best,
                    row.median(), 1e9 * best / (voxels * row.energies()), voxels / best / 1e6, speedUp,
                    row.peakBytes() / MIB, (double) row.peakBytes() / row.inputBytes(),
                    (double) row.addedBytes() / row.inputBytes(), allocated);
            out.flush();
        }
    }

    private static void consume(XanesMaps maps) {
        sink = maps.counts().included() + maps.mask()[0][0];
    }
}
