package org.fusionj.core.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The joint TV step with warm duals ({@link WarmJointTv3D}, {@link TomoFusionParameters#warmTv()}): it solves the
 * problem of {@link JointTv3D} (the same minimiser when both run long), its warm start continues the last solve,
 * its results are bit-identical for 1, 2 and 8 threads (the step and a whole fused solve), and it stops on cancel.
 */
@Timeout(120)
class WarmJointTv3DTest {

    private static final int W = 13;
    private static final int R = 11;
    private static final int S = 9;

    private static float[][] noisyBoxes(long seed) {
        Random rnd = new Random(seed);
        float[][] v = new float[3][W * R * S];
        float[] level = {1f, 0.5f, 0.2f};
        for (int e = 0; e < 3; e++) {
            for (int s = 0; s < S; s++) {
                for (int r = 0; r < R; r++) {
                    for (int x = 0; x < W; x++) {
                        boolean in = x >= 3 && x < 9 && r >= 2 && r < 8 && s >= 2 && s < 7;
                        v[e][(s * R + r) * W + x] = (in ? level[e] : 0f) + 0.2f * (float) rnd.nextGaussian();
                    }
                }
            }
        }
        return v;
    }

    private static float[][] outputs(int n) {
        return new float[][] {new float[n], new float[n], new float[n]};
    }

    @Test
    void convergesToTheMinimiserFgpFinds() {
        float[][] b = noisyBoxes(1);
        int n = b[0].length;
        try (RowBlocks blocks = new RowBlocks(2)) {
            float[][] fgp = outputs(n);
            new JointTv3D().apply(b, fgp, W, R, S, 0.08, 400, blocks, CancellationToken.NEVER);
            float[][] gp = outputs(n);
            WarmJointTv3D warm = new WarmJointTv3D();
            float[][] few = outputs(n);
            warm.apply(b, few, null, W, R, S, 0.08, 5, blocks, CancellationToken.NEVER);
            double dFew = maxDiff(few, fgp);
            // 80 calls of 5 iterations on the same input: the warm duals continue, as one solve of 400 iterations
            for (int call = 1; call < 80; call++) {
                warm.apply(b, gp, null, W, R, S, 0.08, 5, blocks, CancellationToken.NEVER);
            }
            double dWarm = maxDiff(gp, fgp);
            assertTrue(dWarm < 2e-3, "warm GP after 400 iterations vs FGP after 400: " + dWarm);
            assertTrue(dFew > 5 * dWarm, "5 iterations " + dFew + ", 400 " + dWarm);
            // after reset the duals start from zero again: the first call's result
            warm.reset();
            float[][] again = outputs(n);
            warm.apply(b, again, null, W, R, S, 0.08, 5, blocks, CancellationToken.NEVER);
            for (int e = 0; e < 3; e++) {
                assertArrayEquals(few[e], again[e]);
            }
        }
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        float[][] b = noisyBoxes(2);
        int n = b[0].length;
        float[] guide = noisyBoxes(3)[0];
        float[][] reference = null;
        for (int threads : new int[] {1, 2, 8}) {
            try (RowBlocks blocks = new RowBlocks(threads)) {
                WarmJointTv3D warm = new WarmJointTv3D();
                float[][] out = outputs(n);
                warm.apply(b, out, guide, W, R, S, 0.05, 4, blocks, CancellationToken.NEVER);
                warm.apply(b, out, guide, W, R, S, 0.05, 3, blocks, CancellationToken.NEVER);
                if (reference == null) {
                    reference = out;
                } else {
                    for (int e = 0; e < 3; e++) {
                        assertArrayEquals(reference[e], out[e], threads + " threads, element " + e);
                    }
                }
            }
        }
    }

    @Test
    @Timeout(60)
    void stopsOnCancel() throws InterruptedException {
        float[][] b = noisyBoxes(4);
        CancellationToken cancel = new CancellationToken();
        Thread canceller = new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            cancel.cancel();
        });
        canceller.start();
        try (RowBlocks blocks = new RowBlocks(2)) {
            // 10^9 iterations would take hours: only the cancel ends it within the time bound
            assertThrows(CancelledException.class, () -> new WarmJointTv3D().apply(b, outputs(b[0].length), null, W,
                    R, S, 0.05, 1_000_000_000, blocks, cancel));
        }
        canceller.join();
    }

    /** A whole fused solve with warm duals: the same volumes for 1, 2 and 8 threads; other volumes than FGP's. */
    @Test
    void fusedSolveIsBitIdenticalForAnyThreadCount() {
        TomoFusionProblem problem = TomoPhantom.generate(TomoPhantomSpec.defaults(16), 1).problem();
        TomoFusionParameters warm = TomoFusionParameters.builder().iterations(8).initIterations(3).warmTv(true)
                .build();
        TomoFusionResult reference = null;
        for (int threads : new int[] {1, 2, 8}) {
            TomoFusionResult r = new TomoFusionSolver(threads).solve(problem, warm);
            if (reference == null) {
                reference = r;
            } else {
                for (int e = 0; e < r.volumes().size(); e++) {
                    assertArrayEquals(reference.volumes().get(e), r.volumes().get(e), threads + " threads, element "
                            + e);
                }
            }
        }
        TomoFusionResult fgp = new TomoFusionSolver(2).solve(problem, warm.toBuilder().warmTv(false).build());
        assertFalse(Arrays.equals(fgp.volumes().get(0), reference.volumes().get(0)), "warm duals changed nothing");
    }

    private static double maxDiff(float[][] a, float[][] b) {
        double m = 0;
        for (int e = 0; e < a.length; e++) {
            for (int i = 0; i < a[e].length; i++) {
                m = Math.max(m, Math.abs(a[e][i] - b[e][i]));
            }
        }
        return m;
    }
}
