package org.fusionj.core.math;

/**
 * Natural logarithm in float over a buffer at a time, for the terms of cost sums: error below
 * {@code 2e-7 (1 + |log a|)} for every positive normal float, about 1.5 ns per value. As in {@link FloatPow}, a
 * short scalar loop splits {@code a = 2^e m} (m in [1, 2)) and a branch-free loop that the JIT vectorises adds
 * {@code log m} from a {@link MantissaPolynomial} of degree 8 to {@code e ln 2}.
 *
 * <p>Zero and arguments below 2^-126 give -infinity, negative and NaN arguments NaN, +infinity NaN (the solvers
 * only take logarithms of {@code x + offset} with {@code x >= 0} and a positive offset).
 */
public final class FloatLog {

    private static final int MANTISSA_MASK = 0x007FFFFF;
    private static final int ONE_BITS = 0x3F800000;
    /** {@code (b - 127) ln 2} by the 9 high bits of the argument (sign and biased exponent b). */
    private static final float[] EXPONENT_LOG = new float[512];
    private static final float C0;
    private static final float C1;
    private static final float C2;
    private static final float C3;
    private static final float C4;
    private static final float C5;
    private static final float C6;
    private static final float C7;
    private static final float C8;

    static {
        for (int b = 0; b < 512; b++) {
            if (b == 0) {
                EXPONENT_LOG[b] = Float.NEGATIVE_INFINITY;
            } else if (b < 255) {
                EXPONENT_LOG[b] = (float) ((b - 127) * 0.6931471805599453);
            } else {
                EXPONENT_LOG[b] = Float.NaN;
            }
        }
        double[] a = MantissaPolynomial.fit(Math::log);
        C0 = (float) a[0];
        C1 = (float) a[1];
        C2 = (float) a[2];
        C3 = (float) a[3];
        C4 = (float) a[4];
        C5 = (float) a[5];
        C6 = (float) a[6];
        C7 = (float) a[7];
        C8 = (float) a[8];
    }

    private FloatLog() {
    }

    /**
     * {@code out[j] = log(a[j])} for {@code j < len}; {@code mantissa} is scratch of at least {@code len} floats.
     * {@code out} may be {@code a}.
     */
    public static void apply(float[] a, float[] out, float[] mantissa, int len) {
        apply(a, 0f, out, mantissa, len);
    }

    /**
     * {@code out[j] = log(a[j] + offset)} (the sum rounded to float first) for {@code j < len}; {@code mantissa}
     * is scratch of at least {@code len} floats. {@code out} may be {@code a}.
     */
    public static void apply(float[] a, float offset, float[] out, float[] mantissa, int len) {
        float[] exponentLog = EXPONENT_LOG;
        for (int j = 0; j < len; j++) {
            int bits = Float.floatToRawIntBits(a[j] + offset);
            mantissa[j] = Float.intBitsToFloat((bits & MANTISSA_MASK) | ONE_BITS);
            out[j] = exponentLog[bits >>> 23];
        }
        // The same Horner loop as FloatPow's, ending in += instead of *=: kept inline (not a shared helper writing
        // a scratch buffer) so that the polynomial and the combine stay one vectorised pass over the chunk.
        for (int j = 0; j < len; j++) {
            float t = 2f * mantissa[j] - 3f;
            float p = C8 * t + C7;
            p = p * t + C6;
            p = p * t + C5;
            p = p * t + C4;
            p = p * t + C3;
            p = p * t + C2;
            p = p * t + C1;
            p = p * t + C0;
            out[j] += p;
        }
    }
}
