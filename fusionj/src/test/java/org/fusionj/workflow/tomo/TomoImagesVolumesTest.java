package org.fusionj.workflow.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.fusionj.core.tomo.TomoVolumes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The volumes hyperstack is built image by image straight from the solvers' layout (no depth-ordered copy of each
 * volume): its x-y images are those of {@link TomoVolumes#toDepthStack}, and {@link TomoImages#volume} reads the
 * volumes back bit for bit, for a box whose width, height and depth all differ.
 */
class TomoImagesVolumesTest {

    @Test
    @Timeout(30)
    void imagesAreTheDepthStacksPlanes() {
        int w = 5;
        int h = 4;
        int d = 3;
        float[] a = new float[w * h * d];
        float[] b = new float[w * h * d];
        for (int i = 0; i < a.length; i++) {
            a[i] = i * 0.5f - 7f;
            b[i] = (float) Math.sin(i);
        }
        ImagePlus imp = TomoImages.volumes("t", List.of("Au", "Ag"), List.of(a, b), w, h, d, new Calibration());
        assertEquals(2, imp.getNChannels());
        assertEquals(d, imp.getNSlices());
        List<float[]> volumes = List.of(a, b);
        for (int e = 0; e < 2; e++) {
            float[] stack = TomoVolumes.toDepthStack(volumes.get(e), w, h, d);
            for (int z = 0; z < d; z++) {
                float[] px = (float[]) imp.getStack().getProcessor(imp.getStackIndex(e + 1, z + 1, 1)).getPixels();
                float[] expected = java.util.Arrays.copyOfRange(stack, z * w * h, (z + 1) * w * h);
                assertArrayEquals(expected, px, "channel " + e + ", z " + z);
            }
            assertArrayEquals(volumes.get(e), TomoImages.volume(imp, e + 1));
        }
    }
}
