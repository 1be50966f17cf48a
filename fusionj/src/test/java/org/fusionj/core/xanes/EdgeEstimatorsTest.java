package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.function.DoubleUnaryOperator;

import org.junit.jupiter.api.Test;

/**
 * Each interpolating estimator ({@link EdgeEstimator#INTERPOLATE}) is exact on the shape its local model represents:
 * the normalised spectrum is made 0 in the pre-edge window and 1 in the post-edge window (post order 0), so it equals
 * the chosen shape in between. The fitted estimator is tested in {@link EdgeModelTest}.
 */
class EdgeEstimatorsTest {

    static final double E0 = 7000;

    /** Pre -100..-40 every 10 eV, fine -30..+35 every {@code step}, post +40..+140 every 10 eV. */
    static double[] energies(double step) {
        return TestSeries.concat(TestSeries.range(E0, -100, -40, 10), TestSeries.range(E0, -30, 35, step),
                TestSeries.range(E0, 40, 140, 10));
    }

    static XanesMaps map(double step, DoubleUnaryOperator shape) {
        DoubleUnaryOperator mu = e -> e - E0 <= -40 ? 0 : e - E0 >= 40 ? 1 : shape.applyAsDouble(e - E0);
        EnergySeries s = TestSeries.uniform(2, 1, 1, energies(step), mu);
        XanesParameters p = XanesParameters.builder().e0(E0).preEdge(-100, -40).postEdge(40, 140).postEdgeOrder(0)
                .methods(EnumSet.allOf(EdgeMethod.class)).edgeJumpMap(true)
                .edgeEstimator(EdgeEstimator.INTERPOLATE).build();
        return new XanesMapper(1).map(s, p);
    }

    @Test
    void linearRampGivesTheExactHalfHeight() {
        double c = 0.37;
        XanesMaps m = map(3, x -> 0.5 + (x - c) / 20);
        assertEquals(E0 + c, m.halfHeight()[0][0], 1e-3);
        assertEquals(E0 + c, m.halfHeightCubic()[0][0], 1e-3);
        assertEquals(1.0, m.edgeJump()[0][0], 1e-6);
    }

    @Test
    void cubicShapeGivesTheExactCubicHalfHeight() {
        double c = 1.234;
        XanesMaps m = map(3, x -> 0.5 + 0.05 * (x - c) + 0.0004 * Math.pow(x - c, 3));
        assertEquals(E0 + c, m.halfHeightCubic()[0][0], 1e-3);
        // the chord of the cubic crosses elsewhere: the linear estimate is not exact here
        assertTrue(Math.abs(m.halfHeight()[0][0] - (E0 + c)) > 1e-3);
    }

    @Test
    void derivativeParabolaGivesTheExactMaximumOnNonUniformEnergies() {
        double c = -0.8;
        // f' = 0.1 - 0.0004 (x - c)^2: a single maximum at c; sampled with 3 eV steps except around the edge
        XanesMaps m = map(3, x -> 0.5 + 0.1 * (x - c) - 0.0004 * Math.pow(x - c, 3) / 3);
        assertEquals(E0 + c, m.maxDerivative()[0][0], 1e-3);
        XanesMaps fine = map(0.5, x -> 0.5 + 0.1 * (x - c) - 0.0004 * Math.pow(x - c, 3) / 3);
        assertEquals(E0 + c, fine.maxDerivative()[0][0], 1e-3);
    }

    @Test
    void arctanEdgeOnFineEnergiesIsFoundByEveryEdgeMethod() {
        double c = 2.2;
        XanesMaps m = map(0.5, x -> 0.5 + Math.atan((x - c) / 2) / Math.PI);
        assertEquals(E0 + c, m.halfHeight()[0][0], 0.01);
        assertEquals(E0 + c, m.halfHeightCubic()[0][0], 0.002);
        assertEquals(E0 + c, m.maxDerivative()[0][0], 0.02);
    }

    @Test
    void whiteLineParabolaGivesTheExactPeak() {
        double p = 12.3;
        XanesMaps m = map(3, x -> 1.5 - 0.01 * (x - p) * (x - p));
        assertEquals(E0 + p, m.whiteLineEnergy()[0][0], 1e-3);
        assertEquals(1.5, m.whiteLineHeight()[0][0], 1e-5);
    }

    @Test
    void noCrossingAndNoPeakGiveNaN() {
        // rises ever faster, but only to 0.4 inside the edge window, then jumps in the post-edge window
        XanesMaps m = map(3, x -> 0.4 * Math.pow((x + 30) / 65, 2));
        assertTrue(Float.isNaN(m.halfHeight()[0][0]));
        assertTrue(Float.isNaN(m.halfHeightCubic()[0][0]));
        // monotone: the white-line maximum sits at the window's end, the parabola's vertex is outside
        assertTrue(Float.isNaN(m.whiteLineEnergy()[0][0]));
        assertEquals(1, m.counts().included() / 2);
        // the steepest rise is at the window's end: the derivative's maximum lands on the window's limit, flagged
        assertTrue(Float.isNaN(m.maxDerivative()[0][0]));
        assertEquals(1, m.windowLimit()[0][0]);
        assertEquals(2, m.counts().atWindowLimit());
    }

    @Test
    void theFittedModelNeedsNineEnergiesInItsDefaultWindow() {
        double e0 = 6549;
        double[] paperSteps = new double[13]; // 3 eV steps from E0 - 12 to E0 + 24: 13 inside -15..+25
        for (int i = 0; i < paperSteps.length; i++) {
            paperSteps[i] = e0 - 12 + 3 * i;
        }
        assertTrue(XanesParameters.samplesEdgeForFit(paperSteps, e0));
        double[] coarse = new double[12]; // a 12-energy uniform grid over 250 eV: 2 inside the window
        for (int i = 0; i < coarse.length; i++) {
            coarse[i] = e0 - 100 + 250.0 * i / 11;
        }
        assertFalse(XanesParameters.samplesEdgeForFit(coarse, e0));
    }
}
