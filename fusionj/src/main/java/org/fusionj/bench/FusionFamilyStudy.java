package org.fusionj.bench;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.fusionj.core.fusion.AutoParameters;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionPreset;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.core.fusion.phantom.FusionPhantom;
import org.fusionj.core.fusion.phantom.PhantomFamily;
import org.fusionj.core.fusion.phantom.PhantomScore;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.tv.FgpVariant;
import org.fusionj.core.tv.TvStepStrength;

/**
 * {@code fusionj bench fusion-family}: fusion's
 * accuracy on the phantom family ({@link PhantomFamily}), the evidence behind docs/fusion.md.
 *
 * <p>Figure of merit: per element, the error reduction, {@code RMSE(raw) / RMSE(fused)} against the true
 * concentration after each map's best affine calibration ({@link PhantomScore#calibrate}); above 1 the fused map is
 * closer to the truth than the raw one.
 *
 * <p>Part 1, the presets at the same numbers: over a grid of {@code lambda_chem x lambda_tv} (n_iter 30, n_iter_tv 3
 * and, with {@code --tv6}, 6), the ratio of each numerics' error reduction to the {@code tutorial} preset's, for every
 * element of every phantom: FusionJ's numerics before and after the fix and the decomposition of the difference
 * (operator, boundary rows, returned duals, lambda scale).
 *
 * <p>Part 2, automatic parameters against the notebook's best: per phantom, the notebook's numerics grid-searched
 * against the truth (the single {@code lambda_chem, lambda_tv} pair with the highest geometric mean of the
 * elements' error reductions, n_iter 30, n_iter_tv 3), FusionJ's numerics at that pair, and {@link AutoParameters}
 * (FusionJ's default route), with the cost of choosing relative to one fixed-parameter solve (CPU time of the
 * calling thread, one thread, JIT warmed, median of 3).
 */
public final class FusionFamilyStudy {

    private static final double[] GRID_CHEM = {0.02, 0.05, 0.08, 0.15};
    private static final double[] GRID_TV = {0.01, 0.02, 0.05, 0.1, 0.15, 0.3};
    private static final double[] BEST_CHEM = {1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.08, 0.2};
    private static final double[] BEST_TV = {1e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3};

    /** A TV numerics under study. */
    record Numerics(String name, FusionPreset preset, FgpVariant variant, double scale) {

        FusionSolver solver(FusionSolver base) {
            return variant == null ? base : base.withTvOperator(variant, scale);
        }
    }

    private static final List<Numerics> NUMERICS = List.of(
            new Numerics("tutorial", FusionPreset.TUTORIAL, null, 1),
            new Numerics("fusionj before (isotropic, last duals)", FusionPreset.FUSIONJ, FgpVariant.ISOTROPIC, 1),
            new Numerics("isotropic, extrapolated duals, x1", FusionPreset.FUSIONJ, FgpVariant.ISOTROPIC_EXTRAPOLATED,
                    1),
            new Numerics("anisotropic, Neumann, extrapolated duals", FusionPreset.FUSIONJ,
                    FgpVariant.ANISOTROPIC_EXTRAPOLATED, 1),
            new Numerics("fusionj now (isotropic, extrapolated, x1.2)", FusionPreset.FUSIONJ, null, 1));

    private FusionFamilyStudy() {
    }

    public static final String USAGE = """
            fusionj bench fusion-family [--no-presets] [--no-auto] [--tv6] [--seed-offset N]
                                        [--tv-mapping] [--scale-check F1,F2,...]
              accuracy of the presets and of auto lambdas on the phantom family (tens of minutes)
            """;

    public static void main(String[] args) {
        run(System.out, Arrays.asList(args));
    }

    /** {@code fusionj bench fusion-family ARGS}: see {@link #USAGE}. */
    public static void run(PrintStream out, List<String> a) {
        int at = a.indexOf("--seed-offset");
        long seedOffset = at >= 0 && at + 1 < a.size() ? Long.parseLong(a.get(at + 1)) : 0;
        if (a.contains("--tv-mapping")) {
            tvMapping(out, seedOffset);
            return;
        }
        int sc = a.indexOf("--scale-check");
        if (sc >= 0 && sc + 1 < a.size()) {
            scaleCheck(out, Arrays.stream(a.get(sc + 1).split(",")).mapToDouble(Double::parseDouble).toArray(),
                    seedOffset);
            return;
        }
        run(out, !a.contains("--no-presets"), !a.contains("--no-auto"), a.contains("--tv6") ? 6 : 3, seedOffset);
    }

    /**
     * @param seedOffset added to every member's seed: 0 is the family of the docs; other offsets give new specimens
     *                   of the same kinds (new grains, compositions and noise), for checks on data nothing was tuned on
     */
    static void run(PrintStream out, boolean presets, boolean auto, int tvIterations, long seedOffset) {
        long start = System.nanoTime();
        out.println("## FusionJ phantom-family study");
        out.println();
        out.println("- machine: " + MachineInfo.describe() + "; load average at start "
                + String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()) + " (shared machine)");
        out.println("- figure: error reduction RMSE(raw)/RMSE(fused) vs the truth after each map's best affine "
                + "calibration; 1 thread; results do not depend on the thread count");
        out.println();
        List<PhantomFamily.Member> members = PhantomFamily.members();
        List<FusionPhantom> phantoms = new ArrayList<>();
        for (PhantomFamily.Member m : members) {
            phantoms.add(FusionPhantom.generate(m.spec().toBuilder().seed(m.spec().seed() + seedOffset).build(), 1));
        }
        out.println("- phantoms: PhantomFamily, seeds " + (members.get(0).spec().seed() + seedOffset) + " to "
                + (members.get(members.size() - 1).spec().seed() + seedOffset) + (seedOffset == 0 ? " (the docs' family)"
                : " (seed offset " + seedOffset + ": specimens nothing was tuned on)"));
        out.println();
        if (presets) {
            presetStudy(out, members, phantoms, tvIterations);
        }
        if (auto) {
            autoStudy(out, members, phantoms);
        }
        out.printf(Locale.ROOT, "%nwhole study: %.0f s%n", (System.nanoTime() - start) / 1e9);
    }

    static double[] reduction(FusionPhantom p, List<float[]> fused) {
        int n = p.elementCount();
        double[] r = new double[n];
        for (int e = 0; e < n; e++) {
            float[] t = p.truth().get(e);
            r[e] = rmse(PhantomScore.calibrate(p.noisyMaps().get(e), t), t)
                    / rmse(PhantomScore.calibrate(fused.get(e), t), t);
        }
        return r;
    }

    private static double rmse(float[] a, float[] t) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - t[i];
            s += d * d;
        }
        return Math.sqrt(s / a.length);
    }

    private static void presetStudy(PrintStream out, List<PhantomFamily.Member> members, List<FusionPhantom> phantoms,
                                    int tvIterations) {
        FusionSolver base = new FusionSolver(1);
        int nn = NUMERICS.size();
        List<List<Double>> ratios = new ArrayList<>();
        List<List<Double>> ratiosLowTv = new ArrayList<>();
        for (int v = 0; v < nn; v++) {
            ratios.add(new ArrayList<>());
            ratiosLowTv.add(new ArrayList<>());
        }
        StringBuilder perPhantom = new StringBuilder();
        perPhantom.append("| phantom | element | tutorial 0.05/0.1 | fusionj before | fusionj now "
                + "| tutorial 0.08/0.15 | fusionj before | fusionj now |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (int m = 0; m < phantoms.size(); m++) {
            FusionPhantom p = phantoms.get(m);
            double[][][] issue = new double[2][nn][];
            for (double lc : GRID_CHEM) {
                for (double lt : GRID_TV) {
                    double[][] r = new double[nn][];
                    for (int v = 0; v < nn; v++) {
                        Numerics num = NUMERICS.get(v);
                        FusionParameters par = FusionParameters.defaults().toBuilder().preset(num.preset())
                                .lambdaChem(lc).lambdaTv(lt).tvIterations(tvIterations).build();
                        r[v] = reduction(p, num.solver(base).solve(p.problem(), par).fusedMaps());
                        for (int e = 0; e < r[v].length; e++) {
                            ratios.get(v).add(r[v][e] / r[0][e]);
                            if (lt <= 0.02) {
                                ratiosLowTv.get(v).add(r[v][e] / r[0][e]);
                            }
                        }
                    }
                    if (lc == 0.05 && lt == 0.1) {
                        issue[0] = r;
                    }
                    if (lc == 0.08 && lt == 0.15) {
                        issue[1] = r;
                    }
                }
            }
            for (int e = 0; e < p.elementCount(); e++) {
                perPhantom.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f |%n",
                        members.get(m).name(), p.symbols().get(e), issue[0][0][e], issue[0][1][e], issue[0][nn - 1][e],
                        issue[1][0][e], issue[1][1][e], issue[1][nn - 1][e]));
            }
        }
        out.printf(Locale.ROOT, "### Presets at the same numbers (n_iter 30, n_iter_tv %d)%n%n", tvIterations);
        out.println("Ratio of each numerics' error reduction to the tutorial preset's, over lambda_chem "
                + Arrays.toString(GRID_CHEM) + " x lambda_tv " + Arrays.toString(GRID_TV)
                + ", every element of every phantom (" + ratios.get(0).size() + " cases):");
        out.println();
        out.println("| numerics | min | 10th percentile | median | max | cases < 0.99 | min at lambda_tv <= 0.02 |");
        out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (int v = 1; v < nn; v++) {
            List<Double> s = new ArrayList<>(ratios.get(v));
            java.util.Collections.sort(s);
            long worse = s.stream().filter(x -> x < 0.99).count();
            double lowMin = ratiosLowTv.get(v).stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f | %.3f | %d | %.3f |%n", NUMERICS.get(v).name(),
                    s.get(0), s.get(s.size() / 10), s.get(s.size() / 2), s.get(s.size() - 1), worse, lowMin);
        }
        out.println();
        out.println("Error reduction at the issue's numbers (0.05/0.1) and at FusionJ's defaults (0.08/0.15):");
        out.println();
        out.print(perPhantom);
        out.println();
    }

    private static void autoStudy(PrintStream out, List<PhantomFamily.Member> members, List<FusionPhantom> phantoms) {
        FusionSolver solver = new FusionSolver(1);
        out.println("### Automatic parameters against the notebook's best (grid-searched against the truth)");
        out.println();
        out.println("notebook best: tutorial preset, n_iter 30, n_iter_tv 3, the lambda_chem x lambda_tv pair of "
                + Arrays.toString(BEST_CHEM) + " x " + Arrays.toString(BEST_TV) + " with the highest geometric "
                + "mean error reduction over the phantom's elements; auto: FusionJ preset with AutoParameters "
                + "defaults (paths " + AutoParameters.DEFAULT_PATHS + ", Poisson thinning, training share "
                + AutoParameters.DEFAULT_TRAIN_FRACTION + ", patience " + AutoParameters.DEFAULT_PATIENCE
                + "); cost = CPU time of "
                + "choosing / CPU time of one 30-iteration fixed solve (median of 3, JIT warm)");
        out.println();
        out.println("| phantom | element | notebook 0.08/0.15 | notebook best | fusionj at that pair | auto | "
                + "auto / notebook best | auto's choice | cost |");
        out.println("|---|---|---:|---:|---:|---:|---:|---|---:|");
        int misses = 0;
        int cases = 0;
        List<Double> costs = new ArrayList<>();
        for (int m = 0; m < phantoms.size(); m++) {
            FusionPhantom p = phantoms.get(m);
            int n = p.elementCount();
            double bestGeo = Double.NEGATIVE_INFINITY;
            double[] nbBest = null;
            double bestC = 0;
            double bestT = 0;
            for (double c : BEST_CHEM) {
                for (double t : BEST_TV) {
                    FusionParameters par = FusionParameters.tutorialDyScO3().toBuilder().lambdaChem(c).lambdaTv(t)
                            .build();
                    double[] r = reduction(p, solver.solve(p.problem(), par).fusedMaps());
                    double g = 0;
                    for (double x : r) {
                        g += Math.log(x) / n;
                    }
                    if (g > bestGeo) {
                        bestGeo = g;
                        nbBest = r;
                        bestC = c;
                        bestT = t;
                    }
                }
            }
            double[] nbDefault = reduction(p, solver.solve(p.problem(), FusionParameters.tutorialDyScO3())
                    .fusedMaps());
            double[] fjAtBest = reduction(p, solver.solve(p.problem(), FusionParameters.defaults().toBuilder()
                    .lambdaChem(bestC).lambdaTv(bestT).build()).fusedMaps());
            AutoParameters auto = new AutoParameters(1);
            AutoParameters.Choice choice = null;
            double[] chooseCpu = new double[3];
            double[] solveCpu = new double[3];
            for (int rep = 0; rep < 3; rep++) {
                long t0 = cpu();
                choice = auto.choose(p.problem(), FusionParameters.defaults(), ProgressListener.NONE,
                        CancellationToken.NEVER);
                long t1 = cpu();
                solver.solve(p.problem(), FusionParameters.defaults());
                long t2 = cpu();
                chooseCpu[rep] = t1 - t0;
                solveCpu[rep] = t2 - t1;
            }
            Arrays.sort(chooseCpu);
            Arrays.sort(solveCpu);
            costs.add(chooseCpu[1] / solveCpu[1]);
            FusionResult r = solver.solve(p.problem(), choice.parameters());
            double[] autoRed = reduction(p, r.fusedMaps());
            String[] symbols = p.problem().symbols();
            for (int e = 0; e < n; e++) {
                cases++;
                boolean miss = autoRed[e] < nbBest[e];
                misses += miss ? 1 : 0;
                var c = choice.paths().get(choice.chosen()[e]);
                out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f (%s/%s) | %.3f | %.3f | %.2f%s | %s/%s/%d, %d it "
                        + "| %.2f |%n", members.get(m).name(), symbols[e], nbDefault[e], nbBest[e], fmt(bestC),
                        fmt(bestT), fjAtBest[e], autoRed[e], autoRed[e] / nbBest[e], miss ? " (miss)" : "",
                        fmt(c.lambdaChem()), fmt(c.lambdaTv()), c.tvIterations(), choice.iterations()[e],
                        costs.get(costs.size() - 1));
            }
        }
        costs.sort(null);
        out.println();
        out.printf(Locale.ROOT, "auto at least as good as the notebook's best on %d of %d elements; cost of choosing "
                + "/ one solve: median %.2f, max %.2f%n", cases - misses, cases, costs.get(costs.size() / 2),
                costs.get(costs.size() - 1));
    }

    private static final double[] MAPPING_TV = {0.001, 0.003, 0.01, 0.02, 0.05, 0.1, 0.15, 0.3};

    /**
     * {@code --tv-mapping}: what the same {@code lambda_tv} means in the two presets' TV steps. For every element's
     * normalised noisy map of the family (the TV step's input at the first iteration, before the gradient step) and
     * each {@code lambda_tv}, the factor s such that the {@code fusionj} step (isotropic, extrapolated duals) at
     * {@code s lambda_tv} removes as much as the {@code tutorial} step at {@code lambda_tv}: the RMS of
     * {@code prox(x) - x} over the interior (the tutorial leaves the last rows and columns unsmoothed), matched by
     * bisection. Where the step does not depend on lambda (the duals never reach their bound) no s is defined.
     */
    static void tvMapping(PrintStream out, long seedOffset) {
        out.println("## lambda_tv mapping between the presets' TV steps");
        out.println();
        out.println("- machine: " + MachineInfo.describe() + "; load average at start "
                + String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()) + " (shared machine)");
        out.println("- phantoms: PhantomFamily, seed offset " + seedOffset + "; every element's normalised noisy map");
        out.println();
        out.println("| n_iter_tv | lambda_tv | elements matched | min s | median s | max s | fusionj x1.2 removes "
                + "(median, relative to tutorial) |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        List<float[]> inputs = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        for (PhantomFamily.Member m : PhantomFamily.members()) {
            FusionPhantom p = FusionPhantom.generate(m.spec().toBuilder().seed(m.spec().seed() + seedOffset).build(),
                    1);
            for (float[] map : p.noisyMaps()) {
                float[] x = TvStepStrength.unitRange(map);
                inputs.add(x);
                sizes.add(new int[] {p.problem().width(), p.problem().height()});
            }
        }
        org.fusionj.core.tv.FgpTvProximal tutorial = new org.fusionj.core.tv.FgpTvProximal(FgpVariant.TUTORIAL);
        org.fusionj.core.tv.FgpTvProximal fusionj = new org.fusionj.core.tv.FgpTvProximal(
                FgpVariant.ISOTROPIC_EXTRAPOLATED);
        for (int tvIt : new int[] {3, 6}) {
            for (double lt : MAPPING_TV) {
                List<Double> factors = new ArrayList<>();
                List<Double> removedAtScale = new ArrayList<>();
                for (int k = 0; k < inputs.size(); k++) {
                    float[] x = inputs.get(k);
                    int w = sizes.get(k)[0];
                    int h = sizes.get(k)[1];
                    double target = TvStepStrength.removed(x, tutorial.apply(x, w, h, lt, tvIt), w, h);
                    float[] atScale = fusionj.apply(x, w, h, lt * FgpVariant.ISOTROPIC_LAMBDA_SCALE, tvIt);
                    removedAtScale.add(TvStepStrength.removed(x, atScale, w, h) / target);
                    double lo = 0.25;
                    double hi = 4;
                    double dLo = TvStepStrength.removed(x, fusionj.apply(x, w, h, lt * lo, tvIt), w, h);
                    double dHi = TvStepStrength.removed(x, fusionj.apply(x, w, h, lt * hi, tvIt), w, h);
                    // Not bracketed, or lambda barely matters here (linear regime): no factor.
                    if (!(dLo < target && dHi > target) || dHi - dLo < 1e-3 * target) {
                        continue;
                    }
                    for (int step = 0; step < 40; step++) {
                        double mid = Math.sqrt(lo * hi);
                        if (TvStepStrength.removed(x, fusionj.apply(x, w, h, lt * mid, tvIt), w, h) < target) {
                            lo = mid;
                        } else {
                            hi = mid;
                        }
                    }
                    factors.add(Math.sqrt(lo * hi));
                }
                factors.sort(null);
                removedAtScale.sort(null);
                out.printf(Locale.ROOT, "| %d | %s | %d of %d | %s | %s | %s | %.3f |%n", tvIt, fmt(lt), factors.size(),
                        inputs.size(), factors.isEmpty() ? "-" : fmt(factors.get(0)),
                        factors.isEmpty() ? "-" : fmt(factors.get(factors.size() / 2)),
                        factors.isEmpty() ? "-" : fmt(factors.get(factors.size() - 1)),
                        removedAtScale.get(removedAtScale.size() / 2));
            }
        }
    }

    /**
     * {@code --scale-check s1,s2,...}: the {@code fusionj} numerics (isotropic, extrapolated duals) with
     * {@code lambda_tv} scaled by each factor, against {@code tutorial} at the same numbers, over
     * {@code lambda_chem} 0.02/0.05/0.08/0.15 x {@code lambda_tv} 0.01/0.02 (where the scale matters), every element
     * of the family at the given seed offset: the ratio of the error reductions.
     */
    static void scaleCheck(PrintStream out, double[] scales, long seedOffset) {
        out.println("## lambda_tv scale of the fusionj preset at low lambda_tv (seed offset " + seedOffset + ")");
        out.println();
        out.println("- machine: " + MachineInfo.describe() + "; load average at start "
                + String.format(Locale.ROOT, "%.2f", ManagementFactory.getOperatingSystemMXBean()
                .getSystemLoadAverage()) + " (shared machine); n_iter 30, n_iter_tv 3, 1 thread");
        out.println();
        FusionSolver base = new FusionSolver(1);
        List<List<Double>> ratios = new ArrayList<>();
        for (int v = 0; v < scales.length; v++) {
            ratios.add(new ArrayList<>());
        }
        for (PhantomFamily.Member m : PhantomFamily.members()) {
            FusionPhantom p = FusionPhantom.generate(m.spec().toBuilder().seed(m.spec().seed() + seedOffset).build(),
                    1);
            for (double lc : GRID_CHEM) {
                for (double lt : new double[] {0.01, 0.02}) {
                    FusionParameters par = FusionParameters.defaults().toBuilder().lambdaChem(lc).lambdaTv(lt).build();
                    double[] tut = reduction(p, base.solve(p.problem(), par.toBuilder().preset(FusionPreset.TUTORIAL)
                            .build()).fusedMaps());
                    for (int v = 0; v < scales.length; v++) {
                        double[] r = reduction(p, base.withTvOperator(FgpVariant.ISOTROPIC_EXTRAPOLATED, scales[v])
                                .solve(p.problem(), par).fusedMaps());
                        for (int e = 0; e < r.length; e++) {
                            ratios.get(v).add(r[e] / tut[e]);
                        }
                    }
                }
            }
        }
        out.println("| scale | cases | min | 10th percentile | median | cases < 0.99 | cases < 1 |");
        out.println("|---:|---:|---:|---:|---:|---:|---:|");
        for (int v = 0; v < scales.length; v++) {
            List<Double> s = ratios.get(v);
            s.sort(null);
            out.printf(Locale.ROOT, "| %.4f | %d | %.3f | %.3f | %.3f | %d | %d |%n", scales[v], s.size(), s.get(0),
                    s.get(s.size() / 10), s.get(s.size() / 2), s.stream().filter(x -> x < 0.99).count(),
                    s.stream().filter(x -> x < 1).count());
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }
}
