package org.fusionj.workflow.xanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.xanes.EnergyWindow;
import org.fusionj.core.xanes.XanesParameters;
import org.junit.jupiter.api.Test;

/** The XANES schema's reader: edge_fit_window (default, typed, blank, refusals that name it and the fix). */
class XanesKeysTest {

    private static XanesParameters read(Map<String, String> values) {
        return XanesKeys.parameters(values::get);
    }

    @Test
    void edgeFitWindowDefaultsToTheKernelsAndIsReadWhenGiven() {
        assertEquals("-15,25", XanesKeys.SCHEMA.param(XanesKeys.EDGE_FIT_WINDOW).defaultText());
        assertEquals(XanesParameters.DEFAULT_FIT_WINDOW, read(Map.of()).edgeFitWindow());
        assertEquals(XanesParameters.DEFAULT_FIT_WINDOW, read(Map.of(XanesKeys.EDGE_FIT_WINDOW, " ")).edgeFitWindow());
        assertEquals(new EnergyWindow(-10, 20), read(Map.of(XanesKeys.EDGE_FIT_WINDOW, "-10,20")).edgeFitWindow());
        assertEquals(new EnergyWindow(-12.5, 30), read(Map.of(XanesKeys.EDGE_FIT_WINDOW, "[-12.5, 30]"))
                .edgeFitWindow());
    }

    @Test
    void aBadEdgeFitWindowIsRefusedNamingItAndTheFix() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> read(Map.of(XanesKeys.EDGE_FIT_WINDOW, "15")));
        assertTrue(e.getMessage().startsWith("edge_fit_window needs two numbers") && e.getMessage().contains("-50,-20"),
                e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> read(Map.of(XanesKeys.EDGE_FIT_WINDOW, "5,25")));
        assertTrue(e.getMessage().contains("edge_fit_window must reach below and above the edge (e.g. -15,25)"),
                e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> read(Map.of(XanesKeys.EDGE_FIT_WINDOW, "25,-15")));
        assertTrue(e.getMessage().startsWith("edge_fit_window: "), e.getMessage());
    }
}
