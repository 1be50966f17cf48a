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
 * The composition (phase) prior, an experiment kept in the core (docs/fusion-tomography.md, "A composition prior":
 * it did not lower the error on the phantom family): k-means finds the phases of a volume made of two, the pull
 * keeps each voxel's HAADF model and leaves sparse voxels alone, and a fused run with it gives the same bits for any
 * thread count and stops on cancel.
 */
class PhasePriorTest {

    private static final float[] W = {1.2f, 0.8f, 1.0f};
    private static final double GAMMA = 1.6;

    /** 10 slices of 8 x 8: the left half phase A, the right half phase B, density 1 +- 10%, a sparse border row. */
    private static float[][] twoPhases(double[] a, double[] b, double noise) {
        return TwoPhaseVolumes.make(8, 8, 10, a, b, noise);
    }

    private static double haadf(float[][] x, int v) {
        return TwoPhaseVolumes.haadf(x, v, W, GAMMA);
    }

    @Test
    @Timeout(30)
    void findsThePhasesAndPullsTowardsThemKeepingTheHaadfModel() {
        double[] a = {0.7, 0.3, 0};
        double[] b = {0, 0.4, 0.6};
        float[][] x = twoPhases(a, b, 0.2);
        float[][] before = {x[0].clone(), x[1].clone(), x[2].clone()};
        PhasePrior prior = new PhasePrior(2, 1.0, W, GAMMA);
        try (RowBlocks blocks = new RowBlocks(2)) {
            prior.apply(x, blocks, 10);
        }
        double[] c = prior.phases();
        // Order-free: the phase nearer to a is a's.
        int ia = Math.abs(c[0] - a[0]) < Math.abs(c[3] - a[0]) ? 0 : 1;
        int ib = 1 - ia;
        for (int e = 0; e < 3; e++) {
            assertEquals(a[e], c[3 * ia + e], 0.03, "phase A " + Arrays.toString(c));
            assertEquals(b[e], c[3 * ib + e], 0.03, "phase B " + Arrays.toString(c));
        }
        int n = x[0].length;
        int pulled = 0;
        for (int v = 0; v < n; v++) {
            double s0 = before[0][v] + before[1][v] + before[2][v];
            if (s0 < PhasePrior.DENSE) {
                for (int e = 0; e < 3; e++) {
                    assertEquals(before[e][v], x[e][v], 0f, "a sparse voxel moved");
                }
                continue;
            }
            pulled++;
            assertEquals(haadf(before, v), haadf(x, v), 1e-5 * haadf(before, v), "HAADF model of voxel " + v);
            // weight 1: the voxel's composition is its phase's
            double s = x[0][v] + x[1][v] + x[2][v];
            int phase = v % 8 < 4 ? ia : ib;
            for (int e = 0; e < 3; e++) {
                assertEquals(c[3 * phase + e], x[e][v] / s, 1e-5, "composition of voxel " + v);
            }
        }
        assertTrue(pulled > n / 2, "dense voxels " + pulled);
    }

    @Test
    @Timeout(30)
    void aWeakPullMovesPartOfTheWay() {
        float[][] x = twoPhases(new double[] {0.7, 0.3, 0}, new double[] {0, 0.4, 0.6}, 0.2);
        float[][] full = {x[0].clone(), x[1].clone(), x[2].clone()};
        float[][] none = {x[0].clone(), x[1].clone(), x[2].clone()};
        try (RowBlocks blocks = new RowBlocks(1)) {
            new PhasePrior(2, 0.3, W, GAMMA).apply(x, blocks, 10);
            new PhasePrior(2, 1.0, W, GAMMA).apply(full, blocks, 10);
            new PhasePrior(2, 0.0, W, GAMMA).apply(none, blocks, 10);
        }
        float[][] original = twoPhases(new double[] {0.7, 0.3, 0}, new double[] {0, 0.4, 0.6}, 0.2);
        double moved = 0;
        double movedFull = 0;
        for (int e = 0; e < 3; e++) {
            assertArrayEquals(original[e], none[e], "weight 0 changed the volume");
            for (int v = 0; v < x[e].length; v++) {
                moved += Math.abs(x[e][v] - none[e][v]);
                movedFull += Math.abs(full[e][v] - none[e][v]);
            }
        }
        assertTrue(moved > 0.2 * movedFull && moved < 0.45 * movedFull, moved + " of " + movedFull);
    }

    @Test
    @Timeout(120)
    void fusedRunWithThePriorSameBitsForAnyThreadCountAndCancels() {
        TomoPhantom phantom = TomoFusionSolverTest.small();
        TomoFusionParameters p = TomoFusionParameters.builder().iterations(FusedReconstruction.PHASE_START + 3)
                .initIterations(3).tvIterations(3).phases(3).phaseWeight(0.5).build();
        TomoFusionResult reference = FusedRunChecks.sameBitsForAnyThreadCount(phantom, p);
        TomoFusionResult without = new TomoFusionSolver(2).solve(phantom.problem(), p.toBuilder().phases(0).build());
        assertFalse(Arrays.equals(without.volumes().get(0), reference.volumes().get(0)), "the prior changed nothing");
        FusedRunChecks.stopsOnCancel(phantom, p);
    }

    @Test
    void refusesBadSettings() {
        assertThrows(InvalidInputException.class, () -> TomoFusionParameters.builder().phases(-1).build());
        assertThrows(InvalidInputException.class, () -> TomoFusionParameters.builder()
                .phases(PhasePrior.MAX_PHASES + 1).build());
        assertThrows(InvalidInputException.class, () -> TomoFusionParameters.builder().phaseWeight(1.5).build());
        assertThrows(InvalidInputException.class, () -> TomoFusionParameters.builder().phaseWeight(Double.NaN)
                .build());
        assertEquals(0, TomoFusionParameters.defaults().phases(), "the prior is off by default");
    }
}
