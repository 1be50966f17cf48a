package org.fusionj.core.fusion.phantom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.core.fusion.phantom.PhantomScore.ElementScore;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The phantom generator (determinism, dose, forward model) and what fusion gains on it.
 *
 * <p>Statistical checks use 5-sigma bounds: the phantoms are seeded, so each check is a fixed computation that either
 * passes or fails; 5 sigma makes it pass for any seed one would reasonably choose while still catching a wrong dose
 * (a 1 % dose error on a 128 x 128 map is far beyond 5 sigma) or a wrong forward model.
 */
class FusionPhantomTest {

    private static final int SIZE = 128;
    private static FusionPhantom phantom;

    @BeforeAll
    static void generate() {
        phantom = FusionPhantom.generate(PhantomSpec.defaults(SIZE, SIZE));
    }

    // ---------------------------------------------------------------- generator

    @Test
    void sameSpecGivesSamePixelsWhateverTheThreadCount() {
        PhantomSpec spec = PhantomSpec.defaults(100, 70);
        FusionPhantom a = FusionPhantom.generate(spec, 1);
        FusionPhantom b = FusionPhantom.generate(spec, 2);
        FusionPhantom c = FusionPhantom.generate(spec, 3);
        for (FusionPhantom other : List.of(b, c)) {
            assertArrayEquals(a.haadf().pixels(), other.haadf().pixels());
            assertArrayEquals(a.expectedHaadf(), other.expectedHaadf());
            for (int e = 0; e < a.elementCount(); e++) {
                assertArrayEquals(a.truth().get(e), other.truth().get(e));
                assertArrayEquals(a.noisyMaps().get(e), other.noisyMaps().get(e));
            }
        }
        FusionPhantom reseeded = FusionPhantom.generate(spec.toBuilder().seed(spec.seed() + 1).build(), 2);
        assertFalse(Arrays.equals(a.truth().get(0), reseeded.truth().get(0)), "another seed, another specimen");
        assertFalse(Arrays.equals(a.haadf().pixels(), reseeded.haadf().pixels()));
    }

    @Test
    void recordDescribesTheSpecimen() {
        assertEquals(List.of("Dy", "Sc", "O"), phantom.symbols());
        assertArrayEquals(new int[] {66, 21, 8}, phantom.atomicNumbers());
        assertArrayEquals(WeightMethod.Z_OVER_MEAN.weights(new int[] {66, 21, 8}, 1.6), phantom.weights(), 0);
        assertEquals(SIZE, phantom.problem().width());
        assertEquals(SIZE, phantom.problem().height());
        assertArrayEquals(new String[] {"Dy", "Sc", "O"}, phantom.problem().symbols());
        assertTrue(phantom.problem().haadf().pixels() == phantom.haadf().pixels());
        for (int e = 0; e < 3; e++) {
            assertTrue(phantom.problem().maps().get(e).image().pixels() == phantom.noisyMaps().get(e));
        }
    }

    @Test
    void truthIsInUnitRangeAndElementsDiffer() {
        List<float[]> truth = phantom.truth();
        for (int e = 0; e < truth.size(); e++) {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            for (float v : truth.get(e)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
            assertTrue(min >= 0 && max <= 1, phantom.symbols().get(e) + " truth in [0, 1]");
            assertTrue(max > 0.5, phantom.symbols().get(e) + " has columns of high concentration");
        }
        // Separate sublattices: the maps are not copies of each other.
        for (int e = 0; e < truth.size(); e++) {
            for (int f = e + 1; f < truth.size(); f++) {
                double r = correlation(truth.get(e), truth.get(f));
                assertTrue(r < 0.3, phantom.symbols().get(e) + " vs " + phantom.symbols().get(f) + ": r = " + r);
            }
        }
        // Grains of different composition: some Dy columns carry Sc (antisites), others none.
        int mixed = 0;
        int pure = 0;
        for (int i = 0; i < truth.get(0).length; i++) {
            if (truth.get(0)[i] > 0.3) {
                if (truth.get(1)[i] > 0.05) {
                    mixed++;
                } else if (truth.get(1)[i] < 1e-3) {
                    pure++;
                }
            }
        }
        assertTrue(mixed > 50 && pure > 50, "Dy column pixels with Sc: " + mixed + ", without: " + pure);
    }

    @Test
    void poissonSamplerHasPoissonMeanVarianceAndZeroProbability() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(7);
        int n = 400_000;
        for (double mean : new double[] {0.02, 0.5, 3, 9.99, 10, 37.5, 1000, 1e6}) {
            double sum = 0;
            double sum2 = 0;
            int zeros = 0;
            for (int i = 0; i < n; i++) {
                long k = PoissonSampler.sample(rng, mean);
                assertTrue(k >= 0);
                sum += k;
                sum2 += (double) k * k;
                if (k == 0) {
                    zeros++;
                }
            }
            double m = sum / n;
            double var = sum2 / n - m * m;
            assertEquals(mean, m, 5 * Math.sqrt(mean / n), "mean of Poisson(" + mean + ")");
            // Var of the sample variance: (mu_4 - sigma^4) / n = (mu + 3 mu^2 - mu^2) / n for a Poisson.
            assertEquals(mean, var, 5 * Math.sqrt((mean + 2 * mean * mean) / n), "variance of Poisson(" + mean + ")");
            double p0 = Math.exp(-mean);
            assertEquals(p0, zeros / (double) n, 5 * Math.sqrt(p0 * (1 - p0) / n) + 1e-12, "P(0) at " + mean);
        }
        assertEquals(0, PoissonSampler.sample(rng, 0));
        assertThrows(IllegalArgumentException.class, () -> PoissonSampler.sample(rng, -1));
        assertThrows(IllegalArgumentException.class, () -> PoissonSampler.sample(rng, Double.NaN));
    }

    @Test
    void poissonSamplerFollowsTheProbabilityMassFunction() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        int n = 400_000;
        for (double mean : new double[] {4, 15.5}) { // Knuth, then PTRS
            int[] counts = new int[200];
            for (int i = 0; i < n; i++) {
                counts[(int) Math.min(199, PoissonSampler.sample(rng, mean))]++;
            }
            for (int k = 0; k < 40; k++) {
                double pk = Math.exp(-mean + k * Math.log(mean) - PoissonSampler.logFactorial(k));
                double sigma = Math.sqrt(n * pk * (1 - pk));
                assertEquals(n * pk, counts[k], 5 * sigma + 1, "P(" + k + ") at mean " + mean);
            }
        }
    }

    @Test
    void logFactorialMatchesDirectSumAcrossTheTableEdge() {
        double direct = 0;
        for (int k = 1; k <= 2000; k++) {
            direct += Math.log(k);
            assertEquals(direct, PoissonSampler.logFactorial(k), 1e-12 * direct, "log " + k + "!");
        }
    }

    @Test
    void mapCountsMatchTheRequestedDose() {
        for (PhantomSpec spec : List.of(PhantomSpec.defaults(SIZE, SIZE),
                PhantomSpec.defaults(SIZE, SIZE).toBuilder().mapDose(1.5).mapBackground(0.3).seed(3).build())) {
            FusionPhantom p = FusionPhantom.generate(spec);
            for (int e = 0; e < p.elementCount(); e++) {
                float[] counts = p.noisyMaps().get(e);
                double observed = 0;
                double expected = 0;
                for (int i = 0; i < counts.length; i++) {
                    assertEquals(Math.rint(counts[i]), counts[i], "counts are whole numbers");
                    observed += counts[i];
                    expected += spec.mapDose() * p.truth().get(e)[i] + spec.mapBackground();
                    assertEquals(spec.mapDose() * p.truth().get(e)[i] + spec.mapBackground(),
                            p.expectedMapCounts(e, i), 1e-9);
                }
                double z = (observed - expected) / Math.sqrt(expected);
                assertTrue(Math.abs(z) < 5, p.symbols().get(e) + ": " + observed + " counts for " + expected
                        + " expected (z = " + z + ")");
            }
        }
    }

    @Test
    void haadfIsTheForwardModelOfTheTruthInExpectation() {
        PhantomSpec spec = PhantomSpec.defaults(SIZE, SIZE).toBuilder().haadfBackground(0.1).seed(5).build();
        FusionPhantom p = FusionPhantom.generate(spec);
        double[] w = WeightMethod.Z_OVER_MEAN.weights(p.atomicNumbers(), 1.6);
        int n = SIZE * SIZE;
        float[] h = p.haadf().pixels();
        double chi2 = 0;
        int block = 16;
        int blocks = SIZE / block;
        double[] blockObserved = new double[blocks * blocks];
        double[] blockExpected = new double[blocks * blocks];
        for (int i = 0; i < n; i++) {
            double model = 0.1;
            for (int e = 0; e < 3; e++) {
                model += w[e] * Math.pow(p.truth().get(e)[i], 1.6);
            }
            double expected = spec.haadfDose() * model;
            assertEquals(expected, p.expectedHaadf()[i], 1e-5 * expected, "noise-free HAADF at pixel " + i);
            chi2 += (h[i] - expected) * (h[i] - expected) / expected;
            int b = (i / SIZE / block) * blocks + (i % SIZE) / block;
            blockObserved[b] += h[i];
            blockExpected[b] += expected;
        }
        // Poisson: variance = mean, so chi2 / n is 1 within sqrt(2 / n).
        assertEquals(1, chi2 / n, 5 * Math.sqrt(2.0 / n), "HAADF dispersion");
        for (int b = 0; b < blockObserved.length; b++) {
            double z = (blockObserved[b] - blockExpected[b]) / Math.sqrt(blockExpected[b]);
            assertTrue(Math.abs(z) < 5, "16 x 16 block " + b + ": z = " + z);
        }
        // High SNR: the relative noise of a bright pixel is a few percent.
        float max = 0;
        for (float v : p.expectedHaadf()) {
            max = Math.max(max, v);
        }
        assertTrue(max > 2000, "brightest column gives " + max + " counts");
    }

    @Test
    void specRejectsNonsense() {
        PhantomSpec d = PhantomSpec.defaults(32, 32);
        assertThrows(InvalidInputException.class, () -> d.toBuilder().size(0, 5).build());
        assertThrows(InvalidInputException.class, () -> d.toBuilder().symbols().build());
        assertThrows(InvalidInputException.class, () -> d.toBuilder().symbols("Dy", "dy").build());
        assertThrows(InvalidInputException.class, () -> d.toBuilder().symbols("Dy", "Xx").build());
        assertThrows(InvalidInputException.class,
                () -> d.toBuilder().symbols("H", "He", "Li", "Be", "B", "C").build());
        assertThrows(InvalidInputException.class, () -> d.toBuilder().mapDose(0).build());
        assertThrows(InvalidInputException.class, () -> d.toBuilder().vacancyProbability(1.5).build());
        assertThrows(InvalidInputException.class, () -> d.toBuilder().latticePeriod(2).build());
        // One to five elements work, also on a non-square field.
        FusionPhantom five = FusionPhantom.generate(
                d.toBuilder().size(40, 24).symbols("Sr", "Ti", "O", "La", "Mn").build());
        assertEquals(5, five.problem().elementCount());
        assertEquals(40, five.problem().width());
    }

    // ---------------------------------------------------------------- fusion on the phantom

    /**
     * Fusion with {@link FusionParameters#defaults()} (FusionJ numerics, the DyScO3 tutorial's lambdas: gamma 1.6,
     * lambda_chem 0.08, lambda_tv 0.15, 30 iterations, 3 FGP iterations, bkg 0.24) beats the raw maps for every
     * element on the default 128 x 128 phantom (Dy, Sc, O like DyScO3, lattice period 16 px as in the DyScO3 data's
     * ~15 px, 4 counts per pixel at full concentration).
     *
     * <p>Why these parameters: the phantom mimics the DyScO3 dataset the values were published for, and a scan
     * (lambda_chem 0.02 to 1, lambda_tv 0.02 to 0.4, 3 to 30 FGP iterations) found no setting that is better for all
     * three elements at once: lambda_chem 0.02 gives Dy +8 dB but Sc +0.2 dB; 0.3 gives +2.5 / +1.2 / +1.1 dB;
     * lambda_tv above ~0.1 changes nothing (with 3 FGP iterations from zero duals the dual constraint never binds,
     * so the TV step is a fixed smoothing); 10 or 30 FGP iterations over-smooth the 1.8 px columns and lose
     * against the raw maps.
     *
     * <p>Measured (seed 20260101, FusionJ numerics since the preset fix of issue 11: isotropic TV, extrapolated
     * duals, lambda_tv x 1.2; the same to the printed digits as with the earlier x 1.1222, since at lambda_tv 0.15
     * with 3 FGP iterations the duals never reach their bound): SNR raw -> fused Dy 3.60 -> 8.25 dB (+4.65), Sc 3.92 -> 4.85 (+0.92),
     * O 4.51 -> 5.57 (+1.06); fraction error raw -> fused Dy 0.168 -> 0.110, Sc 0.173 -> 0.152, O 0.215 -> 0.169
     * (before the fix +4.98 / +0.76 / +0.82 dB; the thresholds, 60 % of those first figures, still hold).
     * Over other seeds the gains vary a lot (Dy +1 to +6 dB at 128^2 and 256^2): the min-max normalisation ties
     * each map's scale to its single brightest noisy pixel.
     */
    @Test
    void fusionBeatsTheRawMapsWithDefaultParameters() {
        FusionResult result = new FusionSolver(2).solve(phantom.problem(), FusionParameters.defaults());
        List<ElementScore> scores = PhantomScore.score(phantom, result.fusedMaps());
        print("FusionJ defaults", scores);
        double[] minGainDb = {0.6 * 4.65, 0.6 * 0.76, 0.6 * 0.82};
        double[] minFractionGain = {0.6 * 0.055, 0.6 * 0.014, 0.6 * 0.036};
        for (int e = 0; e < 3; e++) {
            ElementScore s = scores.get(e);
            assertTrue(s.gainDb() >= minGainDb[e], s.symbol() + ": SNR gain " + s.gainDb() + " dB < " + minGainDb[e]);
            double fractionGain = s.fractionErrorRaw() - s.fractionErrorFused();
            assertTrue(fractionGain >= minFractionGain[e], s.symbol() + ": fraction error " + s.fractionErrorRaw()
                    + " -> " + s.fractionErrorFused() + ", improvement below " + minFractionGain[e]);
        }
    }

    /**
     * The tutorial preset (the notebook's numerics, same values) on the same phantom. Measured: SNR Dy 3.60 -> 8.10
     * (+4.49), Sc 3.92 -> 3.88 (-0.04), O 4.51 -> 5.52 (+1.02); fraction error Dy 0.168 -> 0.113, Sc 0.173 -> 0.162,
     * O 0.215 -> 0.178. Its anisotropic TV leaves the last rows and columns unsmoothed and Sc's SNR does not
     * improve, so only Dy's SNR and every element's composition are held to 60 % of what was measured.
     */
    @Test
    void tutorialPresetImprovesDyAndTheComposition() {
        FusionResult result = new FusionSolver(2).solve(phantom.problem(), FusionParameters.tutorialDyScO3());
        List<ElementScore> scores = PhantomScore.score(phantom, result.fusedMaps());
        print("tutorial preset", scores);
        assertTrue(scores.get(0).gainDb() >= 0.6 * 4.49, "Dy gain " + scores.get(0).gainDb());
        double[] minFractionGain = {0.6 * 0.055, 0.6 * 0.011, 0.6 * 0.037};
        for (int e = 0; e < 3; e++) {
            ElementScore s = scores.get(e);
            assertTrue(s.fractionErrorRaw() - s.fractionErrorFused() >= minFractionGain[e], s.symbol()
                    + ": fraction error " + s.fractionErrorRaw() + " -> " + s.fractionErrorFused());
        }
    }

    @Test
    void scoreIsPerfectForTheTruthAndBlindToGainAndOffset() {
        float[] t = phantom.truth().get(0);
        float[] scaled = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            scaled[i] = 3 * t[i] + 0.5f;
        }
        double[] ab = PhantomScore.affineFit(scaled, t);
        assertEquals(1 / 3.0, ab[0], 1e-6);
        assertEquals(-0.5 / 3, ab[1], 1e-6);
        assertTrue(PhantomScore.snrDb(PhantomScore.calibrate(scaled, t), t) > 100);
        List<ElementScore> perfect = PhantomScore.score(phantom, phantom.truth());
        for (ElementScore s : perfect) {
            assertTrue(s.snrFusedDb() > 100, s.symbol());
            assertEquals(0, s.fractionErrorFused(), 1e-6, s.symbol());
        }
    }

    private static void print(String title, List<ElementScore> scores) {
        System.out.println(title + " on the " + SIZE + " x " + SIZE + " phantom ("
                + PhantomSpec.defaults(SIZE, SIZE).mapDose() + " counts at full concentration)");
        System.out.println("| element | SNR raw (dB) | SNR fused (dB) | gain (dB) | fraction error raw | "
                + "fraction error fused |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (ElementScore s : scores) {
            System.out.printf(Locale.ROOT, "| %s | %.2f | %.2f | %+.2f | %.3f | %.3f |%n", s.symbol(), s.snrRawDb(),
                    s.snrFusedDb(), s.gainDb(), s.fractionErrorRaw(), s.fractionErrorFused());
        }
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
