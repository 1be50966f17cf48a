package org.fusionj.core.dictionary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.List;

import org.fusionj.core.ImagePlane;
import org.junit.jupiter.api.Test;

/** Noise and PSF estimates on the reference images, whose degradation is known (sigma 2 px, noise ~0.076). */
class EstimatorsTest {

    @Test
    void noiseOfTheReferenceTxmImage() throws IOException {
        double sigma = NoiseEstimator.sigma(DictionaryReference.image("txm_degraded.npy"));
        System.out.printf("noise estimate %.4f (true std of the added noise 0.0759, reference tool 0.0702)%n", sigma);
        assertEquals(0.0702, sigma, 0.002);
    }

    @Test
    void psfOfTheReferenceTxmImageWithinTheTolerableError() throws IOException {
        ImagePlane txm = DictionaryReference.image("txm_degraded.npy");
        ImagePlane stem = DictionaryReference.image("stem_train.npy");
        double sigma = PsfEstimator.sigma(List.of(stem), txm, NoiseEstimator.sigma(txm));
        System.out.printf("PSF sigma estimate %.3f px (true 2)%n", sigma);
        // the README: a +-25 % error in the assumed blur costs at most 0.4 dB
        assertEquals(2, sigma, 0.5);
    }

    @Test
    void blurOfAConstantImageIsTheImage() {
        double[] c = new double[30];
        java.util.Arrays.fill(c, 3.5);
        for (double v : GaussianBlur.blur(c, 6, 5, 1.3)) {
            assertEquals(3.5, v, 1e-12);
        }
    }
}
