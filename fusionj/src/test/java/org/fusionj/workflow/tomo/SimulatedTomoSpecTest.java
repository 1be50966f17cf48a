package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.workflow.schema.ParamValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code simulate-tomo}'s values become the phantom spec: the core-shell fraction, the particle radii, the HAADF
 * model (gamma, weight_method: fuse-tomo's declarations) and the backgrounds, which TomoPhantomSpec always had, are
 * simulator options in every route, their defaults the spec's, refused out of range in one line, and they change the
 * phantom. (That the defaults leave it bit-identical: {@link SimulatedTomoDefaultsTest}.)
 */
class SimulatedTomoSpecTest {

    private static ParamValues values(Map<String, String> given) {
        return TomoKeys.SIMULATE_SCHEMA.read(given::get);
    }

    @Test
    void coreShellFractionIsAnOptionWithTheSpecsDefault() {
        TomoPhantomSpec d = SimulatedTomo.spec(values(Map.of()));
        assertEquals(TomoPhantomSpec.defaults(64).coreShellFraction(), d.coreShellFraction());
        assertEquals(0.25, SimulatedTomo.spec(values(Map.of("core_shell", "0.25"))).coreShellFraction());
        assertEquals(0.0, SimulatedTomo.spec(values(Map.of("core_shell", "0"))).coreShellFraction());
        String m = assertThrows(InvalidInputException.class, () -> values(Map.of("core_shell", "1.5"))).getMessage();
        assertTrue(m.contains("core_shell"), m);
    }

    @Test
    @Timeout(120)
    void itChangesThePhantom() {
        Map<String, String> base = Map.of("size", "32", "particles", "10", "seed", "4");
        Map<String, String> alloys = new java.util.HashMap<>(base);
        alloys.put("core_shell", "0");
        Map<String, String> shells = new java.util.HashMap<>(base);
        shells.put("core_shell", "1");
        TomoPhantom a = TomoPhantom.generate(SimulatedTomo.spec(values(alloys)), 2);
        TomoPhantom b = TomoPhantom.generate(SimulatedTomo.spec(values(shells)), 2);
        assertTrue(a.particleCount() > 3, "more particles than the first core-shell ones: " + a.particleCount());
        boolean differs = false;
        for (int e = 0; e < a.elementCount(); e++) {
            differs |= !java.util.Arrays.equals(a.truth().get(e), b.truth().get(e));
        }
        assertTrue(differs, "core_shell 0 and 1 gave the same phantom");
    }

    @Test
    void radiiGammaWeightsAndBackgroundsAreOptionsWithTheSpecsDefaults() {
        for (int size : new int[] {16, 64, 100, 128}) {
            TomoPhantomSpec d = TomoPhantomSpec.defaults(size);
            TomoPhantomSpec s = SimulatedTomo.spec(values(Map.of("size", Integer.toString(size))));
            assertEquals(d.radiusMin(), s.radiusMin(), "auto radius_min at " + size);
            assertEquals(d.radiusMax(), s.radiusMax(), "auto radius_max at " + size);
            assertEquals(d.gamma(), s.gamma());
            assertEquals(d.weightMethod(), s.weightMethod());
            assertEquals(d.haadfBackground(), s.haadfBackground());
            assertEquals(d.chemBackground(), s.chemBackground());
        }
        TomoPhantomSpec s = SimulatedTomo.spec(values(Map.of("size", "64", "radius_min", "3", "radius_max", "12.5",
                "gamma", "2", "weight_method", "0", "haadf_background", "50", "chem_background", "0.2")));
        assertEquals(3, s.radiusMin());
        assertEquals(12.5, s.radiusMax());
        assertEquals(2, s.gamma());
        assertEquals(WeightMethod.UNIT, s.weightMethod());
        assertEquals(50, s.haadfBackground());
        assertEquals(0.2, s.chemBackground());
        // one bound given, the other auto (9 at size 64)
        assertEquals(9, SimulatedTomo.spec(values(Map.of("radius_min", "9"))).radiusMax());
        assertEquals(5, SimulatedTomo.spec(values(Map.of("radius_max", "5"))).radiusMin());
    }

    @Test
    void theSameDeclarationsAsFuseTomo() {
        for (String name : new String[] {TomoKeys.GAMMA, TomoKeys.WEIGHT_METHOD}) {
            assertSame(TomoKeys.SCHEMA.param(name), TomoKeys.SIMULATE_SCHEMA.param(name), name);
        }
    }

    @Test
    void badValuesAreRefusedInOneLine() {
        String m = refusal(Map.of("radius_min", "12"));
        assertEquals("radius_min 12 is above radius_max 9 (auto at size 64): give radius_min at most 9 or a larger "
                + "radius_max", m);
        m = refusal(Map.of("radius_min", "8", "radius_max", "6"));
        assertEquals("radius_min 8 is above radius_max 6: give radius_min at most 6 or a larger radius_max", m);
        m = refusal(Map.of("size", "16", "radius_max", "1"));
        assertEquals("radius_min 1.25 (auto at size 16) is above radius_max 1: give radius_min at most 1 or a larger "
                + "radius_max", m);
        assertTrue(refusal(Map.of("radius_min", "0.5")).contains("radius_min"));
        assertTrue(refusal(Map.of("radius_max", "big")).contains("radius_max"));
        m = refusal(Map.of("gamma", "0.9"));
        assertEquals("gamma must be a number >= 1 (range 1 to 10), got 0.9", m);
        assertTrue(refusal(Map.of("weight_method", "7")).contains("weight_method"));
        assertTrue(refusal(Map.of("haadf_background", "-1")).contains("haadf_background"));
        assertTrue(refusal(Map.of("chem_background", "NaN")).contains("chem_background"));
    }

    private static String refusal(Map<String, String> given) {
        String m = assertThrows(InvalidInputException.class, () -> SimulatedTomo.spec(values(given))).getMessage();
        assertEquals(1, m.lines().count(), m);
        return m;
    }

    @Test
    @Timeout(120)
    void eachOptionChangesThePhantomAsItShould() {
        Map<String, String> base = Map.of("size", "32", "seed", "4");
        TomoPhantom ref = generate(base);
        // radii: larger particles hold more material
        TomoPhantom big = generate(with(base, "radius_min", "5", "radius_max", "6"));
        TomoPhantom small = generate(with(base, "radius_min", "2", "radius_max", "3"));
        assertTrue(sum(big.truth()) > 2 * sum(small.truth()), sum(big.truth()) + " vs " + sum(small.truth()));
        // gamma and weights change the HAADF only: same truth and chemical series
        for (Map<String, String> m : java.util.List.of(with(base, "gamma", "2"), with(base, "weight_method", "0"))) {
            TomoPhantom t = generate(m);
            assertEquals(sum(ref.truth()), sum(t.truth()), m.toString());
            assertArrayEquals(ref.problem().elements().get(0).series().pixels(),
                    t.problem().elements().get(0).series().pixels(), m.toString());
            assertFalse(java.util.Arrays.equals(ref.expectedHaadf(), t.expectedHaadf()), m.toString());
        }
        // backgrounds: each raises its own series' mean by about the counts given, and not the other's
        TomoPhantom bg = generate(with(base, "haadf_background", "100", "chem_background", "2"));
        assertEquals(100, mean(bg.problem().haadf().pixels()) - mean(ref.problem().haadf().pixels()), 2);
        for (int e = 0; e < ref.elementCount(); e++) {
            assertEquals(2, mean(bg.problem().elements().get(e).series().pixels())
                    - mean(ref.problem().elements().get(e).series().pixels()), 0.1);
        }
        assertArrayEquals(ref.truth().get(0), bg.truth().get(0));
    }

    private static TomoPhantom generate(Map<String, String> given) {
        return TomoPhantom.generate(SimulatedTomo.spec(values(given)), 2);
    }

    private static Map<String, String> with(Map<String, String> base, String... kv) {
        Map<String, String> m = new java.util.HashMap<>(base);
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    private static double sum(java.util.List<float[]> volumes) {
        double s = 0;
        for (float[] v : volumes) {
            for (float x : v) {
                s += x;
            }
        }
        return s;
    }

    private static double mean(float[] a) {
        double s = 0;
        for (float x : a) {
            s += x;
        }
        return s / a.length;
    }
}
