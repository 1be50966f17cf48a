package org.fusionj.core.dictionary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;
import org.junit.jupiter.api.Test;

/** Determinism, atom constraints, strides and the bad input the issue lists. */
class LearnerBehaviourTest {

    private static final LearnParameters SMALL = LearnParameters.builder().patchSize(6).atoms(48).steps(30)
            .batchSize(64).trainingPatches(2000).build();

    static ImagePlane texture(String name, int w, int h, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] px = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                px[y * w + x] = (float) (0.5 + 0.3 * Math.sin(x * 0.4 + y * 0.15) * Math.cos(y * 0.3)
                        + 0.05 * r.nextGaussian());
            }
        }
        return new ImagePlane(name, w, h, px);
    }

    private static LearnResult learn(List<ImagePlane> images, LearnParameters p, int threads) {
        return OnlineDictionaryLearner.learn(images, null, p, threads, ProgressListener.NONE,
                CancellationToken.NEVER);
    }

    @Test
    void sameSeedAndStepsGiveTheSameDictionaryOnAnyThreadCount() {
        ImagePlane img = texture("stem", 96, 80, 1);
        Dictionary one = learn(List.of(img), SMALL, 1).dictionary();
        Dictionary two = learn(List.of(img), SMALL, 2).dictionary();
        assertArrayEquals(one.codingAtoms(), two.codingAtoms());
        Dictionary other = learn(List.of(img), SMALL.toBuilder().seed(7).build(), 2).dictionary();
        assertFalse(java.util.Arrays.equals(one.codingAtoms(), other.codingAtoms()), "the seed has no effect");
        for (int a = 0; a < one.atomCount(); a++) {
            double n = 0;
            for (int i = 0; i < one.patchLength(); i++) {
                n += Math.pow(one.codingAtoms()[a * one.patchLength() + i], 2);
            }
            assertTrue(Math.sqrt(n) <= 1 + 1e-12, "atom " + a + " outside the unit ball");
        }
    }

    @Test
    void coupledAtomsHaveUnitNormLowResolutionHalves() {
        ImagePlane img = texture("stem", 96, 80, 2);
        LearnParameters p = SMALL.toBuilder().mode(DictionaryMode.COUPLED).psfSigma(1.5).noiseSigma(0.02).build();
        Dictionary d = learn(List.of(img), p, 2).dictionary();
        assertEquals(DictionaryMode.COUPLED, d.mode());
        assertEquals(1.5, d.info().psfSigma());
        for (int a = 0; a < d.atomCount(); a++) {
            double n = 0;
            for (int i = 0; i < d.patchLength(); i++) {
                n += Math.pow(d.codingAtoms()[a * d.patchLength() + i], 2);
            }
            assertEquals(1, Math.sqrt(n), 1e-9, "LR atom " + a);
        }
    }

    @Test
    void stridedWindowedEnhancementCoversEveryPixelAndNeedsFewerPatches() {
        ImagePlane img = texture("stem", 64, 50, 3);
        Dictionary d = learn(List.of(img), SMALL, 2).dictionary();
        ImagePlane txm = texture("txm", 45, 37, 4);
        PatchEnhancer strided = new PatchEnhancer(d, new EnhanceParameters(CoderSettings.omp(3), 3,
                OverlapWeighting.WINDOWED));
        // corners 0,3,...,39 (14) along x; 0,3,...,30 and 31 (12) along y
        assertEquals(14L * 12, strided.patchCount(45, 37));
        float[] out = strided.enhance(txm, 2, ProgressListener.NONE, CancellationToken.NEVER);
        double err = 0;
        for (int i = 0; i < out.length; i++) {
            assertTrue(Float.isFinite(out[i]), "pixel " + i + " not covered");
            err += Math.abs(out[i] - txm.pixels()[i]);
        }
        assertTrue(err / out.length < 0.1, "strided result far from the input: " + err / out.length);
    }

    @Test
    void cancellingStopsLearningAndEnhancing() {
        ImagePlane img = texture("stem", 64, 64, 5);
        CancellationToken token = new CancellationToken();
        token.cancel();
        assertThrows(CancelledException.class, () -> OnlineDictionaryLearner.learn(List.of(img), null, SMALL, 1,
                ProgressListener.NONE, token));
        Dictionary d = learn(List.of(img), SMALL.toBuilder().steps(2).build(), 1).dictionary();
        assertThrows(CancelledException.class, () -> new PatchEnhancer(d, EnhanceParameters.of(
                CoderSettings.omp(2))).enhance(img, 2, ProgressListener.NONE, token));
    }

    @Test
    void patchLargerThanTheImageIsRefused() {
        ImagePlane tiny = texture("tiny", 5, 7, 6);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> learn(List.of(tiny), SMALL, 1));
        assertTrue(e.getMessage().contains("larger than the image"), e.getMessage());
        Dictionary d = learn(List.of(texture("stem", 40, 40, 7)), SMALL.toBuilder().steps(2).build(), 1)
                .dictionary();
        e = assertThrows(InvalidInputException.class, () -> new PatchEnhancer(d, EnhanceParameters.of(
                CoderSettings.omp(2))).enhance(tiny, 1, ProgressListener.NONE, CancellationToken.NEVER));
        assertTrue(e.getMessage().contains("larger than the image"), e.getMessage());
    }

    @Test
    void zeroAtomsIsRefusedAndFewerAtomsThanPixelsWarns() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SMALL.toBuilder().atoms(0).build());
        assertTrue(e.getMessage().contains("atoms"), e.getMessage());
        LearnResult r = learn(List.of(texture("stem", 40, 40, 8)), SMALL.toBuilder().atoms(20).steps(3).build(), 1);
        assertEquals(1, r.warnings().size());
        assertTrue(r.warnings().get(0).contains("not over-complete"), r.warnings().get(0));
        assertTrue(learn(List.of(texture("stem", 40, 40, 8)), SMALL.toBuilder().steps(3).build(), 1).warnings()
                .isEmpty());
    }

    @Test
    void alphaMustBePositive() {
        assertThrows(InvalidInputException.class, () -> CoderSettings.lasso(0));
        assertThrows(InvalidInputException.class, () -> CoderSettings.lasso(-1));
        assertThrows(InvalidInputException.class, () -> CoderSettings.lasso(Double.NaN));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SMALL.toBuilder().alpha(0).build());
        assertTrue(e.getMessage().contains("alpha"), e.getMessage());
    }

    @Test
    void nanPixelsAndMixedSizesAreRefused() {
        ImagePlane good = texture("a", 40, 40, 9);
        float[] px = good.pixels().clone();
        px[17] = Float.NaN;
        ImagePlane bad = new ImagePlane("txm", 40, 40, px);
        Dictionary d = learn(List.of(good), SMALL.toBuilder().steps(2).build(), 1).dictionary();
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new PatchEnhancer(d,
                EnhanceParameters.of(CoderSettings.omp(2))).enhance(bad, 1, ProgressListener.NONE,
                        CancellationToken.NEVER));
        assertTrue(e.getMessage().contains("NaN"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> learn(List.of(good, texture("b", 41, 40, 1)), SMALL, 1));
        assertTrue(e.getMessage().contains("mix sizes"), e.getMessage());
    }

    @Test
    void inconsistentDictionaryIsRefused() {
        DictionaryInfo info = new DictionaryInfo(DictionaryMode.PLAIN, Double.NaN, Double.NaN, 0, 1, 1, 1, 32,
                Double.NaN, "");
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> Dictionary.plain(8, 10, new double[64 * 9], 0.1, info));
        assertTrue(e.getMessage().contains("do not match"), e.getMessage());
        double[] big = new double[64];
        big[0] = 2;
        e = assertThrows(InvalidInputException.class, () -> Dictionary.plain(8, 1, big, 0.1, info));
        assertTrue(e.getMessage().contains("norm"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> Dictionary.plain(8, 1, new double[64], 0, info));
    }
}
