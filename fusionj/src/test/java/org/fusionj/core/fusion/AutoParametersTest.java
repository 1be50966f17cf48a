package org.fusionj.core.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.fusion.phantom.FusionPhantom;
import org.fusionj.core.fusion.phantom.PhantomScore;
import org.fusionj.core.fusion.phantom.PhantomSpec;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Automatic parameters: deterministic, cheap, and better than fixed published values on unseen phantoms. */
class AutoParametersTest {

    private static final FusionParameters BASE = FusionParameters.defaults();

    private static double[] reduction(FusionPhantom p, List<float[]> fused) {
        double[] r = new double[p.elementCount()];
        for (int e = 0; e < r.length; e++) {
            float[] t = p.truth().get(e);
            double raw = PhantomScore.snrDb(PhantomScore.calibrate(p.noisyMaps().get(e), t), t);
            double got = PhantomScore.snrDb(PhantomScore.calibrate(fused.get(e), t), t);
            r[e] = Math.pow(10, (got - raw) / 20);
        }
        return r;
    }

    /**
     * On a phantom unlike the DyScO3 data (non-square, 2 counts per pixel, another seed), the automatic choice beats
     * the raw maps and the published DyScO3 values (tutorial preset) on every element. Measured (seed 31):
     * auto 4.5 / 1.6 / 1.4 against published 1.6 / 1.1 / 1.1 (error reduction); the thresholds only ask for
     * better than published.
     */
    @Test
    @Timeout(300)
    void beatsThePublishedValuesOnEveryElementAndIsDeterministic() {
        FusionPhantom p = FusionPhantom.generate(PhantomSpec.defaults(112, 88).toBuilder().seed(31).mapDose(2)
                .build(), 1);
        AutoParameters.Choice one = new AutoParameters(1).choose(p.problem(), BASE, ProgressListener.NONE,
                CancellationToken.NEVER);
        AutoParameters.Choice two = new AutoParameters(2).choose(p.problem(), BASE, ProgressListener.NONE,
                CancellationToken.NEVER);
        assertEquals(one.parameters(), two.parameters(), "same choice for any thread count");
        assertArrayEquals(one.iterations(), two.iterations());
        assertEquals(AutoParameters.Criterion.POISSON_THINNING, one.criterion());
        assertTrue(one.relativeCost() > 1 && one.relativeCost() <= 4.0, "at most three paths and one refinement "
                + "run, the runs ending early: " + one.relativeCost());
        double[] auto = reduction(p, new FusionSolver(2).solve(p.problem(), one.parameters()).fusedMaps());
        double[] published = reduction(p, new FusionSolver(2).solve(p.problem(),
                FusionParameters.tutorialDyScO3()).fusedMaps());
        System.out.println("auto " + java.util.Arrays.toString(auto) + " published "
                + java.util.Arrays.toString(published) + ": " + one.describe(p.problem().symbols()));
        for (int e = 0; e < auto.length; e++) {
            assertTrue(auto[e] > 1, p.symbols().get(e) + " improves on the raw map: " + auto[e]);
            assertTrue(auto[e] > published[e], p.symbols().get(e) + ": auto " + auto[e] + " vs published "
                    + published[e]);
        }
    }

    @Test
    @Timeout(300)
    void mapsThatAreNotCountsUseAnEstimatedNoiseModel() {
        FusionPhantom p = FusionPhantom.generate(PhantomSpec.defaults(96, 80).toBuilder().seed(5).mapDose(8).build(),
                1);
        // Counts divided by an exposure time and offset: not multiples of one quantum any more.
        List<ElementMap> maps = new ArrayList<>();
        for (ElementMap m : p.problem().maps()) {
            float[] px = m.image().pixels().clone();
            for (int i = 0; i < px.length; i++) {
                px[i] = px[i] / 0.37f + 0.013f * (i % 7);
            }
            maps.add(new ElementMap(m.symbol(), m.atomicNumber(), new ImagePlane(m.symbol(), 96, 80, px)));
        }
        FusionProblem scaled = new FusionProblem(p.haadf(), maps);
        AutoParameters.Choice c = new AutoParameters(2).choose(scaled, BASE, ProgressListener.NONE,
                CancellationToken.NEVER);
        assertEquals(AutoParameters.Criterion.GAUSSIAN_FISSION, c.criterion());
        double[] auto = reduction(p, new FusionSolver(2).solve(scaled, c.parameters()).fusedMaps());
        // Measured (training share 0.8): fission 5.42 / 2.29 / 1.72, thinning of the counts 4.67 / 2.33 / 1.87,
        // published 1.52 / 1.37 / 1.15: the fallback beats the published values. (With a half for training, fission
        // gave 1.97 / 1.99 / 1.82.)
        AutoParameters.Choice counts = new AutoParameters(2).choose(p.problem(), BASE, ProgressListener.NONE,
                CancellationToken.NEVER);
        double[] thinned = reduction(p, new FusionSolver(2).solve(p.problem(), counts.parameters()).fusedMaps());
        double[] published = reduction(p, new FusionSolver(2).solve(scaled, FusionParameters.tutorialDyScO3())
                .fusedMaps());
        System.out.println("fission " + java.util.Arrays.toString(auto) + " thinning "
                + java.util.Arrays.toString(thinned) + " published " + java.util.Arrays.toString(published) + ": "
                + c.describe(p.problem().symbols()) + " " + c.notes());
        for (int e = 0; e < auto.length; e++) {
            assertTrue(auto[e] > published[e], p.symbols().get(e) + ": fission " + auto[e] + " vs published "
                    + published[e]);
        }
    }

    /**
     * The training half is scaled to [0, 1] by its full map's range times the share of the counts it holds, not by
     * its own maximum (a noisier order statistic at half the dose): scaling by the map's own range is exactly the
     * ordinary solve, and the half's range is half the map's.
     */
    @Test
    @Timeout(120)
    void trainingHalvesAreScaledLikeTheirFullMap() {
        FusionPhantom p = FusionPhantom.generate(PhantomSpec.defaults(80, 64).toBuilder().seed(17).mapDose(3)
                .build(), 1);
        FusionParameters par = BASE.toBuilder().iterations(5).build();
        double[][] own = new double[p.elementCount()][];
        for (int e = 0; e < own.length; e++) {
            own[e] = AutoParameters.range(p.problem().maps().get(e).image().pixels());
        }
        FusionResult plain = new FusionSolver(2).solve(p.problem(), par);
        FusionResult ranged = new FusionSolver(2).solve(p.problem(), par, ProgressListener.NONE,
                CancellationToken.NEVER, null, own);
        for (int e = 0; e < own.length; e++) {
            assertArrayEquals(plain.fusedMaps().get(e), ranged.fusedMaps().get(e), "element " + e);
        }
        assertArrayEquals(new double[] {1, 4}, AutoParameters.trainingRange(new float[] {3, 2, 8, 5}, 0.5,
                new float[] {1, 1, 4, 3}), 0);
        assertArrayEquals(new double[] {0, 4}, AutoParameters.trainingRange(new float[] {3, 2, 8, 5}, 0.5,
                new float[] {2, 0, 5, 3}), 0, "never above the half's own minimum");
        assertEquals(null, AutoParameters.trainingRange(new float[] {2, 2, 2, 2}, 0.5, new float[] {1, 1, 1, 1}),
                "an empty range: the half's own");
    }

    /**
     * On an image larger than the search crop, the crop is scaled by the whole image's ranges (as the final solve
     * scales it), not by its own: a 64 x 64 phantom inside a 96 x 96 frame searched on its centred 64 x 64 crop gives
     * the phantom's own scores when the frame stays within the phantom's ranges, and other scores when the frame holds
     * one pixel twice as bright (it changes the whole image's range, not the crop's).
     */
    @Test
    @Timeout(120)
    void aSearchCropIsScaledByTheWholeImagesRanges() {
        FusionPhantom p = FusionPhantom.generate(PhantomSpec.defaults(64, 64).toBuilder().seed(23).mapDose(3)
                .build(), 1);
        AutoParameters.Options options = AutoParameters.Options.defaults();
        options = new AutoParameters.Options(options.paths(), options.trainFraction(), 64 * 64, options.seed(),
                options.patience());
        AutoParameters auto = new AutoParameters(2, options);
        AutoParameters.Choice own = auto.choose(p.problem(), BASE, ProgressListener.NONE, CancellationToken.NEVER);
        AutoParameters.Choice framed = auto.choose(framed(p.problem(), 1), BASE, ProgressListener.NONE,
                CancellationToken.NEVER);
        AutoParameters.Choice bright = auto.choose(framed(p.problem(), 2), BASE, ProgressListener.NONE,
                CancellationToken.NEVER);
        assertEquals(64, bright.cropWidth());
        assertEquals(64, bright.cropHeight());
        assertTrue(java.util.Arrays.deepEquals(own.scores(), framed.scores()), "same ranges, same search");
        assertTrue(!java.util.Arrays.deepEquals(own.scores(), bright.scores()), "the whole image's range is used");
    }

    /**
     * {@code problem} (64 x 64) in the centre of a 96 x 96 frame filled with its first pixel's values, with one frame
     * pixel of every image at {@code factor} times the image's maximum.
     */
    private static FusionProblem framed(FusionProblem problem, int factor) {
        java.util.function.Function<ImagePlane, ImagePlane> frame = img -> {
            float[] in = img.pixels();
            float max = in[0];
            for (float v : in) {
                max = Math.max(max, v);
            }
            float[] out = new float[96 * 96];
            java.util.Arrays.fill(out, in[0]);
            for (int y = 0; y < 64; y++) {
                System.arraycopy(in, y * 64, out, (y + 16) * 96 + 16, 64);
            }
            out[0] = factor * max;
            return new ImagePlane(img.name(), 96, 96, out);
        };
        List<ElementMap> maps = new ArrayList<>();
        for (ElementMap m : problem.maps()) {
            maps.add(new ElementMap(m.symbol(), m.atomicNumber(), frame.apply(m.image())));
        }
        return new FusionProblem(frame.apply(problem.haadf()), maps);
    }

    /**
     * The family's catalyst (Pt, Ni, Co, O nanoparticles, 40 counts + 2 background), the one element auto used to miss:
     * every element at least as good as the notebook at its truth-tuned best pair (lambda_chem 0.001, lambda_tv 0.003,
     * found by the family study's 8 x 7 grid). Comparing configurations on the raw held-out errors chose Pt's
     * smoothing path for all (Co 3.17 against the notebook's 3.48); on the signal errors alone, the mixed one (Ni
     * 2.67 against 2.97, hurt by the others' paths). Measured now: auto 3.52 / 3.17 / 3.96 / 3.25 against
     * 1.70 / 2.97 / 3.48 / 3.05, Ni moved to the smoothing path beside Pt.
     */
    @Test
    @Timeout(300)
    void theFamilysCatalystReachesTheNotebooksBestOnEveryElement() {
        org.fusionj.core.fusion.phantom.PhantomFamily.Member m = org.fusionj.core.fusion.phantom.PhantomFamily.members()
                .stream().filter(x -> x.name().equals("catalyst")).findFirst().orElseThrow();
        FusionPhantom p = FusionPhantom.generate(m.spec(), 1);
        FusionSolver solver = new FusionSolver(2);
        double[] notebook = reduction(p, solver.solve(p.problem(), FusionParameters.tutorialDyScO3().toBuilder()
                .lambdaChem(0.001).lambdaTv(0.003).build()).fusedMaps());
        java.util.List<Double> reported = new java.util.ArrayList<>();
        AutoParameters.Choice c = new AutoParameters(2).choose(p.problem(), BASE, (f, msg) -> reported.add(f),
                CancellationToken.NEVER);
        // The run that moves Ni is one more run: progress keeps rising through it (it used to sit at 1 meanwhile).
        for (int i = 1; i < reported.size(); i++) {
            assertTrue(reported.get(i) >= reported.get(i - 1), "progress fell at report " + i + ": " + reported);
        }
        assertTrue(reported.stream().filter(f -> f >= 1.0).count() <= 1, "progress at 1 before the end: "
                + reported.stream().filter(f -> f >= 1.0).count() + " reports");
        double[] auto = reduction(p, solver.solve(p.problem(), c.parameters()).fusedMaps());
        System.out.println("catalyst: auto " + java.util.Arrays.toString(auto) + " notebook best "
                + java.util.Arrays.toString(notebook) + ": " + c.describe(p.problem().symbols()) + " " + c.notes());
        for (int e = 0; e < auto.length; e++) {
            assertTrue(auto[e] >= notebook[e], p.symbols().get(e) + ": auto " + auto[e] + " vs notebook best "
                    + notebook[e]);
        }
        assertTrue(c.notes().stream().anyMatch(n -> n.startsWith("Ni on path 2")), "Ni moved: " + c.notes());
        assertTrue(c.relativeCost() <= 5, "one more run at most: " + c.relativeCost());
    }

    /**
     * The noise floor (what a perfect map scores against the held-out part) and its standard error, on a Poisson map
     * of known mean: the held-out part's realised noise energy lies within 4 standard errors of the floor, and the
     * standard error is that of the formula with the true means ({@code sqrt(2 sum m^2)}) within 10 %.
     */
    @Test
    void noiseFloorEstimatesTheHeldOutPartsNoise() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 20000;
        float[] mean = new float[n];
        float[] counts = new float[n];
        for (int i = 0; i < n; i++) {
            mean[i] = (float) (0.5 + 6 * (i % 100) / 100.0);
            counts[i] = poisson(mean[i], rng);
        }
        float[][] halves = AutoParameters.thin(counts, 1, 0.8, rng);
        double floor = AutoParameters.poissonNoiseFloor(halves[1], 1);
        double error = AutoParameters.poissonFloorError(halves[1], 1);
        double energy = 0;
        double m2 = 0;
        for (int i = 0; i < n; i++) {
            double m = 0.2 * mean[i];
            energy += (halves[1][i] - m) * (halves[1][i] - m);
            m2 += m * m;
        }
        assertTrue(Math.abs(energy - floor) <= 4 * error, "noise energy " + energy + " vs floor " + floor + " +- "
                + error);
        assertEquals(Math.sqrt(2 * m2), error, 0.1 * Math.sqrt(2 * m2));
        assertEquals(Math.log(5 + 2), AutoParameters.logSignalError(15, 10, 2), 1e-12);
        assertEquals(Math.log(2), AutoParameters.logSignalError(8, 10, 2), 1e-12, "a negative estimate counts as 0");
    }

    private static float poisson(double mean, SplittableRandom rng) {
        double l = Math.exp(-mean);
        int k = 0;
        double p = rng.nextDouble();
        while (p > l) {
            k++;
            p *= rng.nextDouble();
        }
        return k;
    }

    /**
     * On a phantom outside the family (a heavy element in a five-element lattice at 5 counts, seed 4242), auto beats
     * the notebook at its best pair of a grid around the family's best pairs (chosen against the truth) in the
     * geometric mean over the elements, and reaches at least 0.9 of it on every element. Measured (training share 0.8,
     * training halves scaled like their full maps): auto 2.56 / 2.06 / 2.02 / 1.83 / 1.71 against 2.72 / 2.04 / 1.91
     * / 1.88 / 1.41; Ba at 0.94 (stopped at 11 iterations): the heavy elements' early stop is what is still missing
     * for "every element" (issue 11, docs/fusion.md).
     */
    @Test
    @Timeout(600)
    void nearTheNotebooksBestOnAnUnseenHeavyElementPhantom() {
        FusionPhantom p = FusionPhantom.generate(PhantomSpec.defaults(128, 112).toBuilder().seed(4242)
                .symbols("Ba", "Zr", "Ti", "Ca", "O").columnShape(org.fusionj.core.fusion.phantom.ColumnShape.DISK)
                .latticePeriod(24).columnSigma(2).mapDose(5).build(), 1);
        FusionSolver solver = new FusionSolver(2);
        double[] best = null;
        double bestGeo = Double.NEGATIVE_INFINITY;
        for (double c : new double[] {3e-4, 1e-3, 3e-3}) {
            for (double t : new double[] {1e-3, 3e-3}) {
                double[] r = reduction(p, solver.solve(p.problem(), FusionParameters.tutorialDyScO3().toBuilder()
                        .lambdaChem(c).lambdaTv(t).build()).fusedMaps());
                double g = 0;
                for (double x : r) {
                    g += Math.log(x);
                }
                if (g > bestGeo) {
                    bestGeo = g;
                    best = r;
                }
            }
        }
        AutoParameters.Choice c = new AutoParameters(2).choose(p.problem(), BASE, ProgressListener.NONE,
                CancellationToken.NEVER);
        double[] auto = reduction(p, solver.solve(p.problem(), c.parameters()).fusedMaps());
        System.out.println("unseen heavy: auto " + java.util.Arrays.toString(auto) + " notebook best "
                + java.util.Arrays.toString(best) + ": " + c.describe(p.problem().symbols()));
        double autoGeo = 0;
        for (int e = 0; e < auto.length; e++) {
            autoGeo += Math.log(auto[e]);
            assertTrue(auto[e] >= 0.9 * best[e], p.symbols().get(e) + ": auto " + auto[e] + " vs notebook best "
                    + best[e]);
        }
        assertTrue(autoGeo > bestGeo, "geometric mean: auto " + Math.exp(autoGeo / auto.length) + " vs notebook best "
                + Math.exp(bestGeo / auto.length));
    }

    @Test
    void countQuantumFindsScaledCountsOnly() {
        assertEquals(0.25, AutoParameters.countQuantum(new float[] {0, 0.25f, 1.5f, 3f}), 1e-12);
        assertEquals(1, AutoParameters.countQuantum(new float[] {0, 2, 7, 1}), 0);
        assertTrue(Double.isNaN(AutoParameters.countQuantum(new float[] {0, 1, 1.5f, 2.2f})));
        assertTrue(Double.isNaN(AutoParameters.countQuantum(new float[] {-1, 1, 2})));
    }

    @Test
    void thinningKeepsEveryCountAndSplitsThemEvenly() {
        float[] px = new float[20000];
        for (int i = 0; i < px.length; i++) {
            px[i] = 2 * (i % 90); // quantum 2, up to 89 counts: both the exact and the normal binomial
        }
        float[][] h = AutoParameters.thin(px, 2, 0.5, new SplittableRandom(1));
        double a = 0;
        double total = 0;
        for (int i = 0; i < px.length; i++) {
            assertEquals(px[i], h[0][i] + h[1][i], 0, "pixel " + i);
            assertTrue(h[0][i] >= 0 && h[1][i] >= 0);
            a += h[0][i];
            total += px[i];
        }
        assertEquals(0.5, a / total, 5 * Math.sqrt(0.25 / (total / 2)));
    }

    @Test
    void noiseModelRecoversPoissonGaussianNoise() {
        int w = 256;
        int h = 256;
        SplittableRandom rng = new SplittableRandom(3);
        float[] px = new float[w * h];
        for (int i = 0; i < px.length; i++) {
            double mean = 20 + 80 * ((i % w) / (double) w); // a slow ramp: no structure at the pixel scale
            // gain 2 (variance 2 mean), read noise variance 9
            double v = 2 * mean + 9;
            double u1 = 1 - rng.nextDouble();
            double z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * rng.nextDouble());
            px[i] = (float) (mean + Math.sqrt(v) * z);
        }
        NoiseModel m = NoiseModel.estimate(px, w, h);
        for (double mean : new double[] {30, 60, 90}) {
            double truth = 2 * mean + 9;
            assertEquals(truth, m.variance(mean), 0.1 * truth, "variance at mean " + mean + " (a " + m.a() + ", b "
                    + m.b() + ")");
        }
        assertTrue(m.correlation() < 0.2, "white noise: " + m.correlation());
    }

    @Test
    @Timeout(60)
    void cancelStopsTheSearch() {
        FusionPhantom p = FusionPhantom.generate(PhantomSpec.defaults(64, 64), 1);
        CancellationToken cancel = new CancellationToken();
        assertThrows(CancelledException.class, () -> new AutoParameters(1).choose(p.problem(), BASE,
                (fraction, message) -> cancel.cancel(), cancel));
    }
}
