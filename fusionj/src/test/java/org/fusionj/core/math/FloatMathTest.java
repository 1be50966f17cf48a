package org.fusionj.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The float kernels {@link FloatPow} and {@link FloatLog} against {@link StrictMath} in double: their error bounds
 * over the whole positive float range, their special values, and buffers of every length.
 */
class FloatMathTest {

    /** Positive normal floats with uniformly random exponents and mantissas. */
    private static float anyPositiveNormal(Random r) {
        return Float.intBitsToFloat(0x00800000 + r.nextInt(0x7F000000));
    }

    @Test
    void powerIsWithinItsRelativeBoundForEveryExponentOfTheFastPath() {
        Random r = new Random(5);
        int n = 4096;
        float[] x = new float[n];
        float[] out = new float[n];
        float[] scratch = new float[n];
        for (double y : new double[] {0.05, 0.4, 0.6, 1.0, 1.6, 2.0, 2.5, 3.3, 4.0}) {
            FloatPow pow = FloatPow.of(y);
            double worst = 0;
            for (int rep = 0; rep < 50; rep++) {
                for (int j = 0; j < n; j++) {
                    // Half over all floats, half in [0, 2) where the solvers' iterates live.
                    x[j] = j % 2 == 0 ? anyPositiveNormal(r) : 2 * r.nextFloat() + Float.MIN_NORMAL;
                }
                pow.apply(x, out, scratch, n);
                for (int j = 0; j < n; j++) {
                    double expected = StrictMath.pow(x[j], y);
                    if (expected >= Float.MIN_NORMAL && expected <= Float.MAX_VALUE) {
                        worst = Math.max(worst, Math.abs(out[j] - expected) / expected);
                    }
                }
            }
            assertTrue(worst < 1e-6, "y = " + y + ": relative error " + worst);
            if (y <= 2) {
                assertTrue(worst < 3e-7, "y = " + y + ": relative error " + worst);
            }
        }
    }

    @Test
    void powerSpecialValues() {
        float[] x = {0f, -0f, Float.MIN_VALUE, Float.MIN_NORMAL / 2, Float.NaN, Float.POSITIVE_INFINITY, -1f, 1f};
        float[] out = new float[x.length];
        float[] scratch = new float[x.length];
        FloatPow.of(0.6).apply(x, out, scratch, x.length);
        assertEquals(0f, out[0]);
        assertEquals(0f, out[1]);
        assertEquals(0f, out[2], "below 2^-126: 0^y");
        assertEquals(0f, out[3]);
        assertTrue(Float.isNaN(out[4]));
        assertTrue(Float.isNaN(out[5]));
        assertTrue(Float.isNaN(out[6]));
        assertEquals(1f, out[7], 2e-7f);
        FloatPow.of(0).apply(x, out, scratch, x.length);
        assertEquals(1f, out[0], "0^0 = 1");
        assertEquals(1f, out[7]);
    }

    @Test
    void exponentsOutsideTheFastPathGoToStrictMath() {
        float[] x = {0f, 0.3f, 1.7f, 1e-20f};
        float[] out = new float[x.length];
        for (double y : new double[] {-0.5, 4.5, 7}) {
            FloatPow.of(y).apply(x, out, new float[x.length], x.length);
            for (int j = 0; j < x.length; j++) {
                assertEquals((float) StrictMath.pow(x[j], y), out[j], "y = " + y + ", x = " + x[j]);
            }
        }
    }

    @Test
    void powerOfEveryBufferLengthAndInPlace() {
        FloatPow pow = FloatPow.of(1.6);
        for (int len = 0; len <= 40; len++) {
            float[] x = new float[len + 3];
            for (int j = 0; j < x.length; j++) {
                x[j] = 0.1f * (j + 1);
            }
            float[] copy = x.clone();
            pow.apply(x, x, new float[len], len);
            for (int j = 0; j < x.length; j++) {
                float expected = j < len ? (float) Math.pow(copy[j], 1.6) : copy[j];
                assertEquals(expected, x[j], 3e-7 * Math.abs(expected), "len " + len + " index " + j);
            }
        }
    }

    @Test
    void logarithmIsWithinItsBoundEverywhere() {
        Random r = new Random(6);
        int n = 4096;
        float[] a = new float[n];
        float[] out = new float[n];
        float[] scratch = new float[n];
        double worst = 0;
        for (int rep = 0; rep < 100; rep++) {
            for (int j = 0; j < n; j++) {
                a[j] = switch (j % 3) {
                    case 0 -> anyPositiveNormal(r);
                    case 1 -> 1 + (r.nextFloat() - 0.5f) * (float) Math.scalb(1.0, -r.nextInt(24));
                    default -> 2 * r.nextFloat() + Float.MIN_NORMAL;
                };
            }
            FloatLog.apply(a, out, scratch, n);
            for (int j = 0; j < n; j++) {
                double expected = StrictMath.log(a[j]);
                worst = Math.max(worst, Math.abs(out[j] - expected) / (1 + Math.abs(expected)));
            }
        }
        assertTrue(worst < 2e-7, "error / (1 + |log a|) = " + worst);
    }

    @Test
    void logarithmOfAShiftedArgumentAndSpecialValues() {
        float[] a = {0f, 0.5f, 3f, Float.NaN, -1f, Float.MIN_NORMAL / 4};
        float[] out = new float[a.length];
        FloatLog.apply(a, 1e-8f, out, new float[a.length], a.length);
        assertEquals(Math.log(1e-8f), out[0], 4e-6);
        assertEquals(Math.log(0.5f + 1e-8f), out[1], 2e-7 * (1 + Math.log(2)));
        assertEquals(Math.log(3f + 1e-8f), out[2], 2e-7 * (1 + Math.log(3)));
        assertTrue(Float.isNaN(out[3]));
        FloatLog.apply(a, out, new float[a.length], a.length);
        assertEquals(Float.NEGATIVE_INFINITY, out[0]);
        assertTrue(Float.isNaN(out[4]));
        assertEquals(Float.NEGATIVE_INFINITY, out[5], "below 2^-126: -infinity");
    }
}
