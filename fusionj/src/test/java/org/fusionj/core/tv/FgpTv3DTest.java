package org.fusionj.core.tv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.junit.jupiter.api.Test;

/** The 3-D TV proximal step: it lowers its objective, converges, keeps constants, and ignores the thread count. */
class FgpTv3DTest {

    private static final int W = 19;
    private static final int R = 14;
    private static final int S = 11;

    /** A noisy block on a background. */
    private static float[] noisyBlock(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        float[] v = new float[W * R * S];
        for (int s = 0; s < S; s++) {
            for (int r = 0; r < R; r++) {
                for (int x = 0; x < W; x++) {
                    boolean inside = x > 4 && x < 14 && r > 3 && r < 10 && s > 2 && s < 8;
                    v[(s * R + r) * W + x] = (float) ((inside ? 1 : 0.1) + 0.2 * rng.nextGaussian());
                }
            }
        }
        return v;
    }

    private static double objective(float[] u, float[] b, double lambda) {
        double d = 0;
        for (int i = 0; i < u.length; i++) {
            double e = u[i] - b[i];
            d += e * e;
        }
        return 0.5 * d + lambda * TotalVariation3D.isotropic(u, W, R, S);
    }

    private static float[] prox(float[] b, double lambda, int iterations, int threads) {
        float[] out = new float[b.length];
        try (RowBlocks blocks = new RowBlocks(threads)) {
            double tv = new FgpTv3D().apply(b, out, W, R, S, lambda, iterations, blocks);
            assertEquals(TotalVariation3D.isotropic(out, W, R, S), tv, 1e-6 * tv);
        }
        return out;
    }

    @Test
    void lowersItsObjectiveAndConverges() {
        float[] b = noisyBlock(1);
        double lambda = 0.1;
        double start = objective(b, b, lambda);
        double few = objective(prox(b, lambda, 3, 2), b, lambda);
        double many = objective(prox(b, lambda, 100, 2), b, lambda);
        double more = objective(prox(b, lambda, 300, 2), b, lambda);
        assertTrue(few < start, few + " vs " + start);
        assertTrue(many < few, many + " vs " + few);
        // FGP converges: 300 iterations change the objective by less than 0.1% of what 100 gained.
        assertTrue(Math.abs(more - many) < 1e-3 * (start - many), more + " vs " + many);
        for (float v : prox(b, lambda, 20, 2)) {
            assertTrue(v >= 0);
        }
    }

    @Test
    void keepsAConstantVolumeAndNeedsNoThreadCount() {
        float[] c = new float[W * R * S];
        java.util.Arrays.fill(c, 0.7f);
        assertArrayEquals(c, prox(c, 0.3, 10, 1));
        float[] b = noisyBlock(2);
        float[] one = prox(b, 0.05, 12, 1);
        assertArrayEquals(one, prox(b, 0.05, 12, 2));
        assertArrayEquals(one, prox(b, 0.05, 12, 3));
    }

    @Test
    void refusesBadArguments() {
        float[] b = noisyBlock(3);
        try (RowBlocks blocks = new RowBlocks(1)) {
            FgpTv3D tv = new FgpTv3D();
            assertThrows(InvalidInputException.class, () -> tv.apply(b, new float[b.length], W, R, S, 0, 3, blocks));
            assertThrows(InvalidInputException.class, () -> tv.apply(b, new float[b.length], W, R, S, 0.1, 0,
                    blocks));
            assertThrows(IllegalArgumentException.class, () -> tv.apply(b, b, W, R, S, 0.1, 3, blocks));
            assertThrows(IllegalArgumentException.class, () -> tv.apply(b, new float[b.length], W, R, S + 1, 0.1, 3,
                    blocks));
        }
    }
}
