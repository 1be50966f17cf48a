package org.fusionj.core.tomo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.function.UnaryOperator;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/**
 * The record's refusals, word for word as users read them (the single-number checks go through
 * {@link org.fusionj.core.Require}; the ones whose words say more stay in the record).
 */
class TomoFusionParametersTest {

    private static String refusal(UnaryOperator<TomoFusionParameters.Builder> change) {
        return assertThrows(InvalidInputException.class,
                () -> change.apply(TomoFusionParameters.builder()).build()).getMessage();
    }

    @Test
    void theDefaultsAreAccepted() {
        assertDoesNotThrow(() -> TomoFusionParameters.builder().build());
    }

    @Test
    void singleNumberRefusalsNameTheParameterAndTheValue() {
        assertEquals("lambda_haadf must be a positive number, got 0.0", refusal(b -> b.lambdaHaadf(0)));
        assertEquals("lambda_chem must be a positive number, got -1.0", refusal(b -> b.lambdaChem(-1)));
        assertEquals("lambda_tv must be 0 (no TV step) or a positive number, got NaN",
                refusal(b -> b.lambdaTv(Double.NaN)));
        assertEquals("lambda_tv must be 0 (no TV step) or a positive number, got -0.1",
                refusal(b -> b.lambdaTv(-0.1)));
        assertDoesNotThrow(() -> TomoFusionParameters.builder().lambdaTv(0).build());
        assertEquals("bkg must be a positive number, got Infinity",
                refusal(b -> b.background(Double.POSITIVE_INFINITY)));
        assertEquals("n_iter must be at least 1, got 0", refusal(b -> b.iterations(0)));
        assertEquals("n_iter_tv must be at least 1, got -2", refusal(b -> b.tvIterations(-2)));
        assertEquals("n_iter_init must be at least 1, got 0", refusal(b -> b.initIterations(0)));
    }

    @Test
    void refusalsWithTheirOwnWordsKeepThem() {
        assertEquals("gamma must be a number >= 1 (physically 1.4 to 2), got 0.5", refusal(b -> b.gamma(0.5)));
        assertEquals("depth must be 0 (the image width) or a number of voxels, got -1", refusal(b -> b.depth(-1)));
        assertEquals("phase_weight must be a number from 0 to 1, got 1.5", refusal(b -> b.phaseWeight(1.5)));
    }
}
