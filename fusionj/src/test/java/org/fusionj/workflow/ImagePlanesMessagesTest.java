package org.fusionj.workflow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.xanes.EnergyLists;
import org.junit.jupiter.api.Test;

/** Messages every operation shares (learn and enhance too) must not speak of fusion; energies print rounded. */
class ImagePlanesMessagesTest {

    @Test
    void sharedRefusalsDoNotSpeakOfFusion() {
        String rgb = assertThrows(InvalidInputException.class, () -> ImagePlanes.requireGreyscale(
                new ImagePlus("txm", new ColorProcessor(4, 4)))).getMessage();
        assertFalse(speaksOfFusion(rgb), rgb);
        assertTrue(rgb.startsWith("txm is an RGB colour image"), rgb);
        float[] px = new float[16];
        px[3] = Float.NaN;
        String nan = assertThrows(InvalidInputException.class, () -> ImagePlanes.fromSingleImage(
                new ImagePlus("stem", new FloatProcessor(4, 4, px))).requireFinite()).getMessage();
        assertFalse(speaksOfFusion(nan), nan);
    }

    /** "fusion", "fusing", "fuse" as words; FusionJ, the name, is fine. */
    private static boolean speaksOfFusion(String message) {
        return message.toLowerCase().replace("fusionj", "").matches("(?s).*\\bfus(ion|ing|e)\\b.*");
    }

    @Test
    void energiesPrintRoundedToHundredths() {
        assertTrue(EnergyLists.text(6541.111111111111).equals("6541.11"));
        assertTrue(EnergyLists.text(6580.0).equals("6580"));
        assertTrue(EnergyLists.text(6539.5).equals("6539.5"));
    }
}
