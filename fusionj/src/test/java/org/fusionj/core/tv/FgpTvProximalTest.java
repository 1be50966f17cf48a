package org.fusionj.core.tv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.junit.jupiter.api.Test;

/**
 * The optimised FGP against {@link ReferenceFgp}, a plain whole-array implementation of the same float
 * operations (itself checked bit for bit against the pre-optimisation implementation when it was written), and its
 * structural properties: bit-identical results for any thread count and any entry point, exact fixed points,
 * transposition symmetry, odd shapes.
 */
class FgpTvProximalTest {

    private static final int[][] SHAPES = {
        {1, 1}, {1, 9}, {9, 1}, {2, 2}, {3, 5}, {5, 3}, {9, 13}, {37, 64}, {64, 37}, {70, 97}, {17, 200}};

    /** Random pixels in [-0.2, 1.1): some clipped by u &gt;= 0. */
    static float[] randomImage(Random r, int n) {
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            b[i] = r.nextFloat() * 1.3f - 0.2f;
        }
        return b;
    }

    private static void assertBitIdentical(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToIntBits(expected[i]) != Float.floatToIntBits(actual[i])) {
                throw new AssertionError(what + ": pixel " + i + " is " + actual[i] + ", expected " + expected[i]);
            }
        }
    }

    @Test
    void everyVariantShapeAndIterationCountMatchesTheReferenceBitForBit() {
        Random r = new Random(20240601);
        // 1-3 iterations are special-cased; 9 and 20 take several passes with stored duals.
        int[] iterationCounts = {1, 2, 3, 6, 8, 9, 20};
        try (RowBlocks one = new RowBlocks(1); RowBlocks two = new RowBlocks(2)) {
            for (FgpVariant v : FgpVariant.values()) {
                FgpTvProximal fgp = new FgpTvProximal(v);
                for (int[] s : SHAPES) {
                    for (int n : iterationCounts) {
                        for (double lambda : new double[] {0.02, 0.15, 1.5}) {
                            int w = s[0];
                            int h = s[1];
                            float[] b = randomImage(r, w * h);
                            float[] input = b.clone();
                            float[] expected = ReferenceFgp.prox(b, w, h, lambda, n, v);
                            String what = v + " " + w + "x" + h + " n=" + n + " lambda=" + lambda;
                            float[] out = new float[b.length];
                            fgp.apply(b, out, w, h, lambda, n, two, TvMeasure.NONE);
                            assertBitIdentical(expected, out, what + " apply");
                            assertBitIdentical(input, b, what + ": input modified");
                            float[] inPlace = b.clone();
                            fgp.applyInPlace(inPlace, w, h, lambda, n, one);
                            assertBitIdentical(expected, inPlace, what + " applyInPlace");
                            assertBitIdentical(expected, fgp.apply(b, w, h, lambda, n), what + " apply (copy)");
                        }
                    }
                }
            }
        }
    }

    @Test
    void oneTwoAndThreeThreadsGiveBitIdenticalImagesAndMeasures() {
        Random r = new Random(7);
        int w = 70;
        int h = 161;
        float[] b = randomImage(r, w * h);
        try (RowBlocks one = new RowBlocks(1); RowBlocks two = new RowBlocks(2); RowBlocks three = new RowBlocks(3)) {
            for (FgpVariant v : FgpVariant.values()) {
                for (int n : new int[] {3, 12}) {
                    for (TvMeasure m : TvMeasure.values()) {
                        FgpTvProximal fgp = new FgpTvProximal(v);
                        float[] o1 = new float[b.length];
                        float[] o2 = new float[b.length];
                        float[] o3 = new float[b.length];
                        double m1 = fgp.apply(b, o1, w, h, 0.1, n, one, m);
                        double m2 = fgp.apply(b, o2, w, h, 0.1, n, two, m);
                        double m3 = new FgpTvProximal(v).apply(b, o3, w, h, 0.1, n, three, m);
                        assertBitIdentical(o1, o2, v + " n=" + n + " 2 threads");
                        assertBitIdentical(o1, o3, v + " n=" + n + " 3 threads");
                        assertEquals(Double.doubleToLongBits(m1), Double.doubleToLongBits(m2), m + " 2 threads");
                        assertEquals(Double.doubleToLongBits(m1), Double.doubleToLongBits(m3), m + " 3 threads");
                    }
                }
            }
        }
    }

    @Test
    void applyRowsOverTheBlocksReproducesApply() {
        Random r = new Random(3);
        int w = 45;
        int h = 100;
        float[] b = randomImage(r, w * h);
        for (FgpVariant v : FgpVariant.values()) {
            FgpTvProximal fgp = new FgpTvProximal(v);
            float[] whole = new float[b.length];
            double measure;
            try (RowBlocks one = new RowBlocks(1)) {
                measure = fgp.apply(b, whole, w, h, 0.2, 5, one, TvMeasure.SQUARED_GRADIENT);
            }
            float[] byRows = new float[b.length];
            double sum = 0;
            for (int start = 0; start < h; start += RowBlocks.ROWS_PER_BLOCK) {
                int end = Math.min(h, start + RowBlocks.ROWS_PER_BLOCK);
                sum += fgp.applyRows(b, byRows, w, h, 0.2, 5, start, end, TvMeasure.SQUARED_GRADIENT);
            }
            assertBitIdentical(whole, byRows, v + " applyRows");
            assertEquals(measure, sum, 0, v + " measure");
        }
        FgpTvProximal fgp = new FgpTvProximal(FgpVariant.ISOTROPIC);
        assertThrows(IllegalArgumentException.class,
                () -> fgp.applyRows(b, new float[b.length], w, h, 0.2, 9, 0, 32, TvMeasure.NONE));
    }

    @Test
    void measuresAgreeWithTotalVariationOfTheResult() {
        Random r = new Random(5);
        int w = 53;
        int h = 77;
        float[] b = randomImage(r, w * h);
        try (RowBlocks two = new RowBlocks(2)) {
            for (FgpVariant v : FgpVariant.values()) {
                FgpTvProximal fgp = new FgpTvProximal(v);
                float[] out = new float[b.length];
                double iso = fgp.apply(b, out, w, h, 0.05, 4, two, TvMeasure.ISOTROPIC);
                // Float sums of at most 32 terms per column and block, then double: 1e-6 relative is ample.
                assertEquals(TotalVariation.isotropic(out, w, h), iso, 1e-6 * iso, v + " isotropic");
                double aniso = fgp.apply(b, out, w, h, 0.05, 4, two, TvMeasure.ANISOTROPIC);
                assertEquals(TotalVariation.anisotropic(out, w, h), aniso, 1e-6 * aniso, v + " anisotropic");
                double sq = fgp.apply(b, out, w, h, 0.05, 4, two, TvMeasure.SQUARED_GRADIENT);
                assertEquals(TotalVariation.squaredGradientRows(out, w, 0, h), sq, 1e-6 * sq, v + " squared");
                assertEquals(0, fgp.apply(b, out, w, h, 0.05, 4, two, TvMeasure.NONE));
            }
        }
    }

    @Test
    void aConstantImageIsAFixedPoint() {
        for (FgpVariant v : FgpVariant.values()) {
            for (int[] s : SHAPES) {
                for (float c : new float[] {0f, 0.37f, 5f}) {
                    float[] b = new float[s[0] * s[1]];
                    java.util.Arrays.fill(b, c);
                    for (int n : new int[] {1, 3, 11}) {
                        float[] u = new FgpTvProximal(v).apply(b, s[0], s[1], 0.3, n);
                        assertArrayEquals(b, u, v + " " + s[0] + "x" + s[1] + " c=" + c + " n=" + n);
                    }
                }
            }
        }
    }

    @Test
    void transposedImageGivesTransposedResult() {
        Random r = new Random(17);
        int w = 23;
        int h = 41;
        float[] b = randomImage(r, w * h);
        float[] bt = transpose(b, w, h);
        for (FgpVariant v : new FgpVariant[] {FgpVariant.ISOTROPIC, FgpVariant.ANISOTROPIC}) {
            for (int n : new int[] {1, 3, 10, 40}) {
                float[] u = new FgpTvProximal(v).apply(b, w, h, 0.2, n);
                float[] ut = new FgpTvProximal(v).apply(bt, h, w, 0.2, n);
                float[] back = transpose(ut, h, w);
                // The roles of the two duals swap, so the sums in L(p, q) are added in another order: the
                // results agree to rounding (a few float ulps of values below 1.1), not bit for bit.
                for (int i = 0; i < u.length; i++) {
                    assertEquals(u[i], back[i], 1e-6, v + " n=" + n + " pixel " + i);
                }
            }
        }
    }

    static float[] transpose(float[] a, int w, int h) {
        float[] t = new float[a.length];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < w; j++) {
                t[j * h + i] = a[i * w + j];
            }
        }
        return t;
    }

    @Test
    void degenerateShapesGiveFiniteNonNegativeResults() {
        Random r = new Random(2);
        for (int[] s : new int[][] {{1, 40}, {40, 1}, {2, 2}, {3, 5}, {37, 64}}) {
            for (FgpVariant v : FgpVariant.values()) {
                float[] b = randomImage(r, s[0] * s[1]);
                float[] u = new FgpTvProximal(v).apply(b, s[0], s[1], 0.25, 6);
                for (float x : u) {
                    assertTrue(x >= 0 && Float.isFinite(x), v + " " + s[0] + "x" + s[1]);
                }
                assertBitIdentical(ReferenceFgp.prox(b, s[0], s[1], 0.25, 6, v), u, v + " " + s[0] + "x" + s[1]);
            }
        }
    }

    @Test
    void badArgumentsAreRefused() {
        FgpTvProximal fgp = new FgpTvProximal(FgpVariant.ISOTROPIC);
        float[] b = new float[12];
        assertThrows(InvalidInputException.class, () -> fgp.apply(b, 3, 4, 0, 3));
        assertThrows(InvalidInputException.class, () -> fgp.apply(b, 3, 4, Double.NaN, 3));
        assertThrows(InvalidInputException.class, () -> fgp.apply(b, 3, 4, 0.1, 0));
        assertThrows(InvalidInputException.class, () -> fgp.apply(b, 5, 4, 0.1, 3));
        try (RowBlocks one = new RowBlocks(1)) {
            assertThrows(IllegalArgumentException.class,
                    () -> fgp.apply(b, b, 3, 4, 0.1, 3, one, TvMeasure.NONE));
            assertThrows(IllegalArgumentException.class,
                    () -> fgp.apply(b, new float[11], 3, 4, 0.1, 3, one, TvMeasure.NONE));
        }
    }
}
