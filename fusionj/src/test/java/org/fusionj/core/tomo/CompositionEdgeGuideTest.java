package org.fusionj.core.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The HAADF-edge weights of the composition TV ({@link CompositionEdgeGuide},
 * {@link TomoFusionParameters#compositionTvGuide()}): on a block whose composition is blurred over four voxels
 * across an interface while its HAADF model jumps at one place (what the fused volumes look like at a core-shell
 * interface), the weights are small only at the HAADF edge, the guided TV sharpens the interface where the plain one
 * keeps the ramp, both give the same bits for any thread count, and a fused run with the option does too.
 */
class CompositionEdgeGuideTest {

    private static final float[] W = {1.5f, 0.9f, 0.6f};
    private static final double GAMMA = 1.6;
    private static final int WIDTH = 16;
    private static final int DEPTH = 12;
    private static final int HEIGHT = 10;
    private static final double[] A = {0.9, 0.1, 0.0};
    private static final double[] B = {0.1, 0.8, 0.1};
    /** The HAADF edge: between columns EDGE - 1 and EDGE. */
    private static final int EDGE = WIDTH / 2;

    /**
     * True composition A left of {@link #EDGE}, B from it on; the volumes' composition ramps from A to B over
     * columns EDGE - 2 to EDGE + 1, plus noise, and each voxel's density is set so that its HAADF model is A's (left)
     * or B's (right) at density 1 +- 1%: the HAADF model jumps sharply, the composition does not.
     */
    private static float[][] blurred() {
        float[][] x = new float[3][WIDTH * DEPTH * HEIGHT];
        SplittableRandom rng = new SplittableRandom(3);
        double ha = model(A);
        double hb = model(B);
        for (int y = 0; y < HEIGHT; y++) {
            for (int z = 0; z < DEPTH; z++) {
                for (int xx = 0; xx < WIDTH; xx++) {
                    int v = (y * DEPTH + z) * WIDTH + xx;
                    double t = Math.min(1, Math.max(0, (xx - (EDGE - 2.5)) / 4.0));
                    double[] f = new double[3];
                    for (int e = 0; e < 3; e++) {
                        f[e] = Math.max(0, (1 - t) * A[e] + t * B[e] + 0.05 * (rng.nextDouble() - 0.5));
                    }
                    double target = (xx < EDGE ? ha : hb) * Math.pow(0.99 + 0.02 * rng.nextDouble(), GAMMA);
                    double s = Math.pow(target / model(f), 1 / GAMMA);
                    for (int e = 0; e < 3; e++) {
                        x[e][v] = (float) (s * f[e]);
                    }
                }
            }
        }
        return x;
    }

    private static double model(double[] f) {
        double h = 0;
        for (int e = 0; e < 3; e++) {
            h += W[e] * Math.pow(f[e], GAMMA);
        }
        return h;
    }

    /** RMS distance of the compositions of the four columns round the edge from their true phase's. */
    private static double interfaceError(float[][] x) {
        double err = 0;
        int count = 0;
        for (int v = 0; v < x[0].length; v++) {
            int col = v % WIDTH;
            if (col < EDGE - 2 || col > EDGE + 1) {
                continue;
            }
            double s = x[0][v] + x[1][v] + x[2][v];
            double[] c = col < EDGE ? A : B;
            for (int e = 0; e < 3; e++) {
                double d = x[e][v] / s - c[e];
                err += d * d;
            }
            count++;
        }
        return Math.sqrt(err / count);
    }

    /**
     * TV weight 1, one Bregman step, 50 iterations. Measured on this block (interface error, plain / guided): no
     * Bregman step 0.31 / 0.08, one 0.29 / 0.08, three 0.30 / 0.28 (the steps add the blurred ramp back).
     */
    private static float[][] solve(float[][] x, boolean guided, int threads) {
        return solve(x, guided, threads, 1, 50, 1);
    }

    private static float[][] solve(float[][] x, boolean guided, int threads, int bregman, int it, double mu) {
        try (RowBlocks blocks = new RowBlocks(threads)) {
            CompositionTv tv = new CompositionTv(W, GAMMA);
            tv.bregmanSteps(bregman);
            if (guided) {
                tv.tvWeights(CompositionEdgeGuide.weights(x, W, GAMMA, 0.1, WIDTH, DEPTH, HEIGHT, blocks));
            }
            tv.apply(x, WIDTH, DEPTH, HEIGHT, mu, CompositionTv.DENSE, it, blocks, CancellationToken.NEVER);
        }
        return x;
    }

    @Test
    @Timeout(30)
    void weightsAreSmallOnlyAtTheHaadfEdge() {
        float[] g;
        try (RowBlocks blocks = new RowBlocks(2)) {
            g = CompositionEdgeGuide.weights(blurred(), W, GAMMA, 0.1, WIDTH, DEPTH, HEIGHT, blocks);
        }
        for (int v = 0; v < g.length; v++) {
            int col = v % WIDTH;
            assertTrue(g[v] > 0 && g[v] <= 1, "weight " + g[v]);
            if (col == EDGE - 1) {
                assertTrue(g[v] < 0.1, "weight at the HAADF edge, voxel " + v + ": " + g[v]);
            } else {
                assertTrue(g[v] > 0.5, "weight off the edge, voxel " + v + ": " + g[v]);
            }
        }
    }

    @Test
    @Timeout(60)
    void guidedTvSharpensTheBlurredInterface() {
        float[][] before = blurred();
        double blurredError = interfaceError(before);
        double plain = interfaceError(solve(blurred(), false, 2));
        double guided = interfaceError(solve(blurred(), true, 2));
        assertTrue(guided < 0.5 * plain && guided < 0.5 * blurredError,
                "interface composition error: blurred " + blurredError + ", plain TV " + plain + ", guided " + guided);
    }

    @Test
    @Timeout(60)
    void sameBitsForAnyThreadCount() {
        float[][] reference = solve(blurred(), true, 1);
        float[] weights;
        try (RowBlocks blocks = new RowBlocks(1)) {
            weights = CompositionEdgeGuide.weights(blurred(), W, GAMMA, 0.1, WIDTH, DEPTH, HEIGHT, blocks);
        }
        for (int threads : new int[] {2, 3, 8}) {
            float[][] x = solve(blurred(), true, threads);
            for (int e = 0; e < 3; e++) {
                assertArrayEquals(reference[e], x[e], threads + " threads, element " + e);
            }
            try (RowBlocks blocks = new RowBlocks(threads)) {
                assertArrayEquals(weights, CompositionEdgeGuide.weights(blurred(), W, GAMMA, 0.1, WIDTH, DEPTH,
                        HEIGHT, blocks), threads + " threads, weights");
            }
        }
    }

    @Test
    @Timeout(60)
    void bregmanWeightsOfOneChangeNothingAndOthersAreDeterministic() {
        float[][] reference = solve(blurred(), true, 2, 2, 20, 1);
        float[] ones = new float[reference[0].length];
        Arrays.fill(ones, 1f);
        float[][] withOnes = blurred();
        float[][] guided = null;
        for (int threads : new int[] {1, 2, 8}) {
            try (RowBlocks blocks = new RowBlocks(threads)) {
                float[][] x = blurred();
                float[] g = CompositionEdgeGuide.weights(x, W, GAMMA, 0.1, WIDTH, DEPTH, HEIGHT, blocks);
                CompositionTv tv = new CompositionTv(W, GAMMA);
                tv.bregmanSteps(2);
                tv.tvWeights(g);
                tv.bregmanWeights(threads == 1 ? ones : g);
                if (threads == 1) {
                    tv.apply(withOnes, WIDTH, DEPTH, HEIGHT, 1, CompositionTv.DENSE, 20, blocks,
                            CancellationToken.NEVER);
                    continue;
                }
                tv.apply(x, WIDTH, DEPTH, HEIGHT, 1, CompositionTv.DENSE, 20, blocks, CancellationToken.NEVER);
                if (guided == null) {
                    guided = x;
                    assertFalse(Arrays.equals(reference[0], x[0]), "the Bregman weights changed nothing");
                } else {
                    for (int e = 0; e < 3; e++) {
                        assertArrayEquals(guided[e], x[e], threads + " threads, element " + e);
                    }
                }
            }
        }
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(reference[e], withOnes[e], "Bregman weights 1, element " + e);
        }
    }

    @Test
    @Timeout(30)
    void refusesBadScales() {
        try (RowBlocks blocks = new RowBlocks(1)) {
            for (double bad : new double[] {0, -0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
                assertThrows(InvalidInputException.class, () -> CompositionEdgeGuide.weights(blurred(), W, GAMMA, bad,
                        WIDTH, DEPTH, HEIGHT, blocks));
            }
        }
        for (double bad : new double[] {-0.1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThrows(InvalidInputException.class, () -> TomoFusionParameters.builder().compositionTvGuide(bad)
                    .build());
        }
        try (RowBlocks blocks = new RowBlocks(1)) {
            CompositionTv wrongTv = new CompositionTv(W, GAMMA);
            wrongTv.tvWeights(new float[3]);
            assertThrows(IllegalArgumentException.class, () -> wrongTv.apply(blurred(), WIDTH, DEPTH, HEIGHT, 1,
                    CompositionTv.DENSE, 5, blocks, CancellationToken.NEVER));
            CompositionTv wrongBregman = new CompositionTv(W, GAMMA);
            wrongBregman.bregmanSteps(1);
            wrongBregman.bregmanWeights(new float[3]);
            assertThrows(IllegalArgumentException.class, () -> wrongBregman.apply(blurred(), WIDTH, DEPTH, HEIGHT, 1,
                    CompositionTv.DENSE, 5, blocks, CancellationToken.NEVER));
        }
        assertEquals(0, TomoFusionParameters.defaults().compositionTvGuide(), "off by default");
    }

    @Test
    @Timeout(120)
    void fusedRunWithItSameBitsForAnyThreadCountAndCancels() {
        TomoPhantom phantom = TomoFusionSolverTest.small();
        TomoFusionParameters p = TomoFusionParameters.builder().iterations(FusedReconstruction.PHASE_START + 2)
                .initIterations(3).tvIterations(3).compositionTvFinal(1).compositionTvGuide(0.1).build();
        TomoFusionResult reference = FusedRunChecks.sameBitsForAnyThreadCount(phantom, p);
        TomoFusionResult without = new TomoFusionSolver(2).solve(phantom.problem(),
                p.toBuilder().compositionTvGuide(0).build());
        assertFalse(Arrays.equals(without.volumes().get(0), reference.volumes().get(0)), "the guide changed nothing");
        FusedRunChecks.stopsOnCancel(phantom, p);
    }
}
