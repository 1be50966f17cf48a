package org.fusionj.core.math;

/**
 * The error function, by Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7 everywhere, one exponential.
 * Java has none. Good enough where it is used: the normalised XANES data carry noise of 1e-2 and are stored as
 * float, and the spectrum phantom integrates Gaussian lines over channels of several eV.
 */
public final class Erf {

    private Erf() {
    }

    /** erf(z). */
    public static double erf(double z) {
        return erf(z, Math.exp(-z * z));
    }

    /**
     * erf(z) given {@code gauss = exp(-z^2)}, for a caller that needs that exponential anyway (the XANES edge fit
     * shares it with the derivative of its error-function step).
     */
    public static double erf(double z, double gauss) {
        double t = 1 / (1 + 0.3275911 * Math.abs(z));
        double erfc = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429)))) * gauss;
        return z >= 0 ? 1 - erfc : erfc - 1;
    }
}
