package org.fusionj.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.tomo.JosephProjector;
import org.fusionj.core.tomo.TiltAngles;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionProblem;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoFusionSolver;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TvCoupling;
import org.fusionj.core.tomo.phantom.ParticleShape;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.core.tomo.phantom.TomoScore;

/**
 * {@code fusionj bench tomo}: speed and accuracy of fused multi-modal tomography ({@link TomoFusionSolver}) on
 * nanoparticle phantoms ({@link TomoPhantom}): HAADF every 2 degrees over +-70, chemistry every 10 degrees, three
 * elements.
 *
 * <ul>
 *   <li>Speed: wall time (System.nanoTime around one solve) and the process's CPU time of the fused solve at each
 *       size, with one thread and with all threads; the time per iteration; the time per voxel and projection angle
 *       of one iteration (constant when the cost is linear in voxels x angles); the projector alone (forward plus
 *       back-projection of a volume at the HAADF angles); the peak heap over the input. The machine's load average
 *       is printed before and after: this machine is shared, so the wall times are upper bounds.</li>
 *   <li>Accuracy (with {@code --family}): the normalised RMSE of every method on a family of phantoms (seeds,
 *       chemical doses, shapes), each method with its defaults, the SIRT baseline at its best iteration count of
 *       {@code 5, 10, 20}, the plain chemical KL baseline (EM, {@code lambda_tv} 0) at its best total EM count of
 *       {@link #EM_STEPS} and the chemical KL baseline with TV at its best TV weight of {@code 0.01, 0.03, 0.1}
 *       (each chosen on the truth: the most favourable baseline); the ratio of each baseline's error to the fused
 *       one, per element and mean.</li>
 * </ul>
 */
public final class TomoBenchmark {

    /** Usage text. */
    public static final String USAGE = """
            usage: fusionj bench tomo [--sizes 64,128] [--iterations 50] [--repeats N] [--threads N]
                                      [--family SIZE|none] [--seeds 1,2,3] [--doses 0.5,1,2]
              --sizes       edge lengths of the cubic phantoms timed (default 64,128)
              --iterations  fused iterations of the timed solves (default 50)
              --repeats     timed runs per row (default 1)
              --threads     the multi-threaded thread count (default: all available processors)
              --family      edge length of the accuracy family (default none: no accuracy table)
              --seeds       phantom seeds of the family (default 1,2,3)
              --doses       chemical doses of the family, relative to the default (default 1)
              --separate_lambda_tv  lambda_tv of the fused run with separate TV (tv_coupling separate, no
                            composition TV: the default before joint TV; default 0.01)
            """;

    /** The speed table's header line. */
    public static final String SPEED_HEADER = "| size | voxels x elements | threads | runs | wall median (s) | CPU (s) "
            + "| ms / iteration | ns / (voxel x angle) / iteration | speed-up | peak heap (MiB) | peak / input |";

    /** The accuracy table's header line. */
    public static final String ACCURACY_HEADER = "| phantom | dose | element | SIRT | KL (EM, no TV) | KL + TV "
            + "| fuse tilts first | fused | fused, separate TV | best comparison / fused "
            + "| best comparison / fused, separate TV | SIRT / fused | KL (EM) / fused | KL + TV / fused "
            + "| fuse tilts first / fused |";

    /**
     * Total EM steps ({@code n_iter_init + n_iter}) tried for the plain KL baseline: plain EM is regularised by
     * stopping early, and its best count was 6 at 128^3 (mixed, seed 1, dose 1) and 6 to 8 at 64^3 (seed 1, doses
     * 0.5 to 2, mixed and spheres), inside this grid.
     */
    static final int[] EM_STEPS = {3, 4, 5, 6, 8, 10, 12, 16, 24};

    private static volatile double sink;

    private TomoBenchmark() {
    }

    public static void main(String[] args) {
        BenchOptions.runMain(args, TomoBenchmark::run);
    }

    /** Runs the benchmark and prints to {@code out}. */
    public static void run(PrintStream out, List<String> args) {
        Options o = Options.parse(args);
        if (o.common.printHelp(out)) {
            return;
        }
        new Session(out, o).run();
    }

    /** The command-line options. */
    static final class Options {
        BenchOptions common;
        int iterations = 50;
        int family;
        List<Long> seeds = List.of(1L, 2L, 3L);
        List<Double> doses = List.of(1.0);
        double separateLambdaTv = 0.01;

        static Options parse(List<String> args) {
            Options o = new Options();
            o.common = BenchOptions.parse(args, "tomo", USAGE, List.of(64, 128), 16, 512, "16 to 512", Map.of(
                    "--iterations", v -> o.iterations = BenchOptions.positiveInt("--iterations", v),
                    "--family", v -> o.family = v.equalsIgnoreCase("none") ? 0
                            : BenchOptions.wholeNumber("--family", v, 16),
                    "--seeds", v -> o.seeds = parseList(v, "--seeds").stream().map(Double::longValue).toList(),
                    "--doses", v -> o.doses = parseList(v, "--doses"),
                    "--separate_lambda_tv", v -> o.separateLambdaTv = parseList(v, "--separate_lambda_tv").get(0)));
            return o;
        }

        private static List<Double> parseList(String v, String key) {
            List<Double> out = new ArrayList<>();
            for (String part : v.split(",")) {
                try {
                    double d = Double.parseDouble(part.trim());
                    if (d > 0 && Double.isFinite(d)) {
                        out.add(d);
                        continue;
                    }
                } catch (NumberFormatException e) {
                    // reported below
                }
                throw new InvalidInputException(key + " needs positive numbers separated by commas, got '" + v + "'");
            }
            return out;
        }
    }

    /** The figures of one timed solve. */
    record Timing(double wallSeconds, double cpuSeconds, long peakBytes) {
    }

    private static final class Session {
        private final PrintStream out;
        private final Options o;
        private final MemoryMeter memory = new MemoryMeter();

        Session(PrintStream out, Options o) {
            this.out = out;
            this.o = o;
        }

        void run() {
            long start = System.nanoTime();
            MachineInfo.printHeading(out, "FusionJ fused tomography benchmark", o.common.threads, memory);
            out.println("- load average before: " + loadAverage() + " (this machine is shared by several sessions: "
                    + "wall times are upper bounds, CPU times are the process's)");
            out.println("- phantoms: TomoPhantomSpec.defaults(size): Au, Ag, Cu core-shell and alloy particles, "
                    + "HAADF every 2 degrees over +-70 (71 tilts), chemistry every 10 degrees (15 tilts), low "
                    + "chemical dose; fused solve with TomoFusionParameters.defaults() and n_iter = " + o.iterations);
            out.println();
            speed();
            if (o.family > 0) {
                out.println();
                accuracy();
            }
            out.println();
            out.println("- load average after: " + loadAverage());
            MarkdownTable.printWholeBenchmark(out, start);
        }

        private static String loadAverage() {
            double l = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            return l < 0 ? "n/a" : String.format(Locale.ROOT, "%.2f (1 minute)", l);
        }

        private static double processCpuSeconds() {
            if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
                return os.getProcessCpuTime() / 1e9;
            }
            return Double.NaN;
        }

        private void speed() {
            List<String> notes = new ArrayList<>();
            // Warm-up: a small solve with each thread count.
            TomoPhantom warm = TomoPhantom.generate(TomoPhantomSpec.defaults(32), o.common.threads);
            for (int threads : o.common.threadCounts()) {
                consume(new TomoFusionSolver(threads).solve(warm.problem(),
                        TomoFusionParameters.builder().iterations(3).initIterations(2).build()));
            }
            out.println(SPEED_HEADER);
            out.println(MarkdownTable.separator(1, 10));
            for (int size : o.common.sizes) {
                long t0 = System.nanoTime();
                TomoPhantom phantom = TomoPhantom.generate(TomoPhantomSpec.defaults(size), o.common.threads);
                notes.add(String.format(Locale.ROOT, "phantom %d^3: generated in %.1f s (%d threads)", size,
                        (System.nanoTime() - t0) / 1e9, o.common.threads));
                TomoFusionProblem problem = phantom.problem();
                phantom = null;
                TomoFusionParameters params = TomoFusionParameters.builder().iterations(o.iterations).build();
                Double single = null;
                for (int threads : o.common.threadCounts()) {
                    List<Timing> runs = new ArrayList<>();
                    for (int r = 0; r < Math.max(1, o.common.repeats); r++) {
                        runs.add(timeSolve(problem, params, threads));
                    }
                    double[] wall = runs.stream().mapToDouble(Timing::wallSeconds).toArray();
                    double median = Timings.median(wall);
                    double cpu = runs.stream().mapToDouble(Timing::cpuSeconds).min().orElse(Double.NaN);
                    long peak = runs.stream().mapToLong(Timing::peakBytes).max().orElse(0);
                    long voxels = (long) size * size * size;
                    int ne = problem.elementCount();
                    long angles = problem.haadf().angleCount();
                    for (var e : problem.elements()) {
                        angles += e.series().angleCount();
                    }
                    long inputBytes = 4L * size * size * angles;
                    double perIter = median / (params.iterations() + params.initIterations() / 4.0);
                    out.printf(Locale.ROOT, "| %d^3 | %d x %d | %d | %d | %.1f | %.1f | %.0f | %.2f | %s | %.0f | %.1f |%n",
                            size, voxels, ne, threads, runs.size(), median, cpu, 1000 * median / params.iterations(),
                            1e9 * perIter / (voxels * angles), MarkdownTable.speedUp(single, median),
                            peak / MemoryMeter.MIB, (double) peak / inputBytes);
                    if (threads == 1) {
                        single = median;
                    }
                }
                separateSpeed(problem, params, size);
                projectorNote(size, notes);
            }
            notes.add("ms / iteration: the whole solve (setup and the " + TomoFusionParameters.defaults()
                    .initIterations() + " initial chemical iterations included) over n_iter; ns / (voxel x angle): "
                    + "the solve over (n_iter + n_iter_init / 4) x voxels x (HAADF + chemical tilts), the initial "
                    + "iterations counted at a quarter (they project the chemical tilts only)");
            notes.add("peak heap: the larger of the heap pools' peak and the heap sampled during the solve (see bench "
                    + "fusion); input = HAADF + chemical tilt series as float32");
            MarkdownTable.printNotes(out, notes);
        }

        /**
         * One row: the fused solve with separate TV (the default before joint TV), with all threads (its cost
         * against the rows above).
         */
        private void separateSpeed(TomoFusionProblem problem, TomoFusionParameters params, int size) {
            TomoFusionParameters sep = separate(params.toBuilder()).build();
            int threads = o.common.threads;
            List<Timing> runs = new ArrayList<>();
            for (int r = 0; r < Math.max(1, o.common.repeats); r++) {
                runs.add(timeSolve(problem, sep, threads));
            }
            double median = Timings.median(runs.stream().mapToDouble(Timing::wallSeconds).toArray());
            double cpu = runs.stream().mapToDouble(Timing::cpuSeconds).min().orElse(Double.NaN);
            long peak = runs.stream().mapToLong(Timing::peakBytes).max().orElse(0);
            long voxels = (long) size * size * size;
            long angles = problem.haadf().angleCount();
            for (var e : problem.elements()) {
                angles += e.series().angleCount();
            }
            double perIter = median / (sep.iterations() + sep.initIterations() / 4.0);
            out.printf(Locale.ROOT, "| %d^3, separate TV | %d x %d | %d | %d | %.1f | %.1f | %.0f | %.2f | | %.0f | "
                    + "%.1f |%n", size, voxels, problem.elementCount(), threads, runs.size(), median, cpu,
                    1000 * median / sep.iterations(), 1e9 * perIter / (voxels * angles), peak / MemoryMeter.MIB,
                    (double) peak / (4L * size * size * angles));
        }

        private Timing timeSolve(TomoFusionProblem problem, TomoFusionParameters params, int threads) {
            MemoryMeter.Probe probe = memory.start();
            double cpu0 = processCpuSeconds();
            long t0 = System.nanoTime();
            TomoFusionResult r = new TomoFusionSolver(threads).solve(problem, params);
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = processCpuSeconds() - cpu0;
            MemoryMeter.Usage usage = probe.stop();
            consume(r);
            return new Timing(wall, cpu, usage.peakBytes());
        }

        /** Forward plus back-projection of a whole volume at the 71 HAADF angles, one thread. */
        private void projectorNote(int size, List<String> notes) {
            JosephProjector p = new JosephProjector(size, size, TiltAngles.range(-70, 70, 2));
            int batch = p.batch();
            float[] volume = new float[size * size * batch];
            for (int i = 0; i < volume.length; i++) {
                volume[i] = (i * 2654435761L % 1000) / 1000f;
            }
            float[] sino = new float[p.sinogramSize() * batch];
            int reps = Math.max(2, (int) (2e8 / ((double) size * size * p.angleCount() * batch)));
            for (int r = 0; r < 3; r++) {
                p.project(volume, 0, batch, sino);
                p.backProject(sino, batch, volume, 0);
            }
            long t0 = System.nanoTime();
            for (int r = 0; r < reps; r++) {
                p.project(volume, 0, batch, sino);
                p.backProject(sino, batch, volume, 0);
            }
            double ns = (System.nanoTime() - t0) / ((double) reps * size * size * p.angleCount() * batch);
            sink += volume[0];
            notes.add(String.format(Locale.ROOT, "projector %d^2 slices, 71 angles, dense, 1 thread: %.2f ns per "
                    + "voxel and angle for a forward plus a back-projection (%d slices per call)", size, ns, batch));
        }

        private void accuracy() {
            int size = o.family;
            out.println(ACCURACY_HEADER);
            out.println(MarkdownTable.separator(3, 12));
            List<String> notes = new ArrayList<>();
            List<String> emCounts = new ArrayList<>();
            TomoFusionSolver solver = new TomoFusionSolver(o.common.threads);
            for (ParticleShape shape : new ParticleShape[] {ParticleShape.MIXED, ParticleShape.SPHERES}) {
                for (long seed : o.seeds) {
                    for (double dose : o.doses) {
                        if (shape == ParticleShape.SPHERES && (dose != o.doses.get(0) || seed != o.seeds.get(0))) {
                            continue;
                        }
                        TomoPhantomSpec base = TomoPhantomSpec.defaults(size);
                        TomoPhantomSpec spec = base.toBuilder().seed(seed).shape(shape)
                                .chemDose(base.chemDose() * dose).build();
                        TomoPhantom phantom = TomoPhantom.generate(spec, o.common.threads);
                        double[] sirt = best(solver, phantom, new int[] {5, 10, 20}, n -> TomoFusionParameters
                                .builder().method(TomoMethod.CHEMICAL_SIRT).iterations(n).build()).scores();
                        Best emBest = best(solver, phantom, EM_STEPS, TomoBenchmark::plainEm);
                        double[] em = emBest.scores();
                        emCounts.add(String.format(Locale.ROOT, "%d^3 seed %d, %s, dose %.2f: %d%s", size, seed,
                                shape.key(), dose, emBest.setting(), emBest.setting() == EM_STEPS[0]
                                        || emBest.setting() == EM_STEPS[EM_STEPS.length - 1]
                                        ? " (at the grid's end: widen it)" : ""));
                        double[] kl = best(solver, phantom, new int[] {1, 3, 10}, t -> TomoFusionParameters.builder()
                                .method(TomoMethod.CHEMICAL_KL).tvCoupling(TvCoupling.SEPARATE).lambdaTv(0.01 * t)
                                .build()).scores();
                        double[] tilts = score(solver, phantom, separate(TomoFusionParameters.builder()
                                .method(TomoMethod.FUSE_TILTS_FIRST)).build());
                        double[] fused = score(solver, phantom, TomoFusionParameters.defaults());
                        double[] sep = score(solver, phantom, separate(TomoFusionParameters.builder()).build());
                        String[] symbols = phantom.problem().symbols();
                        for (int e = 0; e <= symbols.length; e++) {
                            boolean mean = e == symbols.length;
                            double si = mean ? TomoScore.mean(sirt) : sirt[e];
                            double m = mean ? TomoScore.mean(em) : em[e];
                            double k = mean ? TomoScore.mean(kl) : kl[e];
                            double ti = mean ? TomoScore.mean(tilts) : tilts[e];
                            double f = mean ? TomoScore.mean(fused) : fused[e];
                            double j = mean ? TomoScore.mean(sep) : sep[e];
                            double comparison = Math.min(Math.min(si, m), Math.min(k, ti));
                            out.printf(Locale.ROOT, "| %d^3 seed %d, %s | %.2f | %s | %.3f | %.3f | %.3f | %.3f "
                                    + "| %.3f | %.3f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f |%n", size, seed,
                                    shape.key(), dose, mean ? "**mean**" : symbols[e], si, m, k, ti, f, j,
                                    comparison / f, comparison / j, si / f, m / f, k / f, ti / f);
                        }
                    }
                }
            }
            notes.add("figures: normalised RMSE per element (after each volume's least-squares gain and offset), "
                    + "mean over the three elements; dose relative to TomoPhantomSpec.defaults (0.25 counts per "
                    + "voxel of path through a pure element at 128^3, scaled by 128 / size)");
            notes.add("SIRT: best of 5, 10, 20 iterations; KL (EM, no TV): chemical_kl with lambda_tv 0, plain "
                    + "maximum-likelihood EM of each element's Poisson data, regularised only by its count: best "
                    + "total n_iter_init + n_iter of " + java.util.Arrays.toString(EM_STEPS) + "; KL + TV: "
                    + "chemical_kl at its best lambda_tv of 0.01, 0.03, 0.1 (separate TV, 50 iterations after 20 EM "
                    + "steps); each chosen by the mean over the elements on the truth; "
                    + "fuse tilts first: defaults but tv_coupling separate and lambda_tv " + o.separateLambdaTv
                    + " (each element alone, as before joint TV became the default); fused: defaults (tv_coupling "
                    + "joint, lambda_tv " + TomoFusionParameters.defaults().lambdaTv() + ", composition_tv "
                    + TomoFusionParameters.defaults().compositionTvFinal() + ", tv_warm_start "
                    + TomoFusionParameters.defaults().warmTv() + "); fused, separate TV: the "
                    + "defaults with tv_coupling separate, lambda_tv " + o.separateLambdaTv + " and composition_tv 0 "
                    + "(the default before joint TV); the baselines' TV is separate; best comparison: the lowest of "
                    + "SIRT, KL (EM), KL + TV and fuse tilts first; X / fused: that baseline's error over the fused "
                    + "default's (how many times lower the fused error is)");
            notes.add("KL (EM) best total EM steps: " + String.join("; ", emCounts));
            MarkdownTable.printNotes(out, notes);
        }

        /**
         * The builder with separate TV at --separate_lambda_tv and no composition TV (the fused default before joint
         * TV; the composition TV came later).
         */
        private TomoFusionParameters.Builder separate(TomoFusionParameters.Builder b) {
            return b.tvCoupling(TvCoupling.SEPARATE).lambdaTv(o.separateLambdaTv).compositionTvFinal(0);
        }

        private static double[] score(TomoFusionSolver solver, TomoPhantom phantom, TomoFusionParameters p) {
            TomoFusionResult r = solver.solve(phantom.problem(), p);
            return TomoScore.nrmse(phantom, r.volumes());
        }

        /** The setting whose mean score is lowest, and its per-element scores. */
        private static Best best(TomoFusionSolver solver, TomoPhantom phantom, int[] settings,
                                 java.util.function.IntFunction<TomoFusionParameters> params) {
            Best best = null;
            for (int v : settings) {
                double[] s = score(solver, phantom, params.apply(v));
                if (best == null || TomoScore.mean(s) < TomoScore.mean(best.scores())) {
                    best = new Best(v, s);
                }
            }
            return best;
        }
    }

    /** The best setting of a grid and its per-element scores. */
    record Best(int setting, double[] scores) {
    }

    /**
     * The plain KL baseline with {@code steps} EM steps in all: chemical_kl without TV (plain EM, see
     * TomoFusionParameters#tvStep), {@code steps - 1} of them as the start and one outer iteration.
     */
    static TomoFusionParameters plainEm(int steps) {
        return TomoFusionParameters.builder().method(TomoMethod.CHEMICAL_KL).lambdaTv(0).initIterations(steps - 1)
                .iterations(1).build();
    }

    private static void consume(TomoFusionResult r) {
        sink += r.volumes().get(0)[r.voxelCount() / 2];
    }
}
