package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.workflow.schema.ParamValues;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code simulate-tomo}'s values become the phantom spec: the core-shell fraction, which TomoPhantomSpec always had,
 * is a simulator option ({@code core_shell}) in every route, its default the spec's, and it changes the phantom.
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
}
