package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The 2-D optimiser path samples bilinearly; it must give the bits the trilinear sampler gives on a depth-1 image,
 * inside, on the edges and outside, so that 2-D results do not depend on which path ran.
 */
class PlanarSamplingTest {

    @Test
    @Timeout(30)
    void bilinearGivesTheTrilinearBitsOnADepthOneImage() {
        int nx = 37;
        int ny = 23;
        SplittableRandom rnd = new SplittableRandom(5);
        float[] v = new float[nx * ny];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        for (int k = 0; k < 20000; k++) {
            double x = -2 + (nx + 3) * rnd.nextDouble();
            double y = -2 + (ny + 3) * rnd.nextDouble();
            if (k % 10 == 0) {
                x = Math.floor(x);
            }
            if (k % 15 == 0) {
                y = k % 2 == 0 ? ny - 1 : 0;
            }
            assertEquals(Float.floatToRawIntBits(Sampling.trilinear(v, nx, ny, 1, x, y, 0)),
                    Float.floatToRawIntBits(Sampling.bilinear(v, nx, ny, x, y)), "at " + x + ", " + y);
        }
    }
}
