package org.fusionj.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fusionj.core.dictionary.CoderKind;
import org.fusionj.core.registration.Interpolation;
import org.fusionj.core.registration.TransformType;
import org.fusionj.core.segment.Connectivity;
import org.junit.jupiter.api.Test;

/** The keyed enums read their words (any case, trimmed, aliases) and refuse others with the same message. */
class KeyedTest {

    @Test
    void readsKeysAndAliasesInAnyCase() {
        assertEquals(CoderKind.OMP, CoderKind.parse(" OMP "));
        assertEquals(Interpolation.CUBIC, Interpolation.parse("Catmull-Rom"));
        assertEquals(Connectivity.TWENTY_SIX, Connectivity.parse("twenty-six"));
        assertEquals(Connectivity.SIX, Connectivity.parse("6"));
        assertNull(Keyed.find(TransformType.values(), null));
    }

    @Test
    void refusesOtherWordsListingTheKeys() {
        assertEquals("coder must be lasso or omp, got 'lars'",
                assertThrows(InvalidInputException.class, () -> CoderKind.parse("lars")).getMessage());
        assertEquals("transform must be translation, rigid, similarity or affine, got 'null'",
                assertThrows(InvalidInputException.class, () -> TransformType.parse(null)).getMessage());
        assertEquals("connectivity must be 6 or 26, got '8'",
                assertThrows(InvalidInputException.class, () -> Connectivity.parse("8")).getMessage());
    }
}
