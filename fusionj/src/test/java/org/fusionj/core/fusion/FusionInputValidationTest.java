package org.fusionj.core.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Consumer;

import org.fusionj.core.Elements;
import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Bad input is refused before any work, with a message that names what is wrong. */
class FusionInputValidationTest {

    private static ImagePlane ramp(String name, int w, int h) {
        float[] px = new float[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = i % 7;
        }
        return new ImagePlane(name, w, h, px);
    }

    private static String message(Runnable r) {
        return assertThrows(InvalidInputException.class, r::run).getMessage();
    }

    @Test
    void mapOfAnotherSizeNamesBothImagesAndSizes() {
        String m = message(() -> new FusionProblem(ramp("HAADF.tif", 64, 48),
                List.of(ElementMap.of("Sc", ramp("Sc.tif", 64, 48)), ElementMap.of("Dy", ramp("Dy.tif", 48, 64)))));
        assertTrue(m.contains("Dy.tif") && m.contains("48 x 64") && m.contains("HAADF.tif")
                && m.contains("64 x 48"), m);
    }

    @Test
    void constantImageIsNamed() {
        ImagePlane flat = new ImagePlane("O.tif", 8, 8, new float[64]);
        String m = message(() -> new FusionProblem(ramp("HAADF", 8, 8), List.of(ElementMap.of("O", flat))));
        assertTrue(m.contains("O.tif") && m.contains("constant"), m);
    }

    @Test
    void nanAndInfinitePixelsAreCountedAndNamed() {
        ImagePlane bad = ramp("Sc.tif", 8, 8);
        bad.pixels()[3] = Float.NaN;
        bad.pixels()[5] = Float.NaN;
        bad.pixels()[9] = Float.POSITIVE_INFINITY;
        String m = message(() -> new FusionProblem(ramp("HAADF", 8, 8), List.of(ElementMap.of("Sc", bad))));
        assertTrue(m.contains("Sc.tif") && m.contains("2 NaN") && m.contains("1 infinite"), m);
        String h = message(() -> new FusionProblem(bad, List.of(ElementMap.of("Sc", ramp("Sc", 8, 8)))));
        assertTrue(h.contains("Sc.tif"), h);
    }

    @Test
    void sameElementTwiceAndNoMapsAreRefused() {
        assertTrue(message(() -> new FusionProblem(ramp("HAADF", 8, 8), List.of(
                ElementMap.of("O", ramp("a", 8, 8)), ElementMap.of("o", ramp("b", 8, 8))))).contains("twice"));
        assertTrue(message(() -> new FusionProblem(ramp("HAADF", 8, 8), List.of())).contains("no elemental maps"));
    }

    @Test
    void elementSymbolsAreLookedUpAndUnknownOnesRefused() {
        assertEquals(21, Elements.atomicNumber("Sc"));
        assertEquals(66, Elements.atomicNumber(" dy "));
        assertEquals(8, Elements.atomicNumber("O"));
        assertEquals(118, Elements.atomicNumber("Og"));
        assertEquals("Dy", Elements.canonicalSymbol("DY"));
        String m = message(() -> Elements.atomicNumber("Xx"));
        assertTrue(m.contains("'Xx'"), m);
        assertEquals(List.of("Sc", "Dy", "O"), List.of(Elements.parseList("sc, Dy;O")));
    }

    @Test
    void nonPositiveLambdasIterationsAndBackgroundAreRefusedByName() {
        FusionParameters ok = FusionParameters.defaults();
        assertRefused("lambda_chem", b -> b.lambdaChem(0));
        assertRefused("lambda_tv", b -> b.lambdaTv(-0.1));
        assertRefused("lambda_haadf", b -> b.lambdaHaadf(0));
        assertRefused("n_iter", b -> b.iterations(0));
        assertRefused("n_iter_tv", b -> b.tvIterations(-1));
        assertRefused("bkg", b -> b.background(0));
        assertRefused("gamma", b -> b.gamma(0.5));
        assertRefused("lambda_tv", b -> b.lambdaTv(Double.NaN));
        assertRefused("threshold", b -> b.initialThreshold(1.5));
        assertEquals(ok, ok.toBuilder().build());
    }

    private static void assertRefused(String name, Consumer<FusionParameters.Builder> change) {
        FusionParameters.Builder b = FusionParameters.defaults().toBuilder();
        change.accept(b);
        String m = message(b::build);
        assertTrue(m.startsWith(name), "expected a message about " + name + ", got: " + m);
    }

    @Test
    void weightMethodsFollowTheirDefinitions() {
        int[] z = {21, 66, 8};
        double g = 1.6;
        assertEquals(1.0, WeightMethod.UNIT.weights(z, g)[1]);
        assertEquals(66 / (95 / 3.0), WeightMethod.Z_OVER_MEAN.weights(z, g)[1], 1e-12);
        assertEquals(66 / 95.0, WeightMethod.Z_OVER_SUM.weights(z, g)[1], 1e-12);
        double sumG = Math.pow(21, g) + Math.pow(66, g) + Math.pow(8, g);
        assertEquals(Math.pow(66, g) / (sumG / 3), WeightMethod.Z_GAMMA_OVER_MEAN.weights(z, g)[1], 1e-12);
        assertEquals(Math.pow(66, g) / sumG, WeightMethod.Z_GAMMA_OVER_SUM.weights(z, g)[1], 1e-12);
        assertTrue(message(() -> WeightMethod.fromCode(5)).contains("0 to 4"));
    }

    @Test
    void halfPrecisionRoundingGivesThePublishedWeights() {
        double[] w = WeightMethod.Z_OVER_MEAN.weights(new int[] {21, 66, 8}, 1.6);
        assertEquals(0.6630859375, HalfPrecision.round(w[0]));
        assertEquals(2.083984375, HalfPrecision.round(w[1]));
        assertEquals(0.252685546875, HalfPrecision.round(w[2]));
        double[] co = WeightMethod.Z_OVER_MEAN.weights(new int[] {27, 25, 8}, 1.6);
        assertEquals(1.349609375, HalfPrecision.round(co[0]));
        assertEquals(1.25, HalfPrecision.round(co[1]));
        assertEquals(0.39990234375, HalfPrecision.round(co[2]));
    }
}
