package org.fusionj.core.math;

/**
 * Faster {@code log}, {@code exp} and {@code pow} for the solvers' per-pixel passes, accurate to a few units in the
 * last place (relative error below 1e-14; {@code pow} below 1e-14 + 3e-16 |y ln x|, so below 3e-13 wherever the
 * result is a normal number). The functions are pure and deterministic: the same argument gives the same bits
 * on every thread and, as only IEEE basic operations and {@link StrictMath} are used, on every JVM.
 *
 * <p>Method. {@code log}: {@code x = 2^e m} with {@code m} in [0.707, 1.414) (no branch), {@code m = c (1 + r)} with
 * {@code c} from a 1024-entry table chosen so that {@code m - c} is exact and {@code |r| <= 2^-10},
 * {@code log x = e ln2 + log c + log1p(r)} with a degree-5 polynomial; near 1 the table entry is {@code c = 1}, so
 * the relative accuracy holds for {@code x} arbitrarily close to 1. {@code exp}: {@code z = (64k + j) ln2/64 + s},
 * {@code |s| <= ln2/128}, {@code exp z = 2^k 2^(j/64) expm1-polynomial(s)}. {@code pow(x, y) = exp(y log x)}.
 * Arguments outside the fast paths (zero, subnormal, negative, infinite or NaN {@code x}, results that overflow or
 * are subnormal) go to {@link StrictMath}, so every special case follows {@link Math}'s specification.
 */
public final class FastMath {

    private FastMath() {
    }

    private static final double LN2 = 0.6931471805599453;
    /** {@code ln 2} split so that {@code e * LN2_HI} is exact for |e| &lt; 2^20 (fdlibm's constants). */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;

    private static final int LOG_TABLE_BITS = 10;
    private static final int LOG_TABLE_SIZE = 1 << LOG_TABLE_BITS;
    /**
     * Mantissas {@code 1.f} whose table index (the top 10 bits of f) is at least this are halved into
     * [0.707, 1), so that the reduced argument is in [0.707, 1.414).
     */
    private static final int LOG_SPLIT = 424;
    /** {@code 1/c} at {@code [2i]} and {@code log c} at {@code [2i + 1]}: one cache line per call. */
    private static final double[] LOG_TABLE = new double[2 * LOG_TABLE_SIZE];

    /** The same for {@code c = 1 + i/1024} (no halving), for {@link #logForSum}. */
    private static final double[] SUM_LOG_TABLE = new double[2 * LOG_TABLE_SIZE];

    /** Taylor coefficients of log1p beyond the second. */
    private static final double L3 = 1.0 / 3;
    private static final double L4 = -0.25;
    private static final double L5 = 0.2;

    /** Taylor coefficients of expm1 beyond the second. */
    private static final double E3 = 1.0 / 6;
    private static final double E4 = 1.0 / 24;
    private static final double E5 = 1.0 / 120;

    private static final int EXP_TABLE_BITS = 6;
    private static final int EXP_TABLE_SIZE = 1 << EXP_TABLE_BITS;
    private static final double[] EXP_T = new double[EXP_TABLE_SIZE];
    private static final double INV_LN2_64 = EXP_TABLE_SIZE / 0.6931471805599453;
    private static final double LN2_64_HI = LN2_HI / EXP_TABLE_SIZE;
    private static final double LN2_64_LO = LN2_LO / EXP_TABLE_SIZE;
    /** Largest |z| for which {@code exp(z)} is computed here: the result is then a normal finite number. */
    private static final double EXP_LIMIT = 708.0;

    private static final long MIN_NORMAL_BITS = 0x0010000000000000L;
    private static final long INFINITY_BITS = 0x7FF0000000000000L;
    private static final long MANTISSA_MASK = 0x000FFFFFFFFFFFFFL;
    private static final long ONE_BITS = 0x3FF0000000000000L;
    private static final long TOP_MANTISSA_MASK = MANTISSA_MASK & -(1L << (52 - LOG_TABLE_BITS));
    /** The bits of {@code 2^52}; plus an integer {@code 0 <= k < 2^52} they are the bits of {@code 2^52 + k}. */
    private static final long EXPONENT_MAGIC_BITS = 0x4330000000000000L;
    /** {@code 2^52 + 1023}, which turns {@code 2^52 + biased exponent} into the exponent. */
    private static final double EXPONENT_MAGIC = 0x1p52 + 1023;

    static {
        for (int i = 0; i < LOG_TABLE_SIZE; i++) {
            // Below the split: the left end of [1 + i/1024, 1 + (i+1)/1024), so c = 1 for the entry holding 1.
            // Above: the right end of the halved interval, so c = 1 for the entry just below 1.
            double c = i < LOG_SPLIT ? 1 + i / 1024.0 : (1 + (i + 1) / 1024.0) / 2;
            LOG_TABLE[2 * i] = 1 / c;
            LOG_TABLE[2 * i + 1] = StrictMath.log(c);
            double left = 1 + i / 1024.0;
            SUM_LOG_TABLE[2 * i] = 1 / left;
            SUM_LOG_TABLE[2 * i + 1] = StrictMath.log(left);
        }
        for (int j = 0; j < EXP_TABLE_SIZE; j++) {
            EXP_T[j] = StrictMath.pow(2, j / (double) EXP_TABLE_SIZE);
        }
    }

    /** Natural logarithm, with {@link Math#log}'s special cases. */
    public static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        if (!isPositiveNormal(bits)) {
            // Negative (sign bit set), zero, subnormal, infinite, NaN.
            return StrictMath.log(x);
        }
        return logNormal(bits);
    }

    /**
     * Whether these are the bits of a positive, normal, finite double: one unsigned comparison (negative
     * numbers have the sign bit set, so they are above the range as unsigned numbers).
     */
    static boolean isPositiveNormal(long bits) {
        return bits - MIN_NORMAL_BITS + Long.MIN_VALUE < INFINITY_BITS - MIN_NORMAL_BITS + Long.MIN_VALUE;
    }

    /** {@code log x} for a positive normal finite x, from its bits. */
    private static double logNormal(long bits) {
        int i = (int) (bits >>> (52 - LOG_TABLE_BITS)) & (LOG_TABLE_SIZE - 1);
        // 1 when the mantissa is halved, 0 otherwise, without a branch.
        long half = (LOG_SPLIT - 1 - i) >>> 31;
        // The exponent as a double, without an int-to-double conversion: on x86, cvtsi2sd merges into its
        // destination register, and that false dependency chains successive calls in a loop.
        double e = Double.longBitsToDouble(EXPONENT_MAGIC_BITS + ((bits >>> 52) + half)) - EXPONENT_MAGIC;
        long exponentField = (1023 - half) << 52;
        double m = Double.longBitsToDouble((bits & MANTISSA_MASK) + exponentField);
        // c: m cut to 10 fraction bits, or for a halved m the upper end of its interval (1 for the last entry,
        // where the carry out of the fraction turns the exponent field 1022 into 1023).
        long top = bits & TOP_MANTISSA_MASK;
        double c = Double.longBitsToDouble(top + (half << (52 - LOG_TABLE_BITS)) + exponentField);
        // m - c is exact (same binade, or c = 1 within a factor 2 of m); |r| <= 2^-10.
        double r = (m - c) * LOG_TABLE[2 * i];
        // Degree 5 by Estrin's scheme (a shorter dependency chain than Horner's); truncation below 2e-16 r.
        double r2 = r * r;
        double tail = r2 * ((-0.5 + r * L3) + r2 * (L4 + r * L5));
        // e ln2 in one product: its rounding error is relative to the result, which it dominates when e != 0.
        return (e * LN2 + LOG_TABLE[2 * i + 1]) + (r + tail);
    }

    /**
     * The natural logarithm for the terms of long sums (cost functions), about 40% faster than {@link #log}:
     * its <em>absolute</em> error is below 4e-13 for every positive normal argument, so a sum of N such terms
     * weighted by factors up to 1 is off by at most N 4e-13, against a sum of the order of N. Its relative error
     * is below 1e-12 except for arguments within 0.3 of 1 (just below 1 it is a difference of two numbers near
     * ln 2). Special cases as {@link Math#log}.
     *
     * <p>Method: {@code x = 2^e m}, m in [1, 2), {@code c} m cut to 10 fraction bits, {@code r = (m - c) / c},
     * {@code log x = e ln2 + log c + r - r^2/2 + r^3/3} (truncation below r^4/4 &lt;= 2.3e-13).
     */
    public static double logForSum(double x) {
        long bits = Double.doubleToRawLongBits(x);
        if (!isPositiveNormal(bits)) {
            return StrictMath.log(x);
        }
        int i = (int) (bits >>> (52 - LOG_TABLE_BITS)) & (LOG_TABLE_SIZE - 1);
        double e = Double.longBitsToDouble(EXPONENT_MAGIC_BITS + (bits >>> 52)) - EXPONENT_MAGIC;
        double m = Double.longBitsToDouble((bits & MANTISSA_MASK) | ONE_BITS);
        double c = Double.longBitsToDouble((bits & TOP_MANTISSA_MASK) | ONE_BITS);
        double r = (m - c) * SUM_LOG_TABLE[2 * i];
        return (e * LN2 + SUM_LOG_TABLE[2 * i + 1]) + (r + r * r * (-0.5 + r * L3));
    }

    /** {@code e^z}, with {@link Math#exp}'s special cases. */
    public static double exp(double z) {
        if (!(Math.abs(z) <= EXP_LIMIT)) {
            return StrictMath.exp(z);
        }
        return expInRange(z);
    }

    /** {@code e^z} for |z| &lt;= 708. */
    private static double expInRange(double z) {
        double kd = Math.rint(z * INV_LN2_64);
        long n = (long) kd;
        double s = (z - kd * LN2_64_HI) - kd * LN2_64_LO;
        double t = EXP_T[(int) n & (EXP_TABLE_SIZE - 1)];
        double s2 = s * s;
        double expm1 = s + s2 * ((0.5 + s * E3) + s2 * (E4 + s * E5));
        double scale = Double.longBitsToDouble(((n >> EXP_TABLE_BITS) + 1023) << 52);
        return (t + t * expm1) * scale;
    }

    /**
     * {@code x^y}, with {@link Math#pow}'s special cases. Fast for positive normal {@code x} and finite {@code y},
     * and for {@code x = 0, y > 0}.
     */
    public static double pow(double x, double y) {
        long bits = Double.doubleToRawLongBits(x);
        if (!isPositiveNormal(bits) || !(Math.abs(y) <= Double.MAX_VALUE)) {
            if (bits == 0 && y > 0) {
                return 0;
            }
            return StrictMath.pow(x, y);
        }
        double z = y * logNormal(bits);
        if (!(Math.abs(z) <= EXP_LIMIT)) {
            return StrictMath.pow(x, y);
        }
        return expInRange(z);
    }
}
