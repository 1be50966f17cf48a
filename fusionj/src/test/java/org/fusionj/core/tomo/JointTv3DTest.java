package org.fusionj.core.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.tv.FgpTv3D;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The joint 3-D TV proximal step: what it reduces to, what makes it joint, the guide, threads, refusals. */
@Timeout(120)
class JointTv3DTest {

    private static final int W = 13;
    private static final int R = 11;
    private static final int S = 9;

    /** A noisy box: the structure every element shares. */
    private static float[] noisyBox(long seed, float level, float noise) {
        Random rnd = new Random(seed);
        float[] v = new float[W * R * S];
        for (int s = 0; s < S; s++) {
            for (int r = 0; r < R; r++) {
                for (int x = 0; x < W; x++) {
                    boolean in = x >= 3 && x < 9 && r >= 2 && r < 8 && s >= 2 && s < 7;
                    v[(s * R + r) * W + x] = (in ? level : 0f) + noise * (float) rnd.nextGaussian();
                }
            }
        }
        return v;
    }

    @Test
    void oneVolumeIsTheIsotropicTvOfFgpTv3D() {
        float[] b = noisyBox(1, 1f, 0.3f);
        try (RowBlocks blocks = new RowBlocks(2)) {
            float[] expected = new float[b.length];
            double tvExpected = new FgpTv3D().apply(b, expected, W, R, S, 0.07, 12, blocks);
            float[][] out = {new float[b.length]};
            double tv = new JointTv3D().apply(new float[][] {b}, out, W, R, S, 0.07, 12, blocks,
                    CancellationToken.NEVER);
            // The same float operations in the same order: bit-identical.
            assertArrayEquals(expected, out[0]);
            assertEquals(tvExpected, tv, 1e-9 * tvExpected);
        }
    }

    @Test
    void twoEqualVolumesAreOneVolumeAtLambdaOverRootTwo() {
        // u1 = u2 = u: 2 (1/2 ||u - b||^2) + lambda sqrt(2) TV(u), so each is the one-volume prox at lambda / sqrt 2
        // (separate TV would give the prox at lambda): the norm couples the volumes.
        float[] b = noisyBox(2, 1f, 0.3f);
        double lambda = 0.1;
        try (RowBlocks blocks = new RowBlocks(2)) {
            float[][] out = {new float[b.length], new float[b.length]};
            new JointTv3D().apply(new float[][] {b, b.clone()}, out, W, R, S, lambda, 300, blocks,
                    CancellationToken.NEVER);
            float[] joint = new float[b.length];
            new FgpTv3D().apply(b, joint, W, R, S, lambda / Math.sqrt(2), 300, blocks);
            float[] separate = new float[b.length];
            new FgpTv3D().apply(b, separate, W, R, S, lambda, 300, blocks);
            double dJoint = maxDiff(out[0], joint);
            double dSeparate = maxDiff(out[0], separate);
            assertArrayEquals(out[0], out[1]);
            assertTrue(dJoint < 2e-3, "joint vs one volume at lambda / sqrt 2: " + dJoint);
            assertTrue(dSeparate > 10 * dJoint, "separate " + dSeparate + ", joint " + dJoint);
        }
    }

    @Test
    void sharedEdgesSurviveBetterThanSeparateTv() {
        // A strong element and a weak, noisy one with the same box: the joint TV keeps the weak one's edge (the
        // strong one pays for it), the separate TV flattens it more.
        float[] strong = noisyBox(3, 1f, 0.02f);
        float[] weak = noisyBox(4, 0.15f, 0.05f);
        double lambda = 0.05;
        try (RowBlocks blocks = new RowBlocks(2)) {
            float[][] out = {new float[strong.length], new float[strong.length]};
            new JointTv3D().apply(new float[][] {strong, weak}, out, W, R, S, lambda, 100, blocks,
                    CancellationToken.NEVER);
            float[] alone = new float[weak.length];
            new FgpTv3D().apply(weak, alone, W, R, S, lambda, 100, blocks);
            double jointContrast = contrast(out[1]);
            double aloneContrast = contrast(alone);
            assertTrue(jointContrast > aloneContrast * 1.2, "weak element's box contrast: joint " + jointContrast
                    + ", separate " + aloneContrast + " (true 0.15)");
        }
    }

    @Test
    void aGuideEdgeMakesTheVolumesEdgeCheap() {
        float[] weak = noisyBox(5, 0.15f, 0.05f);
        float[] guide = noisyBox(6, 1f, 0f);
        double lambda = 0.05;
        try (RowBlocks blocks = new RowBlocks(2)) {
            float[][] guided = {new float[weak.length]};
            new JointTv3D().apply(new float[][] {weak}, guided, guide, W, R, S, lambda, 100, blocks,
                    CancellationToken.NEVER);
            float[][] plain = {new float[weak.length]};
            new JointTv3D().apply(new float[][] {weak}, plain, W, R, S, lambda, 100, blocks,
                    CancellationToken.NEVER);
            assertTrue(contrast(guided[0]) > contrast(plain[0]) * 1.2, "guided " + contrast(guided[0]) + ", plain "
                    + contrast(plain[0]));
        }
    }

    @Test
    void bitIdenticalForAnyThreadCount() {
        float[][] in = {noisyBox(7, 1f, 0.3f), noisyBox(8, 0.5f, 0.3f), noisyBox(9, 0.2f, 0.3f)};
        float[] guide = noisyBox(10, 1f, 0.1f);
        float[][] first = null;
        double firstTv = 0;
        for (int threads : new int[] {1, 2, 8}) {
            try (RowBlocks blocks = new RowBlocks(threads)) {
                float[][] out = {new float[in[0].length], new float[in[0].length], new float[in[0].length]};
                double tv = new JointTv3D().apply(in, out, guide, W, R, S, 0.05, 7, blocks, CancellationToken.NEVER);
                if (first == null) {
                    first = out;
                    firstTv = tv;
                } else {
                    for (int e = 0; e < 3; e++) {
                        assertArrayEquals(first[e], out[e], threads + " threads, volume " + e);
                    }
                    assertEquals(firstTv, tv, 0.0);
                }
            }
        }
    }

    @Test
    void weightsOfOneAreTheUnweightedStepAndAUniformWeightScalesLambda() {
        float[][] in = {noisyBox(21, 1f, 0.3f), noisyBox(22, 0.4f, 0.3f)};
        int n = in[0].length;
        float[] ones = new float[n];
        java.util.Arrays.fill(ones, 1f);
        float[] half = new float[n];
        java.util.Arrays.fill(half, 0.5f);
        try (RowBlocks blocks = new RowBlocks(2)) {
            float[][] plain = {new float[n], new float[n]};
            new JointTv3D().apply(in, plain, W, R, S, 0.08, 9, blocks, CancellationToken.NEVER);
            float[][] weighted = {new float[n], new float[n]};
            new JointTv3D().apply(in, weighted, null, ones, W, R, S, 0.08, 9, blocks, CancellationToken.NEVER);
            for (int e = 0; e < 2; e++) {
                assertArrayEquals(plain[e], weighted[e], "weights 1, volume " + e);
            }
            // lambda sum 0.5 |grad u| is the TV at lambda / 2: the same minimiser (the iterates differ: other step).
            float[][] scaled = {new float[n], new float[n]};
            new JointTv3D().apply(in, scaled, null, half, W, R, S, 0.16, 400, blocks, CancellationToken.NEVER);
            float[][] atHalf = {new float[n], new float[n]};
            new JointTv3D().apply(in, atHalf, W, R, S, 0.08, 400, blocks, CancellationToken.NEVER);
            float[][] atFull = {new float[n], new float[n]};
            new JointTv3D().apply(in, atFull, W, R, S, 0.16, 400, blocks, CancellationToken.NEVER);
            double d = maxDiff(scaled[0], atHalf[0]);
            assertTrue(d < 3e-3, "weight 0.5 at lambda vs lambda / 2: " + d);
            assertTrue(maxDiff(scaled[0], atFull[0]) > 10 * d, "the weight changed nothing");
        }
    }

    @Test
    void aLowWeightAtAnEdgeKeepsItsJump() {
        // A weak, noisy box; the weights are small on its faces only (where a HAADF would see its edge): the box
        // keeps more of its contrast than under the same TV without weights, and the flat parts are as smooth.
        float[] weak = noisyBox(23, 0.15f, 0.05f);
        float[] box = noisyBox(24, 1f, 0f);
        try (RowBlocks blocks = new RowBlocks(2)) {
            float[] weights = TvEdgeWeights.of(box, W, R, S, 1, 0.05, blocks);
            float[][] weighted = {new float[weak.length]};
            new JointTv3D().apply(new float[][] {weak}, weighted, null, weights, W, R, S, 0.05, 100, blocks,
                    CancellationToken.NEVER);
            float[][] plain = {new float[weak.length]};
            new JointTv3D().apply(new float[][] {weak}, plain, W, R, S, 0.05, 100, blocks, CancellationToken.NEVER);
            assertTrue(contrast(weighted[0]) > contrast(plain[0]) * 1.2, "weighted " + contrast(weighted[0])
                    + ", plain " + contrast(plain[0]));
        }
    }

    @Test
    void weightedStepBitIdenticalForAnyThreadCount() {
        float[][] in = {noisyBox(25, 1f, 0.3f), noisyBox(26, 0.5f, 0.3f), noisyBox(27, 0.2f, 0.3f)};
        float[][] first = null;
        for (int threads : new int[] {1, 2, 8}) {
            try (RowBlocks blocks = new RowBlocks(threads)) {
                float[] weights = TvEdgeWeights.of(noisyBox(28, 1f, 0.1f), W, R, S, 1, 0.1, blocks);
                float[][] out = {new float[in[0].length], new float[in[0].length], new float[in[0].length]};
                new JointTv3D().apply(in, out, null, weights, W, R, S, 0.05, 7, blocks, CancellationToken.NEVER);
                if (first == null) {
                    first = out;
                } else {
                    for (int e = 0; e < 3; e++) {
                        assertArrayEquals(first[e], out[e], threads + " threads, volume " + e);
                    }
                }
            }
        }
    }

    @Test
    void refusesBadInputAndStopsWhenCancelled() {
        float[] b = noisyBox(11, 1f, 0.1f);
        JointTv3D tv = new JointTv3D();
        try (RowBlocks blocks = new RowBlocks(1)) {
            float[][] in = {b};
            assertThrows(InvalidInputException.class, () -> tv.apply(in, new float[][] {new float[b.length]}, W, R, S,
                    0, 3, blocks, CancellationToken.NEVER));
            assertThrows(InvalidInputException.class, () -> tv.apply(in, new float[][] {new float[b.length]}, W, R, S,
                    0.1, 0, blocks, CancellationToken.NEVER));
            assertThrows(IllegalArgumentException.class, () -> tv.apply(in, in, W, R, S, 0.1, 3, blocks,
                    CancellationToken.NEVER));
            assertThrows(IllegalArgumentException.class, () -> tv.apply(in, new float[][] {new float[b.length]},
                    new float[3], W, R, S, 0.1, 3, blocks, CancellationToken.NEVER));
            CancellationToken cancel = new CancellationToken();
            cancel.cancel();
            assertThrows(CancelledException.class, () -> tv.apply(in, new float[][] {new float[b.length]}, W, R,
                    S, 0.1, 3, blocks, cancel));
        }
    }

    /** Mean inside the box minus mean outside. */
    private static double contrast(float[] v) {
        double in = 0;
        double out = 0;
        int nIn = 0;
        int nOut = 0;
        for (int s = 0; s < S; s++) {
            for (int r = 0; r < R; r++) {
                for (int x = 0; x < W; x++) {
                    boolean inside = x >= 3 && x < 9 && r >= 2 && r < 8 && s >= 2 && s < 7;
                    float val = v[(s * R + r) * W + x];
                    if (inside) {
                        in += val;
                        nIn++;
                    } else {
                        out += val;
                        nOut++;
                    }
                }
            }
        }
        return in / nIn - out / nOut;
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }
}
