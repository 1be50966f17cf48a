package org.fusionj.workflow.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.TransformType;
import org.junit.jupiter.api.Test;

/** The reader every front-end uses: defaults, auto words, ranges, choices, and the one-line refusals. */
class SchemaTest {

    private static final Schema S = Schema.of("test",
            Param.number("lambda", 0.15).above(0).atMost(10),
            Param.autoNumber("alpha", "auto").above(0),
            Param.integer("n_iter", 30).range(1, 10000),
            Param.bool("median", false).cliSwitch(),
            Param.choice("transform", TransformType.values(), TransformType.AFFINE),
            Param.text("window", null),
            Param.number("threshold", 0).atLeast(0).below(1));

    private static String refusal(Map<String, String> values) {
        return assertThrows(InvalidInputException.class, () -> S.read(values::get)).getMessage();
    }

    @Test
    void absentAndBlankValuesAreTheDefaults() {
        ParamValues v = S.read(Map.of("lambda", " ", "median", "")::get);
        assertEquals(0.15, v.number("lambda"));
        assertTrue(Double.isNaN(v.number("alpha")) && v.isAuto("alpha"));
        assertEquals(30, v.integer("n_iter"));
        assertFalse(v.bool("median"));
        assertEquals("affine", v.text("transform"));
        assertEquals(null, v.text("window"));
        assertFalse(v.given("lambda"));
        assertEquals("", S.read(Map.of("window", "  ")::get).text("window"), "blank text stays blank");
    }

    @Test
    void givenValuesAreParsedAndCanonical() {
        ParamValues v = S.read(Map.of("lambda", "0.1", "alpha", "AUTO", "n_iter", "30.0", "median", "yes",
                "transform", " RIGID ", "window", " -20,20 ")::get);
        assertEquals(0.1, v.number("lambda"));
        assertTrue(v.isAuto("alpha"));
        assertEquals(30, v.integer("n_iter"));
        assertTrue(v.bool("median"));
        assertEquals("rigid", v.text("transform"));
        assertEquals("-20,20", v.text("window"));
        assertTrue(v.given("lambda"));
    }

    @Test
    void refusalsNameTheParameterTheRangeAndTheValue() {
        assertEquals("lambda must be a positive number (range (0, 10]), got 0", refusal(Map.of("lambda", "0")));
        assertEquals("lambda must be a number <= 10 (range (0, 10]), got 11", refusal(Map.of("lambda", "11")));
        assertEquals("n_iter must be at least 1 (range 1 to 10000), got -3", refusal(Map.of("n_iter", "-3")));
        assertEquals("n_iter must be at most 10000 (range 1 to 10000), got 2000000000",
                refusal(Map.of("n_iter", "2e9")));
        assertEquals("n_iter must be a whole number, got '2.5'", refusal(Map.of("n_iter", "2.5")));
        assertEquals("alpha must be a positive number, got -1", refusal(Map.of("alpha", "-1")));
        assertEquals("lambda must be a number, got 'abc'", refusal(Map.of("lambda", "abc")));
        assertEquals("median must be true or false, got 'maybe'", refusal(Map.of("median", "maybe")));
        assertEquals("transform must be translation, rigid, similarity or affine, got 'warp'",
                refusal(Map.of("transform", "warp")));
        assertEquals("threshold must be a number < 1 (range [0, 1)), got 1", refusal(Map.of("threshold", "1")));
    }

    @Test
    void rangesPrintAsTheDocsShowThem() {
        assertEquals("(0, 10]", S.param("lambda").rangeText());
        assertEquals("> 0", S.param("alpha").rangeText());
        assertEquals("1 to 10000", S.param("n_iter").rangeText());
        assertEquals("[0, 1)", S.param("threshold").rangeText());
        assertEquals("", S.param("window").rangeText());
    }

    @Test
    void usageAndTableListEveryParameter() {
        String usage = SchemaText.cliOptions(S);
        for (Param p : S.params()) {
            assertTrue(usage.contains("--" + p.name()), usage);
            assertTrue(SchemaText.markdownTable(S).contains("| `" + p.name() + "` |"));
        }
        assertTrue(usage.contains("--n_iter N (1 to 10000) [30]"), usage);
        assertTrue(usage.contains("--transform translation|rigid|similarity|affine [affine]"), usage);
    }

    @Test
    void aParameterIsDeclaredOnce() {
        assertThrows(IllegalArgumentException.class, () -> Schema.of("x", Param.bool("a", true),
                Param.bool("a", false)));
    }
}
