package org.fusionj.core.tomo;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/** Tilt-angle lists: checks, regular ranges and matching one list against another. */
public final class TiltAngles {

    /** Two angles closer than this (degrees) are the same tilt when lists are matched. */
    public static final double MATCH_TOLERANCE = 0.05;

    private TiltAngles() {
    }

    /**
     * Refuses an empty list, NaN or infinite angles and angles outside [-90, 90] degrees.
     *
     * @param what how the message names the list, e.g. "HAADF tilt angles"
     */
    public static void requireValid(double[] degrees, String what) {
        if (degrees == null || degrees.length == 0) {
            throw new InvalidInputException(what + ": no tilt angles given");
        }
        for (int i = 0; i < degrees.length; i++) {
            double a = degrees[i];
            if (Double.isNaN(a) || Double.isInfinite(a)) {
                throw new InvalidInputException(what + ": angle " + (i + 1) + " is " + a
                        + "; every tilt angle must be a number of degrees");
            }
            if (a < -90 || a > 90) {
                throw new InvalidInputException(what + ": angle " + (i + 1) + " is " + format(a)
                        + " degrees, outside [-90, 90]; give tilts in degrees about a single axis (radians? "
                        + "multiply by 57.2958)");
            }
        }
    }

    /**
     * {@code from, from + step, ...} up to {@code to} (included when it falls on the grid, to within 1e-9 of a
     * step), e.g. {@code range(-70, 70, 2)} gives the 71 angles of a 2-degree tilt series.
     */
    public static double[] range(double from, double to, double step) {
        if (!(step > 0) || Double.isInfinite(step)) {
            throw new InvalidInputException("tilt step must be a positive number of degrees, got " + step);
        }
        if (!(to >= from)) {
            throw new InvalidInputException("tilt range must run from low to high, got " + format(from) + " to "
                    + format(to));
        }
        int n = (int) Math.floor((to - from) / step + 1e-9) + 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            // Rounded to 1e-9 degree so that e.g. -70 + 35 * 2 is exactly 0.
            out[i] = Math.rint((from + i * step) * 1e9) / 1e9;
        }
        requireValid(out, "tilt range");
        return out;
    }

    /**
     * For each angle of {@code subset}, the index of the angle of {@code of} within {@link #MATCH_TOLERANCE}; -1
     * where there is none.
     */
    public static int[] match(double[] subset, double[] of) {
        int[] idx = new int[subset.length];
        for (int i = 0; i < subset.length; i++) {
            idx[i] = -1;
            double best = MATCH_TOLERANCE;
            for (int j = 0; j < of.length; j++) {
                double d = Math.abs(subset[i] - of[j]);
                if (d <= best) {
                    best = d;
                    idx[i] = j;
                }
            }
        }
        return idx;
    }

    /**
     * Refuses a list with an angle that {@code of} lacks.
     *
     * @param what   how the message names {@code subset}
     * @param ofWhat how it names {@code of}
     * @param why    why a subset is needed, ending the message
     */
    public static int[] requireSubset(double[] subset, String what, double[] of, String ofWhat, String why) {
        int[] idx = match(subset, of);
        for (int i = 0; i < idx.length; i++) {
            if (idx[i] < 0) {
                throw new InvalidInputException(what + ": tilt " + format(subset[i]) + " degrees is not among the "
                        + ofWhat + " (within " + MATCH_TOLERANCE + " degrees); " + why);
            }
        }
        return idx;
    }

    /** An angle as messages print it: up to three decimals, no trailing zeros. */
    public static String format(double degrees) {
        String s = String.format(Locale.ROOT, "%.3f", degrees);
        s = s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
        return s.equals("-0") ? "0" : s;
    }
}
