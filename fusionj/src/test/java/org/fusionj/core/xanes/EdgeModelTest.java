package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.DoubleUnaryOperator;

import org.fusionj.core.math.Erf;
import org.junit.jupiter.api.Test;

/** The edge model recovers spectra of its own family exactly from 3 eV samples, and fails cleanly on junk. */
class EdgeModelTest {

    static final double[] E = TestSeries.range(7000, -30, 45, 3);

    static double[] sample(DoubleUnaryOperator f) {
        double[] n = new double[E.length];
        for (int i = 0; i < n.length; i++) {
            n[i] = f.applyAsDouble(E[i]);
        }
        return n;
    }

    /** A member of the model's own family, with true values computed on the continuous curve. */
    static DoubleUnaryOperator member(double c, double fwhm, double mixL, double h, double p, double w) {
        double g = fwhm / 2;
        double s = fwhm / (2 * Math.sqrt(2 * Math.log(2)));
        return e -> mixL * (0.5 + Math.atan((e - c) / g) / Math.PI)
                + (1 - mixL) * 0.5 * (1 + Erf.erf((e - c) / (s * Math.sqrt(2))))
                + h * Math.exp(-0.5 * (e - p) * (e - p) / (w * w));
    }

    @Test
    void membersOfTheFamilyAreRecoveredBetweenTheSamples() {
        double[][] cases = {{7001.3, 5, 1, 0.6, 7009.0, 3.5}, {7000.2, 4, 0, 0.9, 7007.5, 3}, {7002.7, 6, 0.5, 0.3,
            7010, 4}, {7000.0, 3, 0.3, 0, 7008, 3}};
        EdgeModel model = new EdgeModel(E.length);
        for (double[] c : cases) {
            DoubleUnaryOperator f = member(c[0], c[1], c[2], c[3], c[4], c[5]);
            double[] n = sample(f);
            int from = 0;
            while (E[from] < c[0] - 1 - 15) {
                from++;
            }
            int to = from;
            while (to < E.length && E[to] <= c[0] - 1 + 25) {
                to++;
            }
            assertTrue(model.fit(E, n, from, to, c[0] - 1));
            for (double e = c[0] - 10; e <= c[0] + 20; e += 0.37) {
                assertEquals(f.applyAsDouble(e), model.value(e), 2e-4, "case " + c[0] + " at " + e);
            }
            double half = model.crossing(0.5, 6980, 7020);
            assertEquals(0.5, f.applyAsDouble(half), 1e-4);
        }
    }

    /**
     * The refit with a shared white-line width: a prior weighted by the residual variance of an exact fit (near 0)
     * leaves the step centre where it was, a held width is held, and a prior on the true width pulls a noisy fit's
     * width towards it.
     */
    @Test
    void refitWithASharedWidthHoldsOrPullsTheWidthOnlyAsFarAsAsked() {
        DoubleUnaryOperator f = member(7001.3, 5, 1, 0.6, 7009.0, 3.5);
        double[] n = sample(f);
        int from = 0;
        while (E[from] < 7000.3 - 15) {
            from++;
        }
        int to = from;
        while (to < E.length && E[to] <= 7000.3 + 25) {
            to++;
        }
        EdgeModel model = new EdgeModel(E.length);
        assertTrue(model.fit(E, n, from, to, 7000.3));
        double free = model.stepCentre();
        double variance = model.residualSumOfSquares() / (model.sampleCount() - EdgeModel.PARAMETERS);
        assertTrue(variance < 1e-8, "an exact fit: " + variance);
        // a prior centred 1 eV off, SD 0.2 eV, weighted by the (near zero) residual variance: no pull
        assertTrue(model.refit(2.5, variance / 0.04));
        assertEquals(free, model.stepCentre(), 1e-3);
        assertEquals(3.5, model.peakWidth(), 1e-2);
        // held
        assertTrue(model.fit(E, n, from, to, 7000.3));
        assertTrue(model.refit(3.2, Double.POSITIVE_INFINITY));
        assertEquals(3.2, model.peakWidth(), 0);
        // a noisy spectrum: the prior on the true width brings the width closer to it than the free fit
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        double[] noisy = n.clone();
        for (int i = 0; i < noisy.length; i++) {
            noisy[i] += r.nextGaussian() / 50;
        }
        assertTrue(model.fit(E, noisy, from, to, 7000.3));
        double freeWidth = model.peakWidth();
        double v = model.residualSumOfSquares() / (model.sampleCount() - EdgeModel.PARAMETERS);
        assertTrue(model.refit(3.5, v / (0.1 * 0.1)));
        assertTrue(Math.abs(model.peakWidth() - 3.5) < Math.abs(freeWidth - 3.5) || freeWidth == 3.5,
                "free " + freeWidth + ", shared " + model.peakWidth());
    }

    @Test
    void flatOrNonFiniteSpectraDoNotThrow() {
        EdgeModel model = new EdgeModel(E.length);
        double[] flat = new double[E.length];
        assertTrue(model.fit(E, flat, 0, E.length, 7000));
        assertTrue(Double.isNaN(model.crossing(0.5, 6980, 7020)));
        double[] bad = sample(e -> 0.5);
        bad[3] = Double.NaN;
        assertFalse(model.fit(E, bad, 0, E.length, 7000));
        assertFalse(model.fit(E, flat, 0, 5, 7000), "fewer samples than parameters + 1");
    }
}
