package org.fusionj.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationMetric;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.SeriesRegistrar;
import org.fusionj.core.registration.TransformType;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.registration.phantom.Series2dPhantom;
import org.fusionj.core.registration.phantom.TransformError;

/**
 * {@code fusionj bench registration --2d}: accuracy and time of the 2-D stack registration on generated XANES stacks
 * ({@link Series2dPhantom}: drift, small rotation, magnification changing with energy, gain changing across the edge,
 * noise), against a StackReg-style translation-only alignment by phase correlation ({@link PhaseCorrelation}) on the
 * same images, each image to the fixed (highest-energy) one. Error: distance between the recovered and the true map,
 * mean over the particle pixels and the images, in pixels.
 */
public final class Registration2dBenchmark {

    public static final String USAGE = """
            usage: fusionj bench registration --2d [--sizes 128,256] [--threads N] [--energies 20] [--seeds 3]
                                                   [--magnification 0.01] [--seed-offset 0]
              --sizes          image sides (default 128,256)
              --threads        threads of the FusionJ rows (default: all available processors)
              --energies       images per stack (default 20)
              --seeds          stacks per size (default 3)
              --magnification  change of magnification across the stack (default 0.01 = 1 %)
              --seed-offset    the stacks' seeds are offset+1 ... offset+seeds (default 0: seeds 1, 2, 3; another
                               offset gives fresh stacks, e.g. to check results on seeds nothing was tuned on)
            """;

    private static volatile double sink;

    private Registration2dBenchmark() {
    }

    public static void run(PrintStream out, List<String> args) {
        int[] energies = {20};
        int[] seeds = {3};
        double[] magnification = {0.01};
        int[] seedOffset = {0};
        BenchOptions options = BenchOptions.parse(args, "registration", USAGE, List.of(128, 256), 64, 2048,
                "from 64 to 2048", Map.of(
                        "--energies", v -> energies[0] = BenchOptions.wholeNumber("--energies", v, 2),
                        "--seeds", v -> seeds[0] = BenchOptions.wholeNumber("--seeds", v, 1),
                        "--magnification", v -> magnification[0] = Double.parseDouble(v),
                        "--seed-offset", v -> seedOffset[0] = BenchOptions.wholeNumber("--seed-offset", v, 0)));
        if (options.printHelp(out)) {
            return;
        }
        long start = System.nanoTime();
        MemoryMeter memory = new MemoryMeter();
        MachineInfo.printHeading(out, "FusionJ 2-D stack registration benchmark", options.threads, memory);
        out.println(String.format(Locale.ROOT, "- data: %d-image stacks, drift up to 1.5 px per energy, rotation "
                + "jitter 0.1 deg, magnification change %.1f %% across the stack, per-particle gain 0.70-0.78 -> 1 "
                + "across the edge, Gaussian noise 0.02; %d seed(s) per size (seeds %d to %d)", energies[0],
                100 * magnification[0], seeds[0], seedOffset[0] + 1, seedOffset[0] + seeds[0]));
        out.println("- FusionJ: each image to the highest energy, 4 levels, smoothing 1, neighbour start; baseline: "
                + "phase correlation (Hann window, parabolic sub-pixel peak), translation only, single thread");
        out.println("- time: per image, registration only (images rendered beforehand); error: mean over particle "
                + "pixels and images of |recovered map - true map|, pixels");
        out.println();
        out.println("| method | size | threads | mean error (px) | worst stack (px) | ms / image |");
        out.println(MarkdownTable.separator(3, 3));
        String[][] methods = {{"ncc", "similarity"}, {"mse", "similarity"}, {"ncc", "translation"},
            {"ncc", "affine"}};
        // JIT warm-up: one small stack through every method, untimed
        Series2dPhantom warm = new Series2dPhantom(64, 4, 1.5, magnification[0], 0.02, 99);
        Volume[] warmImages = new Volume[4];
        for (int i = 0; i < 4; i++) {
            warmImages[i] = warm.image(i);
        }
        for (String[] m : methods) {
            try (RowBlocks blocks = new RowBlocks(options.threads)) {
                new SeriesRegistrar(RegistrationParameters.builder().metric(RegistrationMetric.parse(m[0]))
                        .transform(TransformType.parse(m[1])).levels(2).build(), blocks, ProgressListener.NONE,
                        CancellationToken.NEVER).register(source(warmImages), 3, (i, res, v) -> sink = v.data()[0]);
            }
            sink = PhaseCorrelation.shift(warmImages[3].data(), warmImages[0].data(), 64, 64)[0];
        }
        for (int size : options.sizes) {
            Series2dPhantom[] stacks = new Series2dPhantom[seeds[0]];
            Volume[][] images = new Volume[seeds[0]][];
            for (int s = 0; s < seeds[0]; s++) {
                stacks[s] = new Series2dPhantom(size, energies[0], 1.5, magnification[0], 0.02,
                        seedOffset[0] + s + 1);
                images[s] = new Volume[energies[0]];
                for (int i = 0; i < energies[0]; i++) {
                    images[s][i] = stacks[s].image(i);
                }
            }
            for (String[] m : methods) {
                RegistrationParameters p = RegistrationParameters.builder().metric(RegistrationMetric.parse(m[0]))
                        .transform(TransformType.parse(m[1])).build();
                double sum = 0;
                double worst = 0;
                double seconds = 0;
                for (int s = 0; s < seeds[0]; s++) {
                    long t0 = System.nanoTime();
                    List<PairResult> r;
                    Volume[] imgs = images[s];
                    try (RowBlocks blocks = new RowBlocks(options.threads)) {
                        r = new SeriesRegistrar(p, blocks, ProgressListener.NONE, CancellationToken.NEVER).register(
                                source(imgs), imgs.length - 1, (i, res, v) -> sink = v.data()[0]);
                    }
                    seconds += (System.nanoTime() - t0) / 1e9;
                    double e = error(stacks[s], i -> r.get(i).global());
                    sum += e;
                    worst = Math.max(worst, e);
                }
                out.println(String.format(Locale.ROOT, "| FusionJ %s %s | %d | %d | %.4f | %.4f | %.1f |", m[0], m[1],
                        size, options.threads, sum / seeds[0], worst, 1000 * seconds / (seeds[0] * energies[0])));
            }
            double sum = 0;
            double worst = 0;
            double seconds = 0;
            for (int s = 0; s < seeds[0]; s++) {
                Volume[] imgs = images[s];
                AffineTransform3D[] found = new AffineTransform3D[imgs.length];
                long t0 = System.nanoTime();
                for (int i = 0; i < imgs.length; i++) {
                    double[] d = PhaseCorrelation.shift(imgs[imgs.length - 1].data(), imgs[i].data(), size, size);
                    found[i] = AffineTransform3D.translation(d[0], d[1], 0);
                }
                seconds += (System.nanoTime() - t0) / 1e9;
                double e = error(stacks[s], i -> found[i]);
                sum += e;
                worst = Math.max(worst, e);
            }
            out.println(String.format(Locale.ROOT, "| phase correlation (translation) | %d | 1 | %.4f | %.4f | %.1f |",
                    size, sum / seeds[0], worst, 1000 * seconds / (seeds[0] * energies[0])));
        }
        out.println();
        MarkdownTable.printWholeBenchmark(out, start);
    }

    private static SeriesRegistrar.VolumeSource source(Volume[] images) {
        return SeriesRegistrar.VolumeSource.of(images.length, i -> images[i]);
    }

    private static double error(Series2dPhantom p, java.util.function.IntFunction<AffineTransform3D> found) {
        int[] labels = p.labels();
        double sum = 0;
        for (int i = 0; i < p.count(); i++) {
            AffineTransform3D t = p.motion(i);
            AffineTransform3D f = found.apply(i);
            sum += TransformError.of(k -> f, new AffineTransform3D[] {t, t, t}, labels, p.size(), p.size()).mean();
        }
        return sum / p.count();
    }
}
