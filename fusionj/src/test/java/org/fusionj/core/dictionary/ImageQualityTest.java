package org.fusionj.core.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Arrays;

import org.fusionj.core.ImagePlane;
import org.junit.jupiter.api.Test;

class ImageQualityTest {

    @Test
    void psnrOfAConstantOffsetIsKnown() {
        float[] a = new float[100];
        float[] b = new float[100];
        Arrays.fill(b, 0.1f);
        // MSE = 0.01 (to float rounding): 20 dB at range 1
        assertEquals(20, ImageQuality.psnr(a, b, 1), 1e-5);
    }

    @Test
    void ssimOfTwoConstantImagesIsTheLuminanceTerm() {
        float[] a = new float[20 * 20];
        float[] b = new float[20 * 20];
        Arrays.fill(a, 0.5f);
        Arrays.fill(b, 0.25f);
        double c1 = 1e-4;
        double expected = (2 * 0.5 * 0.25 + c1) / (0.25 + 0.0625 + c1);
        assertEquals(expected, ImageQuality.ssim(a, b, 20, 20, 1), 1e-12);
        assertEquals(1, ImageQuality.ssim(a, a, 20, 20, 1), 1e-12);
    }

    @Test
    void degradedReferenceImageScoresAsScikitImageSays() throws IOException {
        ImagePlane gt = DictionaryReference.image("txm_gt.npy");
        ImagePlane degraded = DictionaryReference.image("txm_degraded.npy");
        // README of the reference data: degraded input 20.24 dB / 0.298 (scikit-image, data range 1)
        assertEquals(20.24, ImageQuality.psnr(gt.pixels(), degraded.pixels(), 1), 0.005);
        assertEquals(0.298, ImageQuality.ssim(gt.pixels(), degraded.pixels(), 512, 512, 1), 0.0005);
    }
}
