package org.fusionj.core.xanes.phase;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.xanes.EnergySeries;
import org.fusionj.core.xanes.EnergyWindow;
import org.fusionj.core.xanes.SpectraMatrix;
import org.fusionj.core.xanes.XanesNormalisation;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.core.xanes.XanesPhantom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Phases without references on series of known chemistry: two discrete phases (k-means must find them), mixtures of
 * two states with known fractions (PCA must show two components, NMF must recover the states and their fractions),
 * several seeds, and bit-identical results for 1, 2 and 3 threads.
 */
class PhaseAnalysisTest {

    static final double E0 = 6549;
    static final double SHIFT = 5;
    static final int W = 40;
    static final int H = 30;

    /** Voxel (x, y) holds (1 - f) reduced + f oxidised, f from {@code fraction}, plus noise of SD 1/snr. */
    static EnergySeries series(double snr, long seed, java.util.function.IntToDoubleFunction fraction) {
        double[] e = XanesPhantom.energyGrid(E0);
        float[][][] planes = new float[e.length][1][W * H];
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int i = 0; i < W * H; i++) {
            double f = fraction.applyAsDouble(i);
            for (int k = 0; k < e.length; k++) {
                double mu = (1 - f) * XanesPhantom.stateMu(e[k], E0, E0, XanesPhantom.REDUCED_WHITE_LINE)
                        + f * XanesPhantom.stateMu(e[k], E0, E0 + SHIFT, XanesPhantom.OXIDISED_WHITE_LINE);
                planes[k][0][i] = (float) (mu + rnd.nextGaussian() / snr);
            }
        }
        return new EnergySeries(W, H, 1, e, planes);
    }

    static XanesParameters params() {
        return XanesParameters.builder().e0(E0).build();
    }

    static SpectraMatrix matrix(EnergySeries s, int threads) {
        return SpectraMatrix.of(s, params(), null, new EnergyWindow(-20, 30), threads, ProgressListener.NONE,
                CancellationToken.NEVER);
    }

    /** The normalised state spectra over the matrix energies. */
    static double[][] states(SpectraMatrix m) {
        double[] all = XanesPhantom.energyGrid(E0);
        XanesNormalisation norm = XanesNormalisation.of(all, params());
        double[][] out = new double[2][];
        for (int s = 0; s < 2; s++) {
            double[] mu = new double[all.length];
            for (int k = 0; k < all.length; k++) {
                mu[k] = s == 0 ? XanesPhantom.stateMu(all[k], E0, E0, XanesPhantom.REDUCED_WHITE_LINE)
                        : XanesPhantom.stateMu(all[k], E0, E0 + SHIFT, XanesPhantom.OXIDISED_WHITE_LINE);
            }
            double[] n = norm.normalise(mu);
            int from = java.util.Arrays.binarySearch(all, m.energies()[0]);
            out[s] = java.util.Arrays.copyOfRange(n, from, from + m.cols());
        }
        return out;
    }

    @Test
    @Timeout(120)
    void kMeansFindsTwoDiscretePhasesForEverySeedAndThreadCount() {
        for (long seed = 1; seed <= 3; seed++) {
            // left part reduced, right part oxidised, the boundary moving with the seed
            int edge = 10 + (int) (5 * seed);
            EnergySeries s = series(50, seed, i -> i % W < edge ? 0 : 1);
            KMeans.Result ref = null;
            for (int threads = 1; threads <= 3; threads++) {
                try (RowBlocks blocks = new RowBlocks(threads)) {
                    SpectraMatrix m = matrix(s, threads);
                    KMeans.Result r = KMeans.of(m, 2, seed, 100, blocks, ProgressListener.NONE,
                            CancellationToken.NEVER);
                    if (ref == null) {
                        ref = r;
                        double[][] truth = states(m);
                        for (int i = 0; i < W * H; i++) {
                            assertEquals(i % W < edge ? 1 : 2, r.labels()[0][i], "voxel " + i + ", seed " + seed);
                        }
                        for (int c = 0; c < 2; c++) {
                            for (int k = 0; k < m.cols(); k++) {
                                assertEquals(truth[c][k], r.centres()[c][k], 0.01);
                            }
                        }
                    } else {
                        for (int c = 0; c < 2; c++) {
                            assertArrayEquals(ref.centres()[c], r.centres()[c], 0, "threads " + threads);
                        }
                        assertArrayEquals(ref.labels()[0], r.labels()[0]);
                    }
                }
            }
        }
    }

    @Test
    @Timeout(120)
    void pcaShowsTwoComponentsAndNmfRecoversTheStatesAndFractions() {
        for (long seed = 1; seed <= 2; seed++) {
            SplittableRandom f = new SplittableRandom(seed + 10);
            double[] frac = new double[W * H];
            for (int i = 0; i < frac.length; i++) {
                frac[i] = f.nextDouble();
            }
            EnergySeries s = series(100, seed, i -> frac[i]);
            Pca.Result pca1;
            Nmf.Result nmf1;
            try (RowBlocks blocks = new RowBlocks(1)) {
                SpectraMatrix m = matrix(s, 1);
                pca1 = Pca.of(m, 3, blocks, CancellationToken.NEVER);
                nmf1 = Nmf.of(m, 2, seed, 500, blocks, ProgressListener.NONE, CancellationToken.NEVER);
                // two states: one component (about the mean) carries the chemistry, the others are noise
                assertTrue(pca1.explained()[0] > 0.95, "first component explains " + pca1.explained()[0]);
                assertTrue(pca1.eigenvalues()[1] < 0.01 * pca1.eigenvalues()[0], "second eigenvalue "
                        + pca1.eigenvalues()[1]);
                assertTrue(Math.abs(correlation(pca1.scores()[0][0], frac)) > 0.99);
                // NMF is unique only up to non-negative mixing: its components lie between the states (ordered from
                // reduced to oxidised) and reproduce the data to the noise level
                double[][] truth = states(m);
                double[] e = m.energies();
                double reduced = RowSums.halfCrossing(e, truth[0]);
                double oxidised = RowSums.halfCrossing(e, truth[1]);
                double c0 = RowSums.halfCrossing(e, nmf1.components()[0]);
                double c1 = RowSums.halfCrossing(e, nmf1.components()[1]);
                assertTrue(c0 < c1 && c0 < oxidised && c1 > reduced, c0 + ", " + c1);
                assertTrue(nmf1.residual() < 0.015, "NMF residual " + nmf1.residual() + " after " + nmf1.iterations()
                        + " iterations");
                assertTrue(correlation(nmf1.weights()[1][0], frac) > 0.97, "oxidised weight vs fraction");
                assertTrue(correlation(nmf1.weights()[0][0], frac) < -0.97, "reduced weight vs fraction");
            }
            try (RowBlocks blocks = new RowBlocks(3)) {
                SpectraMatrix m = matrix(s, 3);
                Pca.Result pca3 = Pca.of(m, 3, blocks, CancellationToken.NEVER);
                Nmf.Result nmf3 = Nmf.of(m, 2, seed, 500, blocks, ProgressListener.NONE, CancellationToken.NEVER);
                assertArrayEquals(pca1.eigenvalues(), pca3.eigenvalues(), 0);
                assertArrayEquals(pca1.scores()[0][0], pca3.scores()[0][0], 0);
                assertArrayEquals(nmf1.components()[0], nmf3.components()[0], 0);
                assertArrayEquals(nmf1.weights()[1][0], nmf3.weights()[1][0], 0);
            }
        }
    }

    @Test
    void badRequestsAreRefused() {
        EnergySeries s = series(50, 1, i -> 0);
        try (RowBlocks blocks = new RowBlocks(1)) {
            SpectraMatrix m = matrix(s, 1);
            assertThrows(InvalidInputException.class, () -> KMeans.of(m, 1, 1, 10, blocks, ProgressListener.NONE,
                    CancellationToken.NEVER));
            assertThrows(InvalidInputException.class, () -> Pca.of(m, m.cols() + 1, blocks,
                    CancellationToken.NEVER));
            assertThrows(InvalidInputException.class, () -> Nmf.of(m, 0, 1, 10, blocks, ProgressListener.NONE,
                    CancellationToken.NEVER));
        }
        String msg = assertThrows(InvalidInputException.class, () -> SpectraMatrix.of(s, params(), null,
                new EnergyWindow(-1, 1), 1, ProgressListener.NONE, CancellationToken.NEVER)).getMessage();
        assertTrue(msg.contains("phase-analysis window"), msg);
    }

    static double correlation(float[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < b.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= b.length;
        mb /= b.length;
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < b.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
