package org.fusionj.core.math;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code x -> x^y} for one fixed exponent y, about three times faster than {@link FastMath#pow} for the many
 * calls of a per-pixel pass, with a relative error below 1e-15 (a few units in the last place).
 *
 * <p>Method: with {@code x = 2^e m}, {@code m} in [1, 2), {@code m = c (1 + r)}, {@code c = 1 + i/1024} the
 * left end of m's 1024th of [1, 2) ({@code 0 <= r < 2^-10}): {@code x^y = (2^e)^y * c^y * (1 + r)^y}. The first
 * two factors come from tables built for y (2046 and 1024 entries, by {@link StrictMath#pow}), the third is the
 * binomial series of degree 4, used when its truncation error is below 1e-16 (every y in [-0.3, 4.3], which
 * holds gamma and gamma - 1 for every physical gamma; other exponents go to {@link FastMath#pow}). No {@code log} or
 * {@code exp} is evaluated. Zero, subnormal, negative, infinite and NaN arguments, and results that would overflow or be
 * subnormal, follow {@link StrictMath#pow} exactly. Thread-safe; deterministic on every JVM.
 */
public final class FixedPow {

    private static final int TABLE_BITS = 10;
    private static final int TABLE_SIZE = 1 << TABLE_BITS;
    private static final long MANTISSA_MASK = 0x000FFFFFFFFFFFFFL;
    private static final long ONE_BITS = 0x3FF0000000000000L;
    /** The fraction bits that select the table entry: {@code c} is m cut to them. */
    private static final long TOP_MANTISSA_MASK = MANTISSA_MASK & -(1L << (52 - TABLE_BITS));
    /** {@code 1/c} for the table points {@code c = 1 + i/1024}: the same for every exponent. */
    private static final double[] INV_C = new double[TABLE_SIZE];
    /** Degree of the binomial series. */
    private static final int DEGREE = 4;
    /** The largest truncation error of the series, relative to the result, for which the tables are used. */
    private static final double MAX_TRUNCATION = 1e-16;

    /** {@code log c} for the table points, for {@link #applyWithLog}. */
    private static final double[] LOG_C = new double[TABLE_SIZE];
    private static final double LN2 = 0.6931471805599453;
    /** The bits of {@code 2^52}; plus an integer {@code 0 <= k < 2^52} they are the bits of {@code 2^52 + k}. */
    private static final long EXPONENT_MAGIC_BITS = 0x4330000000000000L;
    /** {@code 2^52 + 1023}, which turns {@code 2^52 + biased exponent} into the exponent. */
    private static final double EXPONENT_MAGIC = 0x1p52 + 1023;
    /**
     * {@link #applyWithLog} shares the reduction of x when {@code |offset| <= x * 2^-14}: then {@code log(x + offset)
     * = log x + log1p(t)}, {@code t = offset / x}, and {@code t - t^2/2} is off by at most {@code |t|^3/3 < 8e-14}.
     */
    private static final double MAX_OFFSET_RATIO = 0x1p-14;

    static {
        for (int i = 0; i < TABLE_SIZE; i++) {
            INV_C[i] = 1 / (1 + i / (double) TABLE_SIZE);
            LOG_C[i] = StrictMath.log(1 + i / (double) TABLE_SIZE);
        }
    }

    /** Recently built functions, by the bits of their exponent (least recently used dropped beyond 8). */
    private static final Map<Long, FixedPow> RECENT = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, FixedPow> eldest) {
            return size() > 8;
        }
    };

    private final double y;
    /** Whether the tables are used (|y| &lt;= 4); otherwise every call goes to {@link FastMath#pow}. */
    private final boolean tabulated;
    /** {@code (2^(b - 1023))^y} for biased exponent b, or 0 where the result could leave the normal range. */
    private final double[] exponentFactor = new double[2047];
    /**
     * {@code c^y} at {@code [2i]} and {@code 1/c} at {@code [2i + 1]}: both values a call needs from one cache
     * line (in a pass over a large image the tables compete with the image data for the L1 cache).
     */
    private final double[] mantissaTable = new double[2 * TABLE_SIZE];
    private final double b1;
    private final double b2;
    private final double b3;
    private final double b4;

    private FixedPow(double y) {
        this.y = y;
        // Binomial coefficients binom(y, k); the terms beyond the degree bound the truncation error
        // (|r| < 2^-10; the series is alternating or decreasing from there on for the y accepted).
        double[] b = new double[64];
        b[0] = 1;
        for (int k = 1; k < b.length; k++) {
            b[k] = b[k - 1] * (y - (k - 1)) / k;
        }
        double truncation = 0;
        for (int k = DEGREE + 1; k < b.length; k++) {
            truncation += Math.abs(b[k]) * Math.pow(2, -TABLE_BITS * k);
        }
        this.tabulated = truncation <= MAX_TRUNCATION && Math.abs(y) <= 64;
        b1 = b[1];
        b2 = b[2];
        b3 = b[3];
        b4 = b[4];
        if (!tabulated) {
            return;
        }
        for (int i = 0; i < TABLE_SIZE; i++) {
            mantissaTable[2 * i] = StrictMath.pow(1 + i / (double) TABLE_SIZE, y);
            mantissaTable[2 * i + 1] = INV_C[i];
        }
        // c^y (1+r)^y lies within a factor 2^|y| of 1: keep a margin of 2^|y| * 4 on both sides.
        double margin = StrictMath.pow(2, Math.abs(y)) * 4;
        for (int be = 1; be <= 2046; be++) {
            double f = StrictMath.pow(Math.scalb(1.0, be - 1023), y);
            exponentFactor[be] = f > Double.MIN_NORMAL * margin && f < Double.MAX_VALUE / margin ? f : 0;
        }
    }

    /** The function {@code x -> x^y}; the last few exponents asked for are kept (building one takes 0.3 ms). */
    public static FixedPow of(double y) {
        if (Double.isNaN(y) || Double.isInfinite(y)) {
            throw new IllegalArgumentException("exponent must be finite, got " + y);
        }
        Long key = Double.doubleToLongBits(y);
        synchronized (RECENT) {
            return RECENT.computeIfAbsent(key, k -> new FixedPow(y));
        }
    }

    /** The exponent. */
    public double exponent() {
        return y;
    }

    /** {@code x^y}, with {@link Math#pow}'s special cases. */
    public double apply(double x) {
        long bits = Double.doubleToRawLongBits(x);
        if (tabulated && FastMath.isPositiveNormal(bits)) {
            double scale = exponentFactor[(int) (bits >>> 52)];
            if (scale != 0) {
                int i = (int) (bits >>> (52 - TABLE_BITS)) & (TABLE_SIZE - 1);
                double m = Double.longBitsToDouble((bits & MANTISSA_MASK) | ONE_BITS);
                double c = Double.longBitsToDouble((bits & TOP_MANTISSA_MASK) | ONE_BITS);
                // m - c is exact, so r has one rounding error relative to itself.
                double r = (m - c) * mantissaTable[2 * i + 1];
                double r2 = r * r;
                double series = 1 + r * ((b1 + r * b2) + r2 * (b3 + r * b4));
                return scale * (mantissaTable[2 * i] * series);
            }
        }
        return slow(x);
    }

    /**
     * For {@code j < len}: {@code pow[j] = apply(x[j])} (the same bits) and {@code logs[j] = log(x[j] + offset)}
     * to within the absolute error of {@link FastMath#logForSum} (below 5e-13; for the terms of cost sums). When
     * the offset is small against x (at most {@code 2^-14 x} in magnitude, e.g. the notebook's
     * {@code 1e-8}) the logarithm reuses the power's reduction {@code x = 2^e c (1 + r)}: {@code log x = e ln2 +
     * log c + r - r^2/2 + r^3/3}, plus {@code t - t^2/2} for {@code log1p(offset / x)}; otherwise it is
     * {@code FastMath.logForSum(x[j] + offset)}.
     */
    public void applyWithLog(double[] x, double offset, double[] pow, double[] logs, int len) {
        double[] mt = mantissaTable;
        double[] ef = exponentFactor;
        for (int j = 0; j < len; j++) {
            double v = x[j];
            long bits = Double.doubleToRawLongBits(v);
            if (tabulated && FastMath.isPositiveNormal(bits) && Math.abs(offset) <= v * MAX_OFFSET_RATIO) {
                // 0 where the result could leave the normal range.
                double scale = ef[(int) (bits >>> 52)];
                if (scale != 0) {
                    int i = (int) (bits >>> (52 - TABLE_BITS)) & (TABLE_SIZE - 1);
                    double m = Double.longBitsToDouble((bits & MANTISSA_MASK) | ONE_BITS);
                    double c = Double.longBitsToDouble((bits & TOP_MANTISSA_MASK) | ONE_BITS);
                    // As in apply, so the same bits.
                    double r = (m - c) * mt[2 * i + 1];
                    double r2 = r * r;
                    double series = 1 + r * ((b1 + r * b2) + r2 * (b3 + r * b4));
                    pow[j] = scale * (mt[2 * i] * series);
                    // As in FastMath.logForSum, plus log1p(t).
                    double e = Double.longBitsToDouble(EXPONENT_MAGIC_BITS + (bits >>> 52)) - EXPONENT_MAGIC;
                    double t = offset / v;
                    logs[j] = ((e * LN2 + LOG_C[i]) + (r + r2 * (-0.5 + r * (1.0 / 3)))) + (t - 0.5 * t * t);
                    continue;
                }
            }
            pow[j] = apply(v);
            logs[j] = FastMath.logForSum(v + offset);
        }
    }

    private double slow(double x) {
        if (Double.doubleToRawLongBits(x) == 0 && y > 0) {
            return 0;
        }
        return FastMath.pow(x, y);
    }
}
