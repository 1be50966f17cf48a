package org.fusionj.core.spectrum;

/**
 * The EELS background {@code A E^-r} through the counts of a pre-edge window, and its integral under a signal
 * window. Counts are treated as integrals over the channels' energy intervals: a window of channels covers
 * {@code [E_first - d/2, E_last + d/2]}.
 *
 * <p>The exponent comes from the two halves of the pre-edge window (the two-area method, Egerton, "Electron
 * Energy-Loss Spectroscopy in the Electron Microscope", 3rd ed., section 4.4): the ratio of their counts fixes
 * {@code r}, solved exactly here by bisection rather than with Egerton's approximation {@code r = 2 ln(I1/I2) /
 * ln(E_end/E_start)}; the total then fixes {@code A}. Only ratios of integrals enter, so {@code A} is never formed.
 */
final class PowerLaw {

    /** Exponents are kept in this range (physical pre-edge backgrounds have r between about 2 and 6). */
    static final double MIN_EXPONENT = 0;
    static final double MAX_EXPONENT = 10;

    private PowerLaw() {
    }

    /** {@code integral of E^-r over [a, b]} up to the common factor: {@code (b^(1-r) - a^(1-r)) / (1 - r)}. */
    static double integral(double a, double b, double r) {
        if (Math.abs(r - 1) < 1e-9) {
            return Math.log(b / a);
        }
        return (Math.pow(b, 1 - r) - Math.pow(a, 1 - r)) / (1 - r);
    }

    /**
     * The exponent whose power law gives the counts ratio {@code first / second} for the halves {@code [a, m]} and
     * {@code [m, b]}; clamped to [{@value #MIN_EXPONENT}, {@value #MAX_EXPONENT}]. NaN when either half is not
     * positive.
     */
    static double exponent(double first, double second, double a, double m, double b) {
        if (!(first > 0) || !(second > 0)) {
            return Double.NaN;
        }
        double target = Math.log(first / second);
        double lo = MIN_EXPONENT;
        double hi = MAX_EXPONENT;
        // log ratio of the halves' integrals grows with r.
        if (logRatio(lo, a, m, b) >= target) {
            return lo;
        }
        if (logRatio(hi, a, m, b) <= target) {
            return hi;
        }
        for (int i = 0; i < 50; i++) {
            double mid = 0.5 * (lo + hi);
            if (logRatio(mid, a, m, b) < target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    private static double logRatio(double r, double a, double m, double b) {
        return Math.log(integral(a, m, r) / integral(m, b, r));
    }

    /** The background counts under {@code [s0, s1]} of the power law of exponent r whose integral over [a, b] is total. */
    static double extrapolate(double total, double r, double a, double b, double s0, double s1) {
        return total * integral(s0, s1, r) / integral(a, b, r);
    }
}
