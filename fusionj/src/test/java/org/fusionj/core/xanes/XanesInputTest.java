package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Bad series, parameters and option texts fail with messages that say what is wrong. */
class XanesInputTest {

    static float[][][] planes(int energies, int depth, int plane) {
        return new float[energies][depth][plane];
    }

    static String message(Runnable r) {
        return assertThrows(InvalidInputException.class, r::run).getMessage();
    }

    @Test
    void energiesMustIncreaseStrictlyAndTheMessageNamesTheIndex() {
        double[] e = {6500, 6510, 6520, 6520, 6540};
        String m = message(() -> new EnergySeries(2, 2, 1, e, planes(5, 1, 4)));
        assertTrue(m.contains("energy 4 (6520 eV) is not above energy 3 (6520 eV)"), m);
        double[] down = {6500, 6510, 6505, 6530};
        m = message(() -> new EnergySeries(2, 2, 1, down, planes(4, 1, 4)));
        assertTrue(m.contains("energy 3 (6505 eV) is not above energy 2 (6510 eV)"), m);
        double[] nan = {6500, Double.NaN, 6520, 6530};
        m = message(() -> new EnergySeries(2, 2, 1, nan, planes(4, 1, 4)));
        assertTrue(m.contains("energy 2 of the series is NaN"), m);
    }

    @Test
    void countsAndSizesMustAgree() {
        double[] e = {6500, 6510, 6520, 6530};
        String m = message(() -> new EnergySeries(2, 2, 1, e, planes(5, 1, 4)));
        assertTrue(m.contains("4 energies but 5 volumes"), m);
        m = message(() -> new EnergySeries(2, 2, 2, e, planes(4, 1, 4)));
        assertTrue(m.contains("the volume of energy 1 (6500.00 eV) has 1 slices, expected 2"), m);
        float[][][] p = planes(4, 1, 4);
        p[2][0] = new float[5];
        m = message(() -> new EnergySeries(2, 2, 1, e, p));
        assertTrue(m.contains("slice 1 of energy 3 (6520.00 eV) has 5 values, expected 2 x 2 = 4"), m);
        m = message(() -> new EnergySeries(2, 2, 1, new double[] {1, 2, 3}, planes(3, 1, 4)));
        assertTrue(m.contains("3 energies; at least 4 are needed"), m);
        m = message(() -> new EnergySeries(0, 2, 1, e, planes(4, 1, 0)));
        assertTrue(m.contains("at least 1 x 1 x 1"), m);
    }

    @Test
    void seriesReferencesItsArrays() {
        double[] e = {6500, 6510, 6520, 6530};
        float[][][] p = planes(4, 2, 6);
        p[3][1][5] = 7f;
        EnergySeries s = new EnergySeries(3, 2, 2, e, p);
        assertTrue(s.planes() == p);
        assertEquals(7f, s.value(3, 1, 5));
        assertEquals(7.0, s.spectrum(2, 1, 1)[3]);
        assertEquals(4L * 12 * 4, s.dataBytes());
    }

    @Test
    void parametersAreValidated() {
        XanesParameters.Builder b = XanesParameters.builder();
        assertTrue(message(() -> b.postEdgeOrder(3).build()).contains("post_order must be 0, 1 or 2"));
        b.postEdgeOrder(1);
        assertTrue(message(() -> b.jumpThreshold(-1).build()).contains("jump_threshold"));
        b.jumpThreshold(3);
        assertTrue(message(() -> b.preEdge(-50, 60).build()).contains("must lie below the post-edge window"));
        b.preEdge(-150, -30);
        assertTrue(message(() -> b.noMethods().build()).contains("nothing to compute"));
        assertTrue(message(() -> b.e0(-5).build()).contains("e0"));
        assertTrue(message(() -> new EnergyWindow(10, 5)).contains("first below the second"));
    }

    @Test
    void optionTextsParse() {
        assertEquals(new EnergyWindow(-50, -20), EnergyWindow.parse("pre_edge", "-50,-20"));
        assertEquals(new EnergyWindow(-50, -20), EnergyWindow.parse("pre_edge", "[-50, -20]"));
        assertEquals(new EnergyWindow(30, 150.5), EnergyWindow.parse("post_edge", "30 150.5"));
        assertEquals("-50,-20", new EnergyWindow(-50, -20).key());
        assertTrue(message(() -> EnergyWindow.parse("pre_edge", "-50")).contains("pre_edge needs two numbers"));
        assertTrue(message(() -> EnergyWindow.parse("pre_edge", "-20,-50")).startsWith("pre_edge: "));
        assertEquals(EnumSet.of(EdgeMethod.HALF_HEIGHT, EdgeMethod.WHITE_LINE),
                EdgeMethod.parseList("half_height, white_line"));
        assertEquals(Set.of(), EdgeMethod.parseList("none"));
        assertTrue(message(() -> EdgeMethod.parse("inflection")).contains("unknown edge-energy method"));
        assertEquals(XanesEdge.MN_K, XanesEdge.parse("Mn K"));
        assertEquals(XanesEdge.FE_K, XanesEdge.parse("fe_k"));
        assertEquals(XanesEdge.CU_K, XanesEdge.parse("Cu"));
        assertEquals(7112, XanesEdge.FE_K.e0Ev());
        assertEquals(6539, XanesEdge.parse("MN-K").parameters().e0Ev());
        assertTrue(message(() -> XanesEdge.parse("Mo K")).contains("presets: Ti K, V K"));
    }

    @Test
    void presetsCarryTheTabulatedEdges() {
        double[][] table = {{4966}, {5465}, {5989}, {6539}, {7112}, {7709}, {8333}, {8979}, {9659}};
        XanesEdge[] edges = XanesEdge.values();
        assertEquals(table.length, edges.length);
        for (int i = 0; i < edges.length; i++) {
            assertEquals(table[i][0], edges[i].e0Ev(), edges[i].label());
            XanesParameters p = XanesParameters.forEdge(edges[i]);
            assertEquals(edges[i].e0Ev(), p.e0Ev());
            assertEquals(XanesEdge.PRE_EDGE, p.preEdge());
            assertEquals(Set.of(EdgeMethod.HALF_HEIGHT), p.methods());
        }
    }
}
