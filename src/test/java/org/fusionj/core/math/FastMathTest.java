package org.fusionj.core.math;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * {@link FastMath} and {@link FixedPow} against {@link StrictMath} (fdlibm, correctly rounded to within one ulp)
 * over the whole double range: random arguments spread over all exponents, arguments within 2^-50 of 1 on both
 * sides (where a logarithm is small and only a careful reduction keeps its relative accuracy), subnormals, and
 * every special value.
 */
class FastMathTest {

    private static final double[] SPECIAL = {
        0.0, -0.0, Double.MIN_VALUE, 3 * Double.MIN_VALUE, Double.MIN_NORMAL / 3, Math.nextDown(Double.MIN_NORMAL),
        Double.MIN_NORMAL, Math.nextUp(Double.MIN_NORMAL), 1e-300, 1e-8, 0.5, Math.nextDown(1.0), 1.0,
        Math.nextUp(1.0), 2.0, 1e8, 1e300, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.NaN, -1.0, -2.5, -1e-300, -Double.MIN_VALUE};

    /** Relative error; 0 when both are equal (infinities and zeros included), infinite when exactly one is NaN. */
    private static double relativeError(double got, double expected) {
        if (Double.isNaN(expected) || Double.isNaN(got)) {
            return Double.isNaN(expected) && Double.isNaN(got) ? 0 : Double.POSITIVE_INFINITY;
        }
        if (got == expected) {
            return 0;
        }
        return Math.abs(got - expected) / Math.abs(expected);
    }

    /** Passes when both are the same double, or within {@code bound} relative (a NaN bound only allows equality). */
    private static void assertClose(double expected, double got, double bound, String what) {
        if (Double.doubleToLongBits(expected) == Double.doubleToLongBits(got) || relativeError(got, expected) <= bound) {
            return;
        }
        throw new AssertionError(what + " = " + got + ", expected " + expected + " (relative error "
                + relativeError(got, expected) + " > " + bound + ")");
    }

    /** Positive doubles with uniformly random exponents (normal and subnormal) and mantissas. */
    private static double anyPositive(Random r) {
        return Double.longBitsToDouble(r.nextLong() & 0x7FEFFFFFFFFFFFFFL);
    }

    /** Doubles within 2^-k of 1, k up to 52, on both sides. */
    private static double nearOne(Random r) {
        return 1 + (r.nextDouble() - 0.5) * Math.scalb(1.0, -r.nextInt(52));
    }

    @Test
    void logIsWithinAFewUlpsEverywhere() {
        Random r = new Random(1);
        double worst = 0;
        for (int k = 0; k < 2_000_000; k++) {
            double x = switch (k % 4) {
                case 0 -> anyPositive(r);
                case 1 -> nearOne(r);
                case 2 -> r.nextFloat();
                default -> r.nextDouble() * 4;
            };
            double e = relativeError(FastMath.log(x), StrictMath.log(x));
            worst = Math.max(worst, e);
            if (e > 1e-15) {
                throw new AssertionError("log(" + x + ") = " + FastMath.log(x) + ", expected " + StrictMath.log(x));
            }
        }
        assertTrue(worst > 0, "the test compares something");
    }

    @Test
    void logSpecialValuesFollowMath() {
        for (double x : SPECIAL) {
            assertTrue(relativeError(FastMath.log(x), StrictMath.log(x)) <= 1e-15, "log(" + x + ")");
        }
        assertEquals(Double.NEGATIVE_INFINITY, FastMath.log(0.0));
        assertEquals(Double.NEGATIVE_INFINITY, FastMath.log(-0.0));
        assertTrue(Double.isNaN(FastMath.log(-1)));
        assertEquals(0.0, FastMath.log(1.0));
    }

    /** The logarithm for cost sums: absolute error below 4e-13 everywhere, relative below 1e-12 away from 1. */
    @Test
    void logForSumHasASmallAbsoluteError() {
        Random r = new Random(6);
        for (int k = 0; k < 2_000_000; k++) {
            double x = switch (k % 4) {
                case 0 -> anyPositive(r);
                case 1 -> nearOne(r);
                case 2 -> r.nextFloat() + 1e-8;
                default -> r.nextDouble() * 4;
            };
            double expected = StrictMath.log(x);
            double got = FastMath.logForSum(x);
            if (Math.abs(got - expected) > 4e-13 || Math.abs(x - 1) >= 0.3 && relativeError(got, expected) > 1e-12) {
                throw new AssertionError("logForSum(" + x + ") = " + got + ", expected " + expected);
            }
        }
        for (double x : SPECIAL) {
            double expected = StrictMath.log(x);
            double got = FastMath.logForSum(x);
            assertTrue(Double.doubleToLongBits(expected) == Double.doubleToLongBits(got)
                    || Math.abs(got - expected) <= 4e-13, "logForSum(" + x + ")");
        }
        assertEquals(0.0, FastMath.logForSum(1.0));
    }

    @Test
    void expIsWithinAFewUlps() {
        Random r = new Random(2);
        for (int k = 0; k < 1_000_000; k++) {
            double z = (r.nextDouble() - 0.5) * (k % 2 == 0 ? 1500 : 2);
            double e = relativeError(FastMath.exp(z), StrictMath.exp(z));
            if (e > 1e-15 && StrictMath.exp(z) >= Double.MIN_NORMAL) {
                throw new AssertionError("exp(" + z + ") = " + FastMath.exp(z) + ", expected " + StrictMath.exp(z));
            }
        }
        for (double z : new double[] {0, -0.0, 708, -708, 709.8, -745, -746, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY}) {
            assertTrue(relativeError(FastMath.exp(z), StrictMath.exp(z)) <= 1e-15, "exp(" + z + ")");
        }
    }

    /**
     * {@code pow(x, y) = exp(y log x)}: the rounding of {@code y log x} (|y log x| up to 708) costs up to
     * 3e-16 |y log x| relative, hence the bound {@code 1e-15 + 4e-16 |y ln x|} (below 3e-13 everywhere).
     */
    @Test
    void powIsAccurateOverTheWholeRange() {
        Random r = new Random(3);
        for (int k = 0; k < 2_000_000; k++) {
            double x = switch (k % 3) {
                case 0 -> anyPositive(r);
                case 1 -> nearOne(r);
                default -> r.nextFloat();
            };
            double y = switch (k % 5) {
                case 0 -> 0.6;
                case 1 -> 1.6;
                case 2 -> (r.nextDouble() - 0.5) * 8;
                case 3 -> (r.nextDouble() - 0.5) * 600;
                default -> r.nextInt(7) - 3;
            };
            double expected = StrictMath.pow(x, y);
            double got = FastMath.pow(x, y);
            double bound = 1e-15 + 4e-16 * Math.abs(y * Math.log(x));
            if (relativeError(got, expected) > bound) {
                throw new AssertionError("pow(" + x + ", " + y + ") = " + got + ", expected " + expected);
            }
        }
    }

    @Test
    void powSpecialValuesFollowMath() {
        double[] ys = {0, -0.0, 0.6, 1.6, 1, 2, 3, -1, -2, -3, 0.5, -0.5, 1e300, -1e300, Double.NaN,
            Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double x : SPECIAL) {
            for (double y : ys) {
                double expected = StrictMath.pow(x, y);
                double got = FastMath.pow(x, y);
                assertClose(expected, got, 1e-15 + 4e-16 * Math.abs(y * Math.log(Math.abs(x))),
                        "pow(" + x + ", " + y + ")");
                if (expected == 0 || Double.isInfinite(expected) || Double.isNaN(expected)) {
                    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got),
                            "pow(" + x + ", " + y + ")");
                }
            }
        }
        assertEquals(0.0, FastMath.pow(0.0, 0.6));
        assertEquals(1.0, FastMath.pow(0.0, 0.0));
        assertEquals(Double.POSITIVE_INFINITY, FastMath.pow(0.0, -1.5));
    }

    /**
     * Exponents of the forward model: tabulated, within a few ulps wherever the tables are used (results far
     * from the ends of the double range); near those ends {@link FastMath#pow}'s bound.
     */
    @Test
    void fixedPowIsWithinAFewUlpsForModelExponents() {
        Random r = new Random(4);
        for (double y : new double[] {0.6, 1.6, 0.4, 1.4, 2, 1, 0, 0.3, 0.999, 3, 4.3, -0.3}) {
            FixedPow f = FixedPow.of(y);
            assertEquals(y, f.exponent());
            for (int k = 0; k < 300_000; k++) {
                double x = switch (k % 3) {
                    case 0 -> anyPositive(r);
                    case 1 -> nearOne(r);
                    default -> r.nextFloat();
                };
                double expected = StrictMath.pow(x, y);
                double got = f.apply(x);
                double bound;
                if (expected > 1e-290 && expected < 1e290) {
                    bound = 1e-15;
                } else if (expected >= Double.MIN_NORMAL && !Double.isInfinite(expected)) {
                    bound = 1e-15 + 4e-16 * Math.abs(y * Math.log(x));
                } else {
                    bound = 0;
                }
                if (relativeError(got, expected) > bound) {
                    throw new AssertionError("FixedPow(" + y + ")(" + x + ") = " + got + ", expected " + expected);
                }
            }
        }
    }

    /** Other exponents go through {@link FastMath#pow}, with its accuracy. */
    @Test
    void fixedPowOfOtherExponentsIsAsAccurateAsPow() {
        Random r = new Random(5);
        for (double y : new double[] {-1, -2.5, 5, 7.5, 20, -0.31}) {
            FixedPow f = FixedPow.of(y);
            for (int k = 0; k < 100_000; k++) {
                double x = k % 2 == 0 ? anyPositive(r) : r.nextFloat();
                double expected = StrictMath.pow(x, y);
                double bound = 1e-15 + 4e-16 * Math.abs(y * Math.log(x));
                if (relativeError(f.apply(x), expected) > bound) {
                    throw new AssertionError("FixedPow(" + y + ")(" + x + ") = " + f.apply(x) + ", expected "
                            + expected);
                }
            }
        }
    }

    @Test
    void fixedPowSpecialValuesAreExactlyStrictMaths() {
        for (double y : new double[] {0.6, 1.6, 0, 1, 2, 3, -1, 5, -2.5}) {
            FixedPow f = FixedPow.of(y);
            for (double x : SPECIAL) {
                double expected = StrictMath.pow(x, y);
                double got = f.apply(x);
                if (expected == 0 || Double.isInfinite(expected) || Double.isNaN(expected)
                        || Math.abs(expected) < Double.MIN_NORMAL) {
                    assertEquals(Double.doubleToLongBits(expected), Double.doubleToLongBits(got),
                            "FixedPow(" + y + ")(" + x + ")");
                } else {
                    assertClose(expected, got, 1e-15 + 4e-16 * Math.abs(y * Math.log(Math.abs(x))),
                            "FixedPow(" + y + ")(" + x + ")");
                }
            }
        }
    }

    /**
     * {@link FixedPow#applyWithLog}: the powers are {@link FixedPow#apply}'s bits, the logarithms of
     * {@code x + offset} within 5e-13 absolute (logForSum's 4e-13 plus the log1p truncation, below 8e-14), for
     * offsets that do and do not take the shared reduction, and special values.
     */
    @Test
    void applyWithLogGivesApplysPowersAndAccurateLogs() {
        Random r = new Random(9);
        int n = 4096;
        double[] x = new double[n];
        double[] pow = new double[n];
        double[] logs = new double[n];
        for (double y : new double[] {0.6, -0.4, 1.6, 2, 5, -2.5}) {
            FixedPow f = FixedPow.of(y);
            for (double offset : new double[] {0, 1e-8, -1e-8, 1e-6, 1e-3, 0.24, 3}) {
                for (int round = 0; round < 20; round++) {
                    for (int j = 0; j < n; j++) {
                        x[j] = switch (j % 5) {
                            case 0 -> anyPositive(r);
                            case 1 -> nearOne(r);
                            case 2 -> r.nextFloat();
                            case 3 -> r.nextFloat() * 1e-3;
                            default -> r.nextDouble() * 4;
                        };
                    }
                    if (round == 0) {
                        System.arraycopy(SPECIAL, 0, x, 0, SPECIAL.length);
                    }
                    f.applyWithLog(x, offset, pow, logs, n);
                    for (int j = 0; j < n; j++) {
                        double v = x[j];
                        assertEquals(Double.doubleToLongBits(f.apply(v)), Double.doubleToLongBits(pow[j]),
                                "pow(" + v + ", " + y + ")");
                        double expected = StrictMath.log(v + offset);
                        if (Double.doubleToLongBits(expected) != Double.doubleToLongBits(logs[j])
                                && !(Math.abs(logs[j] - expected) <= 5e-13)) {
                            throw new AssertionError("log(" + v + " + " + offset + ") = " + logs[j] + ", expected "
                                    + expected);
                        }
                    }
                }
            }
        }
    }
}
