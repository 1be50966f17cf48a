package org.fusionj.workflow.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.cluster.ClusterKeys;
import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.spectrum.SpectrumKeys;
import org.fusionj.workflow.tomo.TomoKeys;
import org.fusionj.workflow.xanes.XanesKeys;
import org.junit.jupiter.api.Test;

/**
 * Every choice of every schema is checked by the schema's reader (before issue 12's follow-up, choices declared as a
 * list of words, such as edge, connectivity, phases, compression, scheduler, stage, frame_axis and metric, took any
 * word and left it to a parser further down, or to none): a typo is refused with one line naming the parameter, the
 * word and every choice; every listed word, in any case, reads back as listed; the other spellings recorded macros
 * hold still read.
 */
class ChoiceRefusalTest {

    static final List<Schema> SCHEMAS = List.of(FusionKeys.SCHEMA, XanesKeys.SCHEMA, XanesKeys.SIMULATE_SCHEMA,
            RegistrationKeys.SERIES_SCHEMA, RegistrationKeys.PAIR_SCHEMA, RegistrationKeys.APPLY_SCHEMA,
            RegistrationKeys.SIMULATE_SCHEMA, DictionaryKeys.LEARN_SCHEMA, DictionaryKeys.ENHANCE_SCHEMA,
            TomoKeys.SCHEMA, TomoKeys.SIMULATE_SCHEMA, SpectrumKeys.SCHEMA, ClusterKeys.SCHEMA);

    private static String oneOf(List<String> words) {
        int last = words.size() - 1;
        return last == 0 ? words.get(0) : String.join(", ", words.subList(0, last)) + " or " + words.get(last);
    }

    @Test
    void aWordOutsideTheChoicesIsRefusedNamingTheKeyTheWordAndTheChoices() {
        List<String> checked = new ArrayList<>();
        for (Schema s : SCHEMAS) {
            for (Param p : s.params()) {
                if (p.type() != Param.Type.CHOICE) {
                    continue;
                }
                checked.add(s.operation() + "." + p.name());
                String m = assertThrows(InvalidInputException.class, () -> s.read(Map.of(p.name(), "foo")::get),
                        s.operation() + "." + p.name() + " took 'foo'").getMessage();
                // Keyed choices list their keys in declaration order, word choices as declared: same words either way
                assertEquals(p.name() + " must be ", m.substring(0, Math.min(m.length(), p.name().length() + 9)), m);
                assertEquals(", got 'foo'", m.substring(m.length() - ", got 'foo'".length()), m);
                for (String c : p.choices()) {
                    assertFalse(!m.contains(c), m + " does not list " + c);
                }
                assertFalse(m.contains("\n"), m);
            }
        }
        for (String key : List.of("xanes.edge", "xanes.connectivity", "xanes.phases", "xanes.metric",
                "register-series.metric", "fuse.frame_axis", "cluster.compression", "cluster.scheduler",
                "cluster.stage", "cluster.edge")) {
            assertFalse(!checked.contains(key), key + " is not a choice any more? checked: " + checked);
        }
    }

    @Test
    void everyListedWordReadsBackAsListedInAnyCase() {
        for (Schema s : SCHEMAS) {
            for (Param p : s.params()) {
                if (p.type() != Param.Type.CHOICE) {
                    continue;
                }
                for (String c : p.choices()) {
                    assertEquals(c, s.read(Map.of(p.name(), c)::get).text(p.name()));
                    assertEquals(c, s.read(Map.of(p.name(), " " + c.toUpperCase() + " ")::get).text(p.name()));
                }
            }
        }
    }

    @Test
    void theMessageOfAWordChoiceIsTheKeyedOne() {
        assertEquals("edge must be " + oneOf(List.of(XanesKeys.edgeChoices())) + ", got 'Qq K'",
                assertThrows(InvalidInputException.class,
                        () -> XanesKeys.SCHEMA.read(Map.of("edge", "Qq K")::get)).getMessage());
        assertEquals("compression must be raw or zlib, got 'gzip'", assertThrows(InvalidInputException.class,
                () -> ClusterKeys.SCHEMA.read(Map.of("compression", "gzip")::get)).getMessage());
        assertEquals("phases must be none, pca, kmeans or nmf, got 'pca,nmf'", assertThrows(
                InvalidInputException.class, () -> XanesKeys.SCHEMA.read(Map.of("phases", "pca,nmf")::get))
                .getMessage());
    }

    @Test
    void otherSpellingsThatMacrosMayHoldStillRead() {
        assertEquals("Mn K", XanesKeys.SCHEMA.read(Map.of("edge", "mn_k")::get).text("edge"));
        assertEquals("Fe K", XanesKeys.SCHEMA.read(Map.of("edge", "Fe")::get).text("edge"));
        assertEquals("Cu K", XanesKeys.SCHEMA.read(Map.of("edge", "CU-K")::get).text("edge"));
        assertEquals("custom", XanesKeys.SCHEMA.read(Map.of("edge", "Custom")::get).text("edge"));
        assertEquals("6", XanesKeys.SCHEMA.read(Map.of("connectivity", "six")::get).text("connectivity"));
        assertEquals("26", XanesKeys.SCHEMA.read(Map.of("connectivity", "twenty-six")::get).text("connectivity"));
        assertEquals("last", FusionKeys.SCHEMA.read(Map.of("frame_axis", "2")::get).text("frame_axis"));
        assertEquals("first", FusionKeys.SCHEMA.read(Map.of("frame_axis", "0")::get).text("frame_axis"));
        assertEquals("ncc", RegistrationKeys.SERIES_SCHEMA.read(Map.of("metric", "NCC")::get).text("metric"));
    }

    @Test
    void openValuesStayOpen() {
        // lists, windows, numbers-or-words and names are text: the operation checks them, the schema takes them
        Map<String, String> xanes = Map.of("methods", "half_height,white_line", "pre_edge", "-150,-30",
                "edge_fit_window", "-10,20", "difference_energy", "6541.5", "fixed_energy", "6550");
        ParamValues v = XanesKeys.SCHEMA.read(xanes::get);
        assertEquals("half_height,white_line", v.text("methods"));
        assertEquals("6541.5", v.text("difference_energy"));
        assertEquals("none", DictionaryKeys.ENHANCE_SCHEMA.read(Map.of("error_target", "none")::get)
                .text("error_target"));
        assertEquals("0.02", DictionaryKeys.ENHANCE_SCHEMA.read(Map.of("error_target", "0.02")::get)
                .text("error_target"));
        assertEquals("-60:60:3", TomoKeys.SIMULATE_SCHEMA.read(Map.of("haadf_angles", "-60:60:3")::get).text("haadf_angles"));
        assertEquals(0.05, FusionKeys.SCHEMA.read(Map.of("lambda_chem", "0.05")::get).number("lambda_chem"));
        assertEquals(true, FusionKeys.SCHEMA.read(Map.of("lambda_chem", "auto")::get).isAuto("lambda_chem"));
    }

    @Test
    void aWordChoiceMustListItsDefault() {
        assertThrows(IllegalArgumentException.class, () -> Param.choice("x", List.of("a", "b"), "c"));
    }
}
