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
    @Timeout(30)
    void directionsAreTheGuidesUnitNormalAtItsJump() {
        float[] h = step(1f);
        try (RowBlocks blocks = new RowBlocks(2)) {
            float[][] xi = TvEdgeWeights.directions(h, W, D, H, 0.1, blocks);
            for (int y = 0; y < H; y++) {
                for (int z = 0; z < D; z++) {
                    for (int x = 0; x < W; x++) {
                        int v = (y * D + z) * W + x;
                        double len = Math.sqrt(xi[0][v] * xi[0][v] + xi[1][v] * xi[1][v] + xi[2][v] * xi[2][v]);
                        assertTrue(len < 1, "|xi| " + len);
                        if (x == 6) {
                            assertTrue(xi[0][v] > 0.99, "across the jump: " + xi[0][v]);
                        } else if (z > 0) {
                            // the ramp's gradient (0.01, the quantile) against eta 0.001: along z, nearly 1
                            assertTrue(xi[1][v] > 0.9 && Math.abs(xi[0][v]) < 1e-6, "ramp: " + xi[1][v]);
                        }
                    }
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void directionalTvKeepsAJumpAcrossTheGuidesEdge() {
        // A weak noisy jump where the guide jumps: the directional TV keeps more of it than the plain joint TV, and
        // with a huge eta (xi about 0) it is the plain TV.
        float[] guide = step(1f);
        java.util.Random rnd = new java.util.Random(5);
        float[] weak = new float[guide.length];
        for (int i = 0; i < weak.length; i++) {
            weak[i] = 0.15f * guide[i] + 0.03f * (float) rnd.nextGaussian();
        }
        try (RowBlocks blocks = new RowBlocks(2)) {
            float[][] plain = {new float[weak.length]};
            new JointTv3D().apply(new float[][] {weak}, plain, W, D, H, 0.1, 100, blocks,
                    org.fusionj.core.progress.CancellationToken.NEVER);
            JointTv3D directional = new JointTv3D();
            directional.directions(TvEdgeWeights.directions(guide, W, D, H, 0.1, blocks));
            float[][] guided = {new float[weak.length]};
            directional.apply(new float[][] {weak}, guided, W, D, H, 0.1, 100, blocks,
                    org.fusionj.core.progress.CancellationToken.NEVER);
            double jumpPlain = jump(plain[0]);
            double jumpGuided = jump(guided[0]);
            double truth = jump(weak);
            assertTrue(Math.abs(jumpGuided - truth) < 0.5 * Math.abs(jumpPlain - truth), "jump: truth " + truth
                    + ", directional " + jumpGuided + ", plain " + jumpPlain);
            JointTv3D none = new JointTv3D();
            none.directions(TvEdgeWeights.directions(guide, W, D, H, 1e6, blocks));
            float[][] same = {new float[weak.length]};
            none.apply(new float[][] {weak}, same, W, D, H, 0.1, 100, blocks,
                    org.fusionj.core.progress.CancellationToken.NEVER);
            for (int i = 0; i < weak.length; i++) {
                assertEquals(plain[0][i], same[0][i], 1e-4, "eta huge, voxel " + i);
            }
        }
    }

    /** Mean of x = 6..8 minus mean of x = 3..5: the height of the step's jump. */
    private static double jump(float[] v) {
        double hi = 0;
        double lo = 0;
        for (int y = 0; y < H; y++) {
            for (int z = 0; z < D; z++) {
                for (int k = 0; k < 3; k++) {
                    hi += v[(y * D + z) * W + 6 + k];
                    lo += v[(y * D + z) * W + 3 + k];
                }
            }
        }
        return (hi - lo) / (3.0 * H * D);
    }

    @Test
    @Timeout(180)
    void fusedRunWithThemSameBitsForAnyThreadCountAndCancels() {
        TomoPhantom phantom = TomoFusionSolverTest.small();
        TomoFusionParameters base = TomoFusionParameters.builder().iterations(4).initIterations(3).tvIterations(3)
                .build();
        TomoFusionResult plain = new TomoFusionSolver(2).solve(phantom.problem(), base);
        for (TomoFusionParameters p : new TomoFusionParameters[] {base.toBuilder().tvEdgeGuide(1).build(),
            base.toBuilder().tvDirectional(0.1).build()}) {
            TomoFusionResult reference = FusedRunChecks.sameBitsForAnyThreadCount(phantom, p);
            assertFalse(Arrays.equals(plain.volumes().get(0), reference.volumes().get(0)), "changed nothing: " + p);
            FusedRunChecks.stopsOnCancel(phantom, p);
        }
    }

    @Test
    void offByDefaultAndBadScalesRefused() {
        assertEquals(0, TomoFusionParameters.defaults().tvEdgeGuide(), "off by default");
        assertEquals(0, TomoFusionParameters.defaults().tvDirectional(), "off by default");
        for (double bad : new double[] {-1, Double.NaN, Double.POSITIVE_INFINITY}) {
            InvalidInputException ex = assertThrows(InvalidInputException.class,
                    () -> TomoFusionParameters.builder().tvEdgeGuide(bad).build());
            assertTrue(ex.getMessage().contains("edge scale"), ex.getMessage());
            ex = assertThrows(InvalidInputException.class,
                    () -> TomoFusionParameters.builder().tvDirectional(bad).build());
            assertTrue(ex.getMessage().contains("directional"), ex.getMessage());
        }
    }
}
