package org.fusionj.core.segment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Otsu on bimodal histograms, against a brute-force minimum of the within-class variance. */
class OtsuThresholdTest {

    /** The split t minimising w0 var0 + w1 var1, computed directly from the definition. */
    static int bruteForce(long[] h) {
        int best = -1;
        double bestWithin = Double.POSITIVE_INFINITY;
        for (int t = 0; t < h.length - 1; t++) {
            double within = 0;
            boolean empty = false;
            for (int side = 0; side < 2; side++) {
                int from = side == 0 ? 0 : t + 1;
                int to = side == 0 ? t + 1 : h.length;
                double n = 0;
                double s = 0;
                for (int b = from; b < to; b++) {
                    n += h[b];
                    s += (double) b * h[b];
                }
                if (n == 0) {
                    empty = true;
                    break;
                }
                double m = s / n;
                for (int b = from; b < to; b++) {
                    within += h[b] * (b - m) * (b - m);
                }
            }
            if (!empty && (best < 0 || within < bestWithin - 1e-9 * bestWithin)) {
                bestWithin = within;
                best = t;
            }
        }
        return best;
    }

    static long[] twoGaussians(double m0, double s0, long n0, double m1, double s1, long n1) {
        long[] h = new long[256];
        for (int b = 0; b < 256; b++) {
            h[b] = Math.round(n0 * Math.exp(-0.5 * Math.pow((b - m0) / s0, 2)))
                    + Math.round(n1 * Math.exp(-0.5 * Math.pow((b - m1) / s1, 2)));
        }
        return h;
    }

    @Test
    void symmetricBimodalHistogramSplitsInTheMiddle() {
        // overlapping classes: no empty gap, so the optimum is unique and by symmetry at the middle
        long[] h = twoGaussians(60, 30, 10_000, 180, 30, 10_000);
        int t = OtsuThreshold.thresholdBin(h);
        assertTrue(t == 119 || t == 120, "t = " + t);
        assertEquals(bruteForce(h), t);
    }

    @Test
    void unequalClassesMatchTheBruteForceMinimum() {
        long[] h = twoGaussians(40, 8, 20_000, 150, 25, 3_000);
        assertEquals(bruteForce(h), OtsuThreshold.thresholdBin(h));
        SplittableRandom rng = new SplittableRandom(2);
        for (int trial = 0; trial < 50; trial++) {
            long[] r = new long[2 + rng.nextInt(60)];
            for (int b = 0; b < r.length; b++) {
                r[b] = rng.nextInt(100);
            }
            assertEquals(bruteForce(r), OtsuThreshold.thresholdBin(r), "trial " + trial);
        }
        assertEquals(-1, OtsuThreshold.thresholdBin(new long[] {0, 5, 0}));
    }

    @Test
    void greyValuesGiveAThresholdAndAConsistentMask() {
        SplittableRandom rng = new SplittableRandom(4);
        float[][] planes = new float[4][1000];
        for (float[] p : planes) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) (i % 3 == 0 ? 0.8 + 0.05 * rng.nextGaussian() : 0.2 + 0.05 * rng.nextGaussian());
            }
        }
        planes[0][0] = Float.NaN;
        OtsuThreshold.Result r = OtsuThreshold.of(planes);
        // the classes are separated by an empty gap: every split in it is optimal, the lowest is taken
        assertTrue(r.threshold() > 0.3 && r.threshold() < 0.7, "threshold " + r.threshold());
        byte[][] mask = r.mask(planes);
        long fg = 0;
        for (int z = 0; z < 4; z++) {
            for (int i = 0; i < 1000; i++) {
                fg += mask[z][i];
                if (Float.isFinite(planes[z][i])) {
                    assertEquals(i % 3 == 0 ? 1 : 0, mask[z][i]);
                }
            }
        }
        assertEquals(0, mask[0][0]);
        assertEquals(4 * 334 - 1, fg);
        long counted = 0;
        for (long c : r.histogram()) {
            counted += c;
        }
        assertEquals(3999, counted);
        String msg = assertThrows(InvalidInputException.class, () -> OtsuThreshold.of(new float[] {1, 1, 1}, 16))
                .getMessage();
        assertTrue(msg.contains("constant"), msg);
    }
}
