package org.fusionj.core.fusion;

import org.fusionj.core.InvalidInputException;

/**
 * How the forward model {@code HAADF ~ sum_e w_e x_e^gamma} weights each element's map by its atomic number Z.
 * The numbering (0 to 4) is the published code's "method".
 */
public enum WeightMethod {
    /** {@code w = 1}. */
    UNIT,
    /** {@code w = Z / mean(Z)}; the default, used by both published tutorials. */
    Z_OVER_MEAN,
    /** {@code w = Z^gamma / mean(Z^gamma)}. */
    Z_GAMMA_OVER_MEAN,
    /** {@code w = Z / sum(Z)}. */
    Z_OVER_SUM,
    /** {@code w = Z^gamma / sum(Z^gamma)}. */
    Z_GAMMA_OVER_SUM;

    /** The published code's number for this method. */
    public int code() {
        return ordinal();
    }

    public static WeightMethod fromCode(int code) {
        if (code < 0 || code >= values().length) {
            throw new InvalidInputException("weight method must be 0 to 4, got " + code);
        }
        return values()[code];
    }

    /** The weights for these atomic numbers. */
    public double[] weights(int[] atomicNumbers, double gamma) {
        int n = atomicNumbers.length;
        double[] w = new double[n];
        double sumZ = 0;
        double sumZg = 0;
        for (int z : atomicNumbers) {
            sumZ += z;
            sumZg += Math.pow(z, gamma);
        }
        for (int e = 0; e < n; e++) {
            double z = atomicNumbers[e];
            w[e] = switch (this) {
                case UNIT -> 1;
                case Z_OVER_MEAN -> z / (sumZ / n);
                case Z_GAMMA_OVER_MEAN -> Math.pow(z, gamma) / (sumZg / n);
                case Z_OVER_SUM -> z / sumZ;
                case Z_GAMMA_OVER_SUM -> Math.pow(z, gamma) / sumZg;
            };
        }
        return w;
    }
}
