package org.fusionj.core;

/**
 * The range checks that parameter records, phantom specs and kernels make of single numbers, each in one place
 * with one wording: {@code NAME must be ..., got VALUE}, thrown as {@link InvalidInputException}. NaN and the
 * infinities fail every check. A check whose words say more (e.g. "gamma must be a number >= 1 (physically 1.4 to
 * 2)") stays where it is.
 */
public final class Require {

    private Require() {
    }

    /** A finite number above 0: "NAME must be a positive number, got V". */
    public static void positive(String name, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(name + " must be a positive number, got " + v);
        }
    }

    /** A finite number of at least 0: "NAME must be a non-negative number, got V". */
    public static void nonNegative(String name, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new InvalidInputException(name + " must be a non-negative number, got " + v);
        }
    }

    /** A finite number of at least {@code min}: "NAME must be a number >= MIN, got V" (MIN as a double). */
    public static void atLeast(String name, double v, double min) {
        if (!(v >= min) || Double.isInfinite(v)) {
            throw new InvalidInputException(name + " must be a number >= " + min + ", got " + v);
        }
    }

    /** A number in [0, 1]: "NAME must be in [0, 1], got V". */
    public static void fraction(String name, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new InvalidInputException(name + " must be in [0, 1], got " + v);
        }
    }

    /** A count of at least one: "NAME must be at least 1, got N". */
    public static void atLeastOne(String name, long n) {
        if (n < 1) {
            throw new InvalidInputException(name + " must be at least 1, got " + n);
        }
    }
}
