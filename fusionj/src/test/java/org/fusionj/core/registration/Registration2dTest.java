package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.registration.phantom.Series2dPhantom;
import org.fusionj.core.registration.phantom.TransformError;
import org.fusionj.core.spectral.FlatFieldCorrection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * 2-D XANES stacks: generated series with known drift, rotation, magnification changing with energy and gain
 * changing across the edge, registered with both metrics, to the fixed energy and along the chain; the target is a
 * mean error of at most 0.05 pixel over the particle pixels, for every seed (and on fresh seeds, stack lengths, noise
 * levels and magnifications). 1 and 3 (4) threads give the same bits; raw
 * counts through the flat/dark/i0 correction register as well as the absorbance images.
 */
class Registration2dTest {

    static final int N = 128;

    static SeriesRegistrar.VolumeSource source(Series2dPhantom p, boolean raw) {
        return SeriesRegistrar.VolumeSource.of(p.count(), index -> {
            Volume a = p.image(index);
            if (!raw) {
                return a;
            }
            // through the detector and back: counts, then the flat/dark/i0 correction
            float[][] corrected = FlatFieldCorrection.apply(new float[][] {p.raw(a, index).data()},
                    new float[][] {p.flatImage().data()}, new float[][] {p.darkImage().data()},
                    new double[] {p.i0(index)}, true, new RowBlocks(1)).frames();
            return new Volume(N, N, 1, corrected[0]);
        });
    }

    static List<PairResult> run(Series2dPhantom p, RegistrationParameters params, int threads, boolean raw) {
        try (RowBlocks blocks = new RowBlocks(threads)) {
            return new SeriesRegistrar(params, blocks, ProgressListener.NONE, CancellationToken.NEVER)
                    .register(source(p, raw), p.count() - 1, (i, r, v) -> { });
        }
    }

    static double meanError(Series2dPhantom p, List<PairResult> results) {
        int[] labels = p.labels();
        double sum = 0;
        for (int i = 0; i < p.count(); i++) {
            AffineTransform3D t = p.motion(i);
            sum += TransformError.of(results.get(i).field(), new AffineTransform3D[] {t, t, t}, labels, N, N).mean();
        }
        return sum / p.count();
    }

    @Test
    @Timeout(300)
    void stacksWithDriftMagnificationAndGainRegisterToAFewHundredthsOfAPixel() {
        String[][] cases = {{"mse", "similarity", "false"}, {"ncc", "similarity", "false"}, {"ncc", "affine", "false"},
            {"mse", "similarity", "true"}, {"ncc", "similarity", "true"}};
        StringBuilder report = new StringBuilder();
        double worst = 0;
        double worstMse = 0;
        double sumMse = 0;
        int countMse = 0;
        for (long seed = 1; seed <= 6; seed++) {
            Series2dPhantom p = new Series2dPhantom(N, 10, 1.5, 0.01, 0.02, seed);
            for (String[] c : cases) {
                RegistrationParameters params = RegistrationParameters.builder().metric(RegistrationMetric.parse(c[0]))
                        .transform(TransformType.parse(c[1])).chain(Boolean.parseBoolean(c[2])).build();
                double e = meanError(p, run(p, params, 2, false));
                report.append(String.format(Locale.ROOT, "[registration 2d] seed %d, %s %s%s: mean error %.4f px%n",
                        seed, c[0], c[1], c[2].equals("true") ? " chain" : "", e));
                if (c[0].equals("ncc")) {
                    worst = Math.max(worst, e);
                } else {
                    worstMse = Math.max(worstMse, e);
                    sumMse += e;
                    countMse++;
                }
            }
            // translation only cannot follow the magnification: about a pixel at the image's edge
            double t = meanError(p, run(p, RegistrationParameters.builder().transform(TransformType.TRANSLATION)
                    .build(), 2, false));
            report.append(String.format(Locale.ROOT, "[registration 2d] seed %d, mse translation: mean error %.4f px "
                    + "(the magnification is not modelled)%n", seed, t));
            assertTrue(t > 0.1, "translation should miss the magnification: " + t);
        }
        System.out.print(report);
        assertTrue(worst <= 0.05, "NCC, worst mean error " + worst);
        // binarised MSE compares soft masks (PreparedVolume.softMask): a hard mask snaps every edge to the pixel grid
        // and left 0.052-0.055 px on seeds 3, 5 and 6 (0.041 px on average); now every seed and mode meets the target
        assertTrue(worstMse <= 0.05, "MSE, worst mean error " + worstMse + " (mean over the seeds " + sumMse / countMse
                + ")");
    }

    /**
     * Seeds, stack lengths, noise and magnifications the soft mask's width was not chosen on (it was chosen on seeds
     * 1 to 8, 10 energies, noise 0.02 and 0.05, 1 % magnification): every stack meets 0.05 px with binarised MSE.
     */
    @Test
    @Timeout(300)
    void binarisedMseMeetsTheTargetOnFreshSeeds() {
        double[][] cases = {{101, 16, 0.02, 0.01}, {102, 16, 0.02, 0.01}, {103, 12, 0.03, 0.02},
            {104, 12, 0.01, 0.02}, {105, 8, 0.02, 0.005}, {106, 20, 0.02, 0.01}};
        RegistrationParameters params = RegistrationParameters.builder().metric(RegistrationMetric.MSE)
                .transform(TransformType.SIMILARITY).build();
        StringBuilder report = new StringBuilder();
        double worst = 0;
        for (double[] c : cases) {
            Series2dPhantom p = new Series2dPhantom(N, (int) c[1], 1.5, c[3], c[2], (long) c[0]);
            double e = meanError(p, run(p, params, 2, false));
            report.append(String.format(Locale.ROOT, "[registration 2d] fresh seed %d, %d energies, noise %.2f, "
                    + "magnification %.1f %%: mse similarity mean error %.4f px%n", (long) c[0], (int) c[1], c[2],
                    100 * c[3], e));
            worst = Math.max(worst, e);
        }
        System.out.print(report);
        assertTrue(worst <= 0.05, "binarised MSE on fresh seeds, worst mean error " + worst);
    }

    @Test
    @Timeout(300)
    void rawCountsThroughTheFlatFieldCorrectionAndAnyThreadCountGiveTheSameAnswer() {
        Series2dPhantom p = new Series2dPhantom(N, 6, 1.5, 0.01, 0.02, 4);
        RegistrationParameters params = RegistrationParameters.builder().metric(RegistrationMetric.NCC)
                .transform(TransformType.SIMILARITY).build();
        List<PairResult> one = run(p, params, 1, true);
        assertSameBits(one, run(p, params, 3, true), "ncc");
        // binarised MSE (soft masks) too
        RegistrationParameters mse = RegistrationParameters.builder().metric(RegistrationMetric.MSE)
                .transform(TransformType.SIMILARITY).build();
        assertSameBits(run(p, mse, 1, true), run(p, mse, 4, true), "mse");
        double e = meanError(p, one);
        System.out.printf(Locale.ROOT, "[registration 2d] raw counts, flat/dark/i0 corrected, ncc similarity: mean "
                + "error %.4f px%n", e);
        assertTrue(e <= 0.05, "raw counts: " + e);
        // every transform stays in the plane
        for (PairResult r : one) {
            double[] m = r.global().rows3x4();
            assertEquals(0, m[2], 1e-12);
            assertEquals(0, m[6], 1e-12);
            assertEquals(1, m[10], 1e-12);
            assertEquals(0, m[11], 1e-9);
        }
    }

    static void assertSameBits(List<PairResult> a, List<PairResult> b, String what) {
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).global().rows3x4(), b.get(i).global().rows3x4(), 0, what + " image " + i);
            assertEquals(a.get(i).after().mse(), b.get(i).after().mse(), 0, what + " image " + i);
        }
    }
}
