package org.fusionj.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.CoderSettings;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.DictionaryInfo;
import org.fusionj.core.dictionary.DictionaryMode;
import org.fusionj.core.dictionary.EnhanceParameters;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.core.dictionary.OnlineDictionaryLearner;
import org.fusionj.core.dictionary.PatchEnhancer;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.io.NdArray;
import org.fusionj.io.NpyReader;

/**
 * {@code fusionj bench dictionary}: on the reference images ({@code shared/reference/dictionary}), wall time and
 * peak heap of learning a dictionary (the reference's 237 steps of 256 patches, plain and coupled) and of coding
 * every stride-1 8 x 8 patch of the TXM image with the reference dictionary, LARS-Lasso alpha 1 and OMP with 2
 * atoms, with one thread and with all threads. Sizes other than 512 crop the image (smaller) or mirror-tile it
 * (larger). Timing as in the other benchmarks: JIT warm-up first, best and median of the runs within a time budget
 * per row; memory by {@link MemoryMeter} (peak, added over the heap before the run, bytes allocated).
 */
public final class DictionaryBenchmark {

    /** Usage text. */
    public static final String USAGE = """
            usage: fusionj bench dictionary [--sizes 512] [--repeats N] [--threads N] [--steps N] [--data DIR]
              --sizes    edge lengths of the TXM image coded (default 512; others crop or mirror-tile the 512^2
                         reference image)
              --repeats  timed runs per row (default: up to 3, within a time budget per row)
              --threads  the multi-threaded thread count (default: all available processors)
              --steps    learning steps (default 237, the reference's)
              --data     the reference folder (default ../shared/reference/dictionary, beside the project)
            """;

    /** The Markdown table's header line. */
    public static final String TABLE_HEADER = "| case | size | threads | runs | best (s) | median (s) | us / patch "
            + "| speed-up | vs reference 1 core | peak heap (MiB) | added (MiB) | allocated (MiB) |";

    static final double ROW_BUDGET_SECONDS = 40;
    private static final double MIB = MemoryMeter.MIB;
    /** The reference tool's one-core figures per 8 x 8 patch (scikit-learn 1.2.1), from its README. */
    static final double REFERENCE_LASSO_US_LOW = 400;
    static final double REFERENCE_LASSO_US_HIGH = 850;
    static final double REFERENCE_OMP_US_LOW = 40;
    static final double REFERENCE_OMP_US_HIGH = 70;
    static final double REFERENCE_LEARN_SECONDS = 25;

    private static volatile double sink;

    private DictionaryBenchmark() {
    }

    public static void main(String[] args) {
        BenchOptions.runMain(args, DictionaryBenchmark::run);
    }

    /** Runs the benchmark and prints to {@code out}. */
    public static void run(PrintStream out, List<String> args) {
        String home = System.getProperty("fusionj.home");
        Path[] data = {(home == null ? Path.of("") : Path.of(home)).resolve("../shared/reference/dictionary")};
        int[] steps = {LearnParameters.defaults().steps()};
        BenchOptions options = BenchOptions.parse(args, "dictionary", USAGE, List.of(512), 16, 4096,
                "from 16 to 4096", Map.of("--data", v -> data[0] = Path.of(v),
                        "--steps", v -> steps[0] = BenchOptions.positiveInt("--steps", v)));
        if (options.printHelp(out)) {
            return;
        }
        new Session(out, options, data[0], steps[0]).run();
    }

    /** One benchmark run. */
    private static final class Session {
        private final PrintStream out;
        private final BenchOptions options;
        private final Path data;
        private final List<String> notes = new ArrayList<>();
        private final MemoryMeter memory = new MemoryMeter();
        private final int steps;

        Session(PrintStream out, BenchOptions options, Path data, int steps) {
            this.out = out;
            this.options = options;
            this.data = data;
            this.steps = steps;
        }

        void run() {
            long start = System.nanoTime();
            ImagePlane stem;
            ImagePlane txm;
            Dictionary reference;
            try {
                stem = image("stem_train.npy");
                txm = image("txm_degraded.npy");
                reference = referenceDictionary();
            } catch (IOException e) {
                throw new InvalidInputException("cannot read the reference data in " + data.toAbsolutePath() + " ("
                        + e.getMessage() + "); give --data DIR");
            }
            MachineInfo.printHeading(out, "FusionJ dictionary benchmark", options.threads, memory);
            out.println("- data: " + data.toAbsolutePath().normalize() + " (stem_train.npy, txm_degraded.npy, "
                    + "plain_p8_D.npy: 256 atoms of 8 x 8, s from plain_p8.json)");
            out.println("- learn: 20000 random patches, " + steps + " mini-batch steps of 256 (the reference: 237), "
                    + "lasso alpha 1, 256 atoms of 8 x 8; coupled: PSF sigma 2 px given, noise estimated from the TXM");
            out.println("- code: every stride-1 patch of the TXM image, coded, rebuilt and averaged (the whole "
                    + "enhancement); us / patch = best time / patches; reference = scikit-learn 1.2.1 on one core: "
                    + "lasso 400-850 us, OMP-2 40-70 us per patch, learning 25 s");
            out.println();
            warmUp(stem, txm, reference);
            out.println(TABLE_HEADER);
            out.println(MarkdownTable.separator(2, 10));
            for (DictionaryMode mode : DictionaryMode.values()) {
                benchLearning(stem, txm, mode);
            }
            for (int size : options.sizes) {
                ImagePlane image = resize(txm, size);
                benchCoding("LARS-Lasso alpha 1", image, reference, CoderSettings.lasso(1), REFERENCE_LASSO_US_LOW,
                        REFERENCE_LASSO_US_HIGH);
                benchCoding("OMP, 2 atoms", image, reference, CoderSettings.omp(2), REFERENCE_OMP_US_LOW,
                        REFERENCE_OMP_US_HIGH);
            }
            MarkdownTable.printNotes(out, notes);
            MarkdownTable.printWholeBenchmark(out, start);
        }

        private void warmUp(ImagePlane stem, ImagePlane txm, Dictionary reference) {
            long t0 = System.nanoTime();
            ImagePlane small = resize(txm, 96);
            for (int threads : options.threadCounts()) {
                for (CoderSettings c : List.of(CoderSettings.lasso(1), CoderSettings.omp(2))) {
                    for (int i = 0; i < 3; i++) {
                        consume(new PatchEnhancer(reference, EnhanceParameters.of(c)).enhance(small, threads,
                                ProgressListener.NONE, CancellationToken.NEVER));
                    }
                }
                OnlineDictionaryLearner.learn(List.of(stem), txm, learnParameters(DictionaryMode.PLAIN).toBuilder()
                        .steps(Math.min(20, steps)).build(), threads, ProgressListener.NONE, CancellationToken.NEVER);
            }
            notes.add(String.format(Locale.ROOT, "JIT warm-up: 3 enhancements of a 96^2 crop per coder and thread "
                    + "count, up to 20 learning steps per thread count, %.1f s", (System.nanoTime() - t0) / 1e9));
        }

        private LearnParameters learnParameters(DictionaryMode mode) {
            LearnParameters.Builder b = LearnParameters.builder().mode(mode).steps(steps);
            return mode == DictionaryMode.COUPLED ? b.psfSigma(2).build() : b.build();
        }

        private void benchLearning(ImagePlane stem, ImagePlane txm, DictionaryMode mode) {
            LearnParameters p = learnParameters(mode);
            Double single = null;
            for (int threads : options.threadCounts()) {
                RowMeasurement m = RowMeasurement.measure(memory, options, runs(), ROW_BUDGET_SECONDS,
                        () -> OnlineDictionaryLearner.learn(List.of(stem), txm, p, threads, ProgressListener.NONE,
                                CancellationToken.NEVER), r -> sink = r.dictionary().scale());
                double best = Timings.best(m.seconds());
                if (threads == 1) {
                    single = best;
                }
                out.printf(Locale.ROOT, "| learn %s, %d steps | %d^2 | %d | %d | %.2f | %.2f | - | %s | %.1fx "
                                + "(25 s) | %.0f | %.0f | %s |%n", mode.key(), steps, stem.width(), threads,
                        m.seconds().length, best, Timings.median(m.seconds()), MarkdownTable.speedUp(single, best),
                        REFERENCE_LEARN_SECONDS / best, m.usage().peakBytes() / MIB, m.usage().addedBytes() / MIB,
                        allocated(m.usage()));
                out.flush();
            }
        }

        private void benchCoding(String name, ImagePlane image, Dictionary d, CoderSettings coder, double refLow,
                double refHigh) {
            PatchEnhancer enhancer = new PatchEnhancer(d, EnhanceParameters.of(coder));
            long patches = enhancer.patchCount(image.width(), image.height());
            Double single = null;
            for (int threads : options.threadCounts()) {
                RowMeasurement m = RowMeasurement.measure(memory, options, runs(), ROW_BUDGET_SECONDS,
                        () -> enhancer.enhance(image, threads, ProgressListener.NONE, CancellationToken.NEVER),
                        DictionaryBenchmark::consume);
                double best = Timings.best(m.seconds());
                double us = 1e6 * best / patches;
                if (threads == 1) {
                    single = best;
                }
                out.printf(Locale.ROOT, "| %s, every patch | %d^2 (%d patches) | %d | %d | %.2f | %.2f | %.2f | %s "
                                + "| %.0f-%.0fx | %.0f | %.1f | %s |%n", name, image.width(), patches, threads,
                        m.seconds().length, best, Timings.median(m.seconds()), us, MarkdownTable.speedUp(single, best),
                        refLow / us, refHigh / us, m.usage().peakBytes() / MIB, m.usage().addedBytes() / MIB,
                        allocated(m.usage()));
                out.flush();
            }
        }

        private int runs() {
            return options.repeats > 0 ? options.repeats : 3;
        }

        private static String allocated(MemoryMeter.Usage u) {
            return u.allocatedBytes() < 0 ? "n/a" : String.format(Locale.ROOT, "%.0f", u.allocatedBytes() / MIB);
        }

        private ImagePlane image(String name) throws IOException {
            NdArray a = NpyReader.read(data.resolve(name));
            return new ImagePlane(name, a.cols(), a.rows(), a.toFloats());
        }

        private Dictionary referenceDictionary() throws IOException {
            NdArray d = NpyReader.read(data.resolve("plain_p8_D.npy"));
            Matcher m = Pattern.compile("\"s\"\\s*:\\s*([-+0-9.eE]+)")
                    .matcher(Files.readString(data.resolve("plain_p8.json")));
            if (!m.find()) {
                throw new IOException("no \"s\" in plain_p8.json");
            }
            return Dictionary.plain(8, d.rows(), d.data(), Double.parseDouble(m.group(1)), new DictionaryInfo(
                    DictionaryMode.PLAIN, Double.NaN, Double.NaN, 0, 1, 237, 256, 32, Double.NaN, ""));
        }
    }

    /** The image cropped to size x size, or mirror-tiled up to it. */
    static ImagePlane resize(ImagePlane p, int size) {
        float[] px = new float[size * size];
        for (int y = 0; y < size; y++) {
            int sy = mirror(y, p.height());
            for (int x = 0; x < size; x++) {
                px[y * size + x] = p.pixels()[sy * p.width() + mirror(x, p.width())];
            }
        }
        return new ImagePlane(p.name() + " " + size, size, size, px);
    }

    private static int mirror(int i, int n) {
        int m = i % (2 * n);
        return m < n ? m : 2 * n - 1 - m;
    }

    private static void consume(float[] image) {
        sink = image[image.length / 2];
    }
}
