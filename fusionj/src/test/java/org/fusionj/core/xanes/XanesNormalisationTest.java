package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Normalisation recovers known pre/post lines exactly on noise-free data, and rejects windows it cannot fit. */
class XanesNormalisationTest {

    static final double E0 = 6539;
    static final double[] ENERGIES = XanesPhantom.energyGrid(E0);

    static XanesParameters params(int order) {
        return XanesParameters.builder().e0(E0).preEdge(-150, -30).postEdge(50, 300).postEdgeOrder(order).build();
    }

    /** Pre-edge line a + b t below E0 - 30, post-edge polynomial above E0 + 50, anything in between. */
    static double[] spectrum(double a, double b, double[] post) {
        double[] mu = new double[ENERGIES.length];
        for (int i = 0; i < mu.length; i++) {
            double t = ENERGIES[i] - E0;
            if (t <= -30) {
                mu[i] = a + b * t;
            } else if (t >= 50) {
                double v = 0;
                for (int k = post.length - 1; k >= 0; k--) {
                    v = v * t + post[k];
                }
                mu[i] = v;
            } else {
                mu[i] = 0.7 + Math.sin(t); // the edge region does not enter the fits
            }
        }
        return mu;
    }

    @Test
    void recoversLinesAndPolynomialsExactly() {
        for (int order = 0; order <= 2; order++) {
            double[] post = switch (order) {
                case 0 -> new double[] {1.7};
                case 1 -> new double[] {1.9, -0.0012};
                default -> new double[] {2.1, -0.0015, 2.5e-6};
            };
            double[] mu = spectrum(0.31, -4.0e-4, post);
            XanesNormalisation norm = XanesNormalisation.of(ENERGIES, params(order));
            XanesNormalisation.Fit fit = norm.fit(mu);
            assertEquals(0.31, fit.preAtE0(), 1e-12);
            assertEquals(-4.0e-4, fit.preSlopePerEv(), 1e-14);
            assertEquals(order + 1, fit.postCoefficients().length);
            assertArrayEquals(post, fit.postCoefficients(), 1e-11);
            assertEquals(post[0] - 0.31, fit.edgeJump(), 1e-12);
            assertEquals(0, fit.preEdgeNoise(), 1e-12);
            assertTrue(norm.passes(fit));
            double[] n = norm.normalise(mu);
            for (int i = 0; i < n.length; i++) {
                double t = ENERGIES[i] - E0;
                double expected = (mu[i] - (0.31 - 4.0e-4 * t)) / (post[0] - 0.31);
                assertEquals(expected, n[i], 1e-12, "energy " + ENERGIES[i]);
                if (t <= -30) {
                    assertEquals(0, n[i], 1e-12);
                }
            }
        }
    }

    @Test
    void theMapperAgreesWithTheSingleSpectrumFit() {
        double[] mu = spectrum(0.2, 1e-4, new double[] {1.4, -0.001});
        EnergySeries s = TestSeries.uniform(3, 2, 2, ENERGIES, e -> {
            int i = java.util.Arrays.binarySearch(ENERGIES, e);
            return mu[i];
        });
        XanesParameters p = params(1).toBuilder().edgeJumpMap(true).build();
        XanesMaps maps = new XanesMapper(1).map(s, p);
        double[] asFloat = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            asFloat[i] = (float) mu[i];
        }
        double jump = XanesNormalisation.of(ENERGIES, p).fit(asFloat).edgeJump();
        assertEquals((float) jump, maps.edgeJump()[1][5], 1e-6f);
        assertEquals(12, maps.counts().included());
    }

    @Test
    void noiseIsTheResidualStandardDeviation() {
        double[] mu = spectrum(0.2, 0, new double[] {1.2});
        // alternate +-d on the pre-edge points: the fitted line absorbs a little, the rest is residual
        int count = 0;
        for (int i = 0; i < mu.length; i++) {
            if (ENERGIES[i] - E0 <= -30 && ENERGIES[i] - E0 >= -150) {
                mu[i] += (count++ % 2 == 0 ? 0.01 : -0.01);
            }
        }
        XanesNormalisation norm = XanesNormalisation.of(ENERGIES, params(0));
        XanesNormalisation.Fit fit = norm.fit(mu);
        double ss = 0;
        for (int i = 0; i < mu.length; i++) {
            double t = ENERGIES[i] - E0;
            if (t <= -30 && t >= -150) {
                double r = mu[i] - fit.preEdge(ENERGIES[i]);
                ss += r * r;
            }
        }
        assertEquals(norm.preEdgePoints(), count);
        assertEquals(Math.sqrt(ss / (count - 2)), fit.preEdgeNoise(), 1e-12);
        assertTrue(fit.preEdgeNoise() > 0.008);
    }

    @Test
    void jumpThresholdDecidesTheMask() {
        double[] mu = spectrum(0.2, 0, new double[] {0.25});
        int count = 0;
        for (int i = 0; i < mu.length; i++) {
            if (ENERGIES[i] - E0 <= -30 && ENERGIES[i] - E0 >= -150) {
                mu[i] += (count++ % 2 == 0 ? 0.02 : -0.02);
            }
        }
        XanesNormalisation.Fit fit = XanesNormalisation.of(ENERGIES, params(0)).fit(mu);
        double ratio = fit.edgeJump() / fit.preEdgeNoise();
        assertTrue(XanesNormalisation.of(ENERGIES, params(0).toBuilder().jumpThreshold(ratio * 0.99).build())
                .passes(fit));
        assertFalse(XanesNormalisation.of(ENERGIES, params(0).toBuilder().jumpThreshold(ratio * 1.01).build())
                .passes(fit));
        double[] negative = spectrum(1.0, 0, new double[] {0.5});
        assertFalse(XanesNormalisation.of(ENERGIES, params(0).toBuilder().jumpThreshold(0).build())
                .passes(XanesNormalisation.of(ENERGIES, params(0)).fit(negative)));
    }

    @Test
    void windowsOutsideTheEnergiesAreRejected() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> XanesNormalisation.of(ENERGIES,
                params(1).toBuilder().preEdge(-400, -300).build()));
        assertTrue(e.getMessage().contains("pre-edge window 6139 to 6239 eV (E0 - 400 to E0 - 300) lies outside "
                + "the measured energies 6374 to 6863 eV"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> XanesNormalisation.of(ENERGIES,
                params(1).toBuilder().postEdge(400, 500).build()));
        assertTrue(e.getMessage().contains("post-edge window"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> XanesNormalisation.of(ENERGIES,
                params(1).toBuilder().e0(7112).build()));
        assertTrue(e.getMessage().contains("e0 = 7112 eV lies outside the measured energies"), e.getMessage());
    }

    @Test
    void tooFewPointsNameFoundAndNeeded() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> XanesNormalisation.of(ENERGIES,
                params(1).toBuilder().preEdge(-35, -29).build()));
        assertTrue(e.getMessage().contains("(E0 - 35 to E0 - 29) holds 1 energy; the pre-edge line needs at "
                + "least 2"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> XanesNormalisation.of(ENERGIES,
                params(2).toBuilder().postEdge(80, 110).build()));
        assertTrue(e.getMessage().contains("holds 2 energies; a quadratic (post_order 2) needs at least 3"),
                e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> XanesNormalisation.of(ENERGIES,
                params(1).toBuilder().postEdge(80, 90).build()));
        assertTrue(e.getMessage().contains("holds 1 energy; a line (post_order 1) needs at least 2"),
                e.getMessage());
    }

    /**
     * The case: 15 eV steps below the edge leave two energies (-45 and -30 eV) in -50..-28 eV. The line is exact
     * and the jump test's noise comes from the post-edge residual; refused only when that has no degree of freedom.
     */
    @Test
    void twoPointPreEdgeTakesTheNoiseFromThePostEdge() {
        double e0 = 6549;
        double[] energies = XanesPhantom.energyGrid(e0);
        XanesParameters p = XanesParameters.builder().e0(e0).preEdge(-50, -28).postEdge(50, 300).build();
        XanesNormalisation norm = XanesNormalisation.of(energies, p);
        assertEquals(2, norm.preEdgePoints());
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        double sigma = 0.02;
        double sum = 0;
        int n = 400;
        for (int k = 0; k < n; k++) {
            double[] mu = new double[energies.length];
            for (int i = 0; i < mu.length; i++) {
                mu[i] = XanesPhantom.stateMu(energies[i], e0, e0, 0.6) + sigma * rnd.nextGaussian();
            }
            XanesNormalisation.Fit f = norm.fit(mu);
            sum += f.preEdgeNoise() * f.preEdgeNoise();
            assertEquals(f.edgeJump(), norm.fit(mu).edgeJump(), 0);
        }
        // the post-edge residual holds only noise here (the model's post-edge is a line): its SD estimates sigma
        assertEquals(sigma, Math.sqrt(sum / n), 0.1 * sigma);
        XanesMaps maps = new XanesMapper(2).map(TestSeries.uniform(3, 3, 1, energies,
                e -> XanesPhantom.stateMu(e, e0, e0, 0.6)), p);
        assertEquals(9, maps.counts().included());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> XanesNormalisation.of(energies,
                p.toBuilder().postEdge(80, 90).postEdgeOrder(0).build()));
        assertTrue(e.getMessage().contains("post-edge residual") && e.getMessage().contains("jump_threshold 0"),
                e.getMessage());
        assertEquals(2, XanesNormalisation.of(energies, p.toBuilder().postEdge(80, 90).postEdgeOrder(0)
                .jumpThreshold(0).build()).preEdgePoints());
    }
}
