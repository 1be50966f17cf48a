package org.fusionj.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one erf (Abramowitz-Stegun 7.1.26): its stated accuracy, symmetry, limits and the two entry points agree. */
class ErfTest {

    /** erf by its Taylor series, exact to about 1e-11 for |z| <= 4 in double. */
    private static double series(double z) {
        double term = z;
        double sum = z;
        for (int n = 1; n < 200; n++) {
            term *= -z * z / n;
            double add = term / (2 * n + 1);
            sum += add;
            if (Math.abs(add) < 1e-18) {
                break;
            }
        }
        return 2 / Math.sqrt(Math.PI) * sum;
    }

    @Test
    void isWithinItsStatedErrorOfTabulatedValues() {
        double[][] table = {{0.1, 0.1124629160182849}, {0.5, 0.5204998778130465}, {1, 0.8427007929497149},
            {2, 0.9953222650189527}, {3, 0.9999779095030014}};
        for (double[] row : table) {
            assertEquals(row[1], Erf.erf(row[0]), 1.5e-7, "erf(" + row[0] + ")");
            assertEquals(-row[1], Erf.erf(-row[0]), 1.5e-7, "erf(" + -row[0] + ")");
        }
    }

    @Test
    void isWithinItsStatedErrorEverywhereAndOdd() {
        double worst = 0;
        for (int i = -8000; i <= 8000; i++) {
            double z = i * 0.001;
            double truth = Math.abs(z) <= 4 ? series(z) : Math.signum(z);
            worst = Math.max(worst, Math.abs(Erf.erf(z) - truth));
            if (z != 0) {
                assertEquals(-Erf.erf(z), Erf.erf(-z), 0, "odd at " + z);
            }
        }
        assertTrue(worst < 1.5e-7, "largest error " + worst);
        assertTrue(worst > 1e-9, "the approximation's error should show against the series: " + worst);
    }

    @Test
    void reachesPlusAndMinusOneAndKeepsNaN() {
        assertEquals(1, Erf.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1, Erf.erf(Double.NEGATIVE_INFINITY));
        assertEquals(1, Erf.erf(40));
        assertEquals(-1, Erf.erf(-40));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
    }

    @Test
    void theGaussianTakingFormGivesTheSameBits() {
        for (int i = -3000; i <= 3000; i++) {
            double z = i * 0.00173;
            assertEquals(Erf.erf(z), Erf.erf(z, Math.exp(-z * z)), 0, "at " + z);
        }
    }
}
