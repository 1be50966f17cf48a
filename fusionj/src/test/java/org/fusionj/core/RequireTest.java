package org.fusionj.core;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The shared range checks: the edges they accept, what they refuse (NaN and infinities always), their words. */
class RequireTest {

    private static String refusal(Executable check) {
        return assertThrows(InvalidInputException.class, check).getMessage();
    }

    @Test
    void positiveAcceptsAnyFiniteNumberAboveZero() {
        assertDoesNotThrow(() -> Require.positive("bkg", Double.MIN_VALUE));
        assertDoesNotThrow(() -> Require.positive("bkg", Double.MAX_VALUE));
        assertEquals("bkg must be a positive number, got 0.0", refusal(() -> Require.positive("bkg", 0)));
        assertEquals("bkg must be a positive number, got -1.5", refusal(() -> Require.positive("bkg", -1.5)));
        assertEquals("bkg must be a positive number, got NaN", refusal(() -> Require.positive("bkg", Double.NaN)));
        assertEquals("bkg must be a positive number, got Infinity",
                refusal(() -> Require.positive("bkg", Double.POSITIVE_INFINITY)));
    }

    @Test
    void nonNegativeAcceptsZero() {
        assertDoesNotThrow(() -> Require.nonNegative("HAADF background", 0));
        assertEquals("HAADF background must be a non-negative number, got -0.1",
                refusal(() -> Require.nonNegative("HAADF background", -0.1)));
        assertEquals("HAADF background must be a non-negative number, got NaN",
                refusal(() -> Require.nonNegative("HAADF background", Double.NaN)));
        assertEquals("HAADF background must be a non-negative number, got Infinity",
                refusal(() -> Require.nonNegative("HAADF background", Double.POSITIVE_INFINITY)));
    }

    @Test
    void atLeastAcceptsTheMinimumAndNamesItAsADouble() {
        assertDoesNotThrow(() -> Require.atLeast("lattice period", 4, 4));
        assertEquals("lattice period must be a number >= 4.0, got 3.9",
                refusal(() -> Require.atLeast("lattice period", 3.9, 4)));
        assertEquals("gamma must be a number >= 1.0, got NaN", refusal(() -> Require.atLeast("gamma", Double.NaN, 1)));
        assertEquals("gamma must be a number >= 1.0, got Infinity",
                refusal(() -> Require.atLeast("gamma", Double.POSITIVE_INFINITY, 1)));
    }

    @Test
    void fractionAcceptsBothEnds() {
        assertDoesNotThrow(() -> Require.fraction("antisite maximum", 0));
        assertDoesNotThrow(() -> Require.fraction("antisite maximum", 1));
        assertEquals("antisite maximum must be in [0, 1], got 1.01",
                refusal(() -> Require.fraction("antisite maximum", 1.01)));
        assertEquals("antisite maximum must be in [0, 1], got -0.01",
                refusal(() -> Require.fraction("antisite maximum", -0.01)));
        assertEquals("antisite maximum must be in [0, 1], got NaN",
                refusal(() -> Require.fraction("antisite maximum", Double.NaN)));
    }

    @Test
    void atLeastOneAcceptsOneAndPrintsTheCountAsGiven() {
        assertDoesNotThrow(() -> Require.atLeastOne("n_iter", 1));
        assertEquals("n_iter must be at least 1, got 0", refusal(() -> Require.atLeastOne("n_iter", 0)));
        assertEquals("stride must be at least 1, got -2147483648",
                refusal(() -> Require.atLeastOne("stride", Integer.MIN_VALUE)));
        assertEquals("min_voxels must be at least 1, got -5", refusal(() -> Require.atLeastOne("min_voxels", -5L)));
    }
}
