package org.fusionj.core.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The composition TV ({@link CompositionTv}): on a noisy two-phase block it flattens the composition inside each
 * phase and keeps the interface, keeps every dense voxel's HAADF model, leaves sparse voxels alone, gives the same
 * bits for any thread count, stops on cancel and refuses bad settings; so does a fused run with it in the loop
 * ({@link TomoFusionParameters#compositionTv()}) or as a final step ({@link TomoFusionParameters#compositionTvFinal()}).
 */
class CompositionTvTest {

    private static final float[] W = {1.2f, 0.8f, 1.0f};
    private static final double GAMMA = 1.6;
    private static final int WIDTH = 16;
    private static final int DEPTH = 12;
    private static final int HEIGHT = 10;
    private static final double[] A = {0.6, 0.3, 0.1};
    private static final double[] B = {0.1, 0.4, 0.5};

    /** The left half phase A, the right half phase B (composition noise up to 0.2 never clipped at 0). */
    private static float[][] twoPhases(double noise) {
        return TwoPhaseVolumes.make(WIDTH, DEPTH, HEIGHT, A, B, noise);
    }

    private static double haadf(float[][] x, int v) {
        return TwoPhaseVolumes.haadf(x, v, W, GAMMA);
    }

    /** RMS distance of the dense voxels' compositions from their true phase's. */
    private static double compositionError(float[][] x) {
        double err = 0;
        int count = 0;
        for (int v = 0; v < x[0].length; v++) {
            double s = x[0][v] + x[1][v] + x[2][v];
            if (s < CompositionTv.DENSE) {
                continue;
            }
            double[] c = v % WIDTH < WIDTH / 2 ? A : B;
            for (int e = 0; e < 3; e++) {
                double d = x[e][v] / s - c[e];
                err += d * d;
            }
            count++;
        }
        return Math.sqrt(err / count);
    }

    private static float[][] copy(float[][] x) {
        return new float[][] {x[0].clone(), x[1].clone(), x[2].clone()};
    }

    @Test
    @Timeout(30)
    void flattensEachPhaseKeepsTheInterfaceAndTheHaadfModel() {
        float[][] x = twoPhases(0.2);
        float[][] before = copy(x);
        try (RowBlocks blocks = new RowBlocks(2)) {
            new CompositionTv(W, GAMMA).apply(x, WIDTH, DEPTH, HEIGHT, 0.1, CompositionTv.DENSE, 200, blocks,
                    CancellationToken.NEVER);
        }
        double noisy = compositionError(before);
        double smoothed = compositionError(x);
        assertTrue(smoothed < 0.3 * noisy, "composition error " + noisy + " -> " + smoothed);
        int dense = 0;
        for (int v = 0; v < x[0].length; v++) {
            double s0 = before[0][v] + before[1][v] + before[2][v];
            if (s0 < CompositionTv.DENSE) {
                for (int e = 0; e < 3; e++) {
                    assertEquals(before[e][v], x[e][v], 0f, "a sparse voxel moved");
                }
                continue;
            }
            dense++;
            assertEquals(haadf(before, v), haadf(x, v), 1e-5 * haadf(before, v), "HAADF model of voxel " + v);
        }
        assertTrue(dense > x[0].length / 2, "dense voxels " + dense);
        // The interface stays sharp: the columns next to it keep their own phase's composition.
        for (int y = 1; y < HEIGHT - 1; y++) {
            for (int z = 2; z < DEPTH - 1; z++) {
                int left = (y * DEPTH + z) * WIDTH + WIDTH / 2 - 1;
                double sl = x[0][left] + x[1][left] + x[2][left];
                double sr = x[0][left + 1] + x[1][left + 1] + x[2][left + 1];
                assertEquals(A[0], x[0][left] / sl, 0.1, "Au fraction left of the interface, voxel " + left);
                assertEquals(B[0], x[0][left + 1] / sr, 0.1, "Au fraction right of the interface, voxel " + left);
            }
        }
    }

    @Test
    @Timeout(60)
    void sameBitsForAnyThreadCountAndReusable() {
        CompositionTv withSteps = new CompositionTv(W, GAMMA);
        withSteps.bregmanSteps(2);
        withSteps.reweight(2, 0.05);
        for (CompositionTv reused : new CompositionTv[] {new CompositionTv(W, GAMMA), withSteps}) {
            float[][] reference = null;
            for (int threads : new int[] {1, 2, 3, 8}) {
                float[][] x = twoPhases(0.2);
                try (RowBlocks blocks = new RowBlocks(threads)) {
                    reused.apply(x, WIDTH, DEPTH, HEIGHT, 0.2, CompositionTv.DENSE, 40, blocks,
                            CancellationToken.NEVER);
                }
                if (reference == null) {
                    reference = x;
                    continue;
                }
                for (int e = 0; e < 3; e++) {
                    assertArrayEquals(reference[e], x[e], threads + " threads, element " + e);
                }
            }
        }
    }

    @Test
    @Timeout(30)
    void stopsOnCancelAndRefusesBadSettings() {
        float[][] x = twoPhases(0.2);
        CancellationToken token = new CancellationToken();
        token.cancel();
        try (RowBlocks blocks = new RowBlocks(2)) {
            CompositionTv tv = new CompositionTv(W, GAMMA);
            assertThrows(CancelledException.class, () -> tv.apply(x, WIDTH, DEPTH, HEIGHT, 0.2, 0.3f, 10, blocks,
                    token));
            assertThrows(InvalidInputException.class, () -> tv.apply(x, WIDTH, DEPTH, HEIGHT, 0, 0.3f, 10, blocks,
                    CancellationToken.NEVER));
            assertThrows(InvalidInputException.class, () -> tv.apply(x, WIDTH, DEPTH, HEIGHT, Double.NaN, 0.3f, 10,
                    blocks, CancellationToken.NEVER));
            assertThrows(InvalidInputException.class, () -> tv.apply(x, WIDTH, DEPTH, HEIGHT, 0.2, 0.3f, 0, blocks,
                    CancellationToken.NEVER));
        }
    }

    @Test
    @Timeout(30)
    void bregmanStepsRestoreContrast() {
        float[][] plain = twoPhases(0.2);
        float[][] bregman = twoPhases(0.2);
        try (RowBlocks blocks = new RowBlocks(2)) {
            new CompositionTv(W, GAMMA).apply(plain, WIDTH, DEPTH, HEIGHT, 0.5, CompositionTv.DENSE, 100, blocks,
                    CancellationToken.NEVER);
            CompositionTv tv = new CompositionTv(W, GAMMA);
            tv.bregmanSteps(2);
            tv.apply(bregman, WIDTH, DEPTH, HEIGHT, 0.5, CompositionTv.DENSE, 100, blocks, CancellationToken.NEVER);
            assertThrows(InvalidInputException.class, () -> tv.bregmanSteps(-1));
            assertThrows(InvalidInputException.class, () -> tv.reweight(-1, 0.05));
            assertThrows(InvalidInputException.class, () -> tv.reweight(1, 0));
        }
        // a strong TV pulls both halves towards the mean composition; adding back the residual undoes most of it
        assertTrue(compositionError(bregman) < 0.5 * compositionError(plain),
                compositionError(plain) + " -> " + compositionError(bregman));
    }

    @Test
    @Timeout(120)
    void fusedRunWithItSameBitsForAnyThreadCountAndCancels() {
        TomoPhantom phantom = TomoFusionSolverTest.small();
        TomoFusionParameters p = TomoFusionParameters.builder().iterations(FusedReconstruction.PHASE_START + 3)
                .initIterations(3).tvIterations(3).compositionTv(0.05).compositionTvFinal(0.3).build();
        TomoFusionResult reference = FusedRunChecks.sameBitsForAnyThreadCount(phantom, p);
        TomoFusionResult without = new TomoFusionSolver(2).solve(phantom.problem(),
                p.toBuilder().compositionTv(0).build());
        assertFalse(Arrays.equals(without.volumes().get(0), reference.volumes().get(0)), "the step changed nothing");
        TomoFusionResult noFinal = new TomoFusionSolver(2).solve(phantom.problem(),
                p.toBuilder().compositionTvFinal(0).build());
        assertFalse(Arrays.equals(noFinal.volumes().get(0), reference.volumes().get(0)), "the final step did nothing");
        FusedRunChecks.stopsOnCancel(phantom, p);
        assertThrows(InvalidInputException.class, () -> TomoFusionParameters.builder().compositionTv(-1).build());
        assertThrows(InvalidInputException.class, () -> TomoFusionParameters.builder().compositionTv(Double.NaN)
                .build());
        assertThrows(InvalidInputException.class, () -> TomoFusionParameters.builder().compositionTvFinal(-0.1)
                .build());
        assertEquals(0, TomoFusionParameters.defaults().compositionTv(), "off by default");
        assertEquals(0.3, TomoFusionParameters.defaults().compositionTvFinal(), "on by default (composition_tv)");
    }
}
