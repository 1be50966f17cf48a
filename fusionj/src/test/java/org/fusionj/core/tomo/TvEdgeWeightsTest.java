package org.fusionj.core.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The joint TV's weights from the HAADF's edges ({@link TvEdgeWeights}, {@link TomoFusionParameters#tvEdgeGuide()}):
 * where they are small, their range, kappa from the data, and the fused run with them (threads, cancel, off by
 * default).
 */
class TvEdgeWeightsTest {

    private static final int W = 24;
    private static final int D = 10;
    private static final int H = 8;

    /** A guide with a jump from 0.2 to 1 between x = 5 and x = 6, plus a gentle ramp along z. */
    private static float[] step(float height) {
        float[] h = new float[W * D * H];
        for (int y = 0; y < H; y++) {
            for (int z = 0; z < D; z++) {
                for (int x = 0; x < W; x++) {
                    h[(y * D + z) * W + x] = (x >= 6 ? height : 0.2f * height) + 0.01f * height * z;
                }
            }
        }
        return h;
    }

    @Test
    @Timeout(30)
    void smallAtTheJumpOnlyAndTheSameForAnyScale() {
        float[] h = step(1f);
        double eps = 0.05;
        try (RowBlocks blocks = new RowBlocks(2)) {
            float[] g = TvEdgeWeights.of(h, W, D, H, 1, eps, blocks);
            for (int y = 0; y < H; y++) {
                for (int z = 0; z < D; z++) {
                    for (int x = 0; x < W; x++) {
                        float v = g[(y * D + z) * W + x];
                        assertTrue(v >= eps && v <= 1, "weight " + v);
                        if (x == 6) {
                            // the backward difference across the jump: 0.8, against the ramp's 0.01 (the quantile)
                            assertTrue(v < eps + 0.01, "at the jump: " + v);
                        } else {
                            assertTrue(v > 0.4, "off the jump, x " + x + ": " + v);
                        }
                    }
                }
            }
            // kappa follows the guide's scale: the weights of 5 h are those of h
            float[] h5 = step(5f);
            float[] g5 = TvEdgeWeights.of(h5, W, D, H, 1, eps, blocks);
            for (int i = 0; i < g.length; i++) {
                assertEquals(g[i], g5[i], 1e-5, "voxel " + i);
            }
            float[] flat = new float[h.length];
            Arrays.fill(flat, 0.7f);
            for (float v : TvEdgeWeights.of(flat, W, D, H, 1, eps, blocks)) {
                assertEquals(1f, v, 0f);
            }
        }
    }

    @Test
    @Timeout(30)
    void sameBitsForAnyThreadCount() {
        float[] h = step(1f);
        java.util.Random rnd = new java.util.Random(3);
        for (int i = 0; i < h.length; i++) {
            h[i] += 0.05f * (float) rnd.nextGaussian();
        }
        float[] first = null;
        for (int threads : new int[] {1, 2, 8}) {
            try (RowBlocks blocks = new RowBlocks(threads)) {
                float[] g = TvEdgeWeights.of(h, W, D, H, 1, 0.1, blocks);
                if (first == null) {
                    first = g;
                } else {
                    assertArrayEquals(first, g, threads + " threads");
                }
            }
        }
    }

    @Test
    @Timeout(120)
    void fusedRunWithItSameBitsForAnyThreadCountAndCancels() {
        TomoPhantom phantom = TomoFusionSolverTest.small();
        TomoFusionParameters p = TomoFusionParameters.builder()
                .iterations(FusedReconstruction.EDGE_START + FusedReconstruction.EDGE_EVERY + 1).initIterations(3)
                .tvIterations(3).tvEdgeGuide(1).build();
        TomoFusionResult reference = FusedRunChecks.sameBitsForAnyThreadCount(phantom, p);
        TomoFusionResult without = new TomoFusionSolver(2).solve(phantom.problem(),
                p.toBuilder().tvEdgeGuide(0).build());
        assertFalse(Arrays.equals(without.volumes().get(0), reference.volumes().get(0)), "the weights changed nothing");
        FusedRunChecks.stopsOnCancel(phantom, p);
    }

    @Test
    void offByDefaultAndBadScalesRefused() {
        assertEquals(0, TomoFusionParameters.defaults().tvEdgeGuide(), "off by default");
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            InvalidInputException ex = assertThrows(InvalidInputException.class,
                    () -> TomoFusionParameters.builder().tvEdgeGuide(bad).build());
            assertTrue(ex.getMessage().contains("edge scale"), ex.getMessage());
        }
    }
}
