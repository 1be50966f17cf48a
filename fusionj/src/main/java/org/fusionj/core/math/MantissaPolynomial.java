package org.fusionj.core.math;

import java.util.function.DoubleUnaryOperator;

/**
 * A polynomial approximation of a smooth function of the mantissa {@code m} in [1, 2), for the float kernels
 * {@link FloatPow} and {@link FloatLog}: Chebyshev interpolation of degree {@value #DEGREE} in
 * {@code t = 2m - 3} (in [-1, 1]), computed in double when the kernel is built and converted to the monomial
 * coefficients that {@link FloatPow} and {@link FloatLog} evaluate by Horner's rule in float.
 *
 * <p>Why degree 8: the functions used ({@code m^y}, {@code log m}) are analytic on the interval with their
 * singularity at {@code m = 0}, so the Chebyshev coefficients shrink geometrically; at degree 8 the truncation
 * error (4e-9 relative for {@code m^0.6}, 4e-8 absolute for {@code log m}) is below the rounding errors of the
 * evaluation in float (about 1e-7), and a higher degree would not make the result more accurate.
 */
final class MantissaPolynomial {

    static final int DEGREE = 8;

    private MantissaPolynomial() {
    }

    /** Monomial coefficients {@code a[0..DEGREE]} of the interpolant of {@code f(m)}, as a polynomial in t. */
    static double[] fit(DoubleUnaryOperator f) {
        int n = DEGREE + 1;
        // Chebyshev coefficients from the values at the n Chebyshev points of the first kind.
        double[] values = new double[n];
        for (int k = 0; k < n; k++) {
            double t = Math.cos(Math.PI * (k + 0.5) / n);
            values[k] = f.applyAsDouble((t + 3) / 2);
        }
        double[] cheb = new double[n];
        for (int j = 0; j < n; j++) {
            double s = 0;
            for (int k = 0; k < n; k++) {
                s += values[k] * Math.cos(Math.PI * j * (k + 0.5) / n);
            }
            cheb[j] = (j == 0 ? 1.0 : 2.0) * s / n;
        }
        // Sum of cheb[j] T_j(t) in the monomial basis, with T_{j+1} = 2t T_j - T_{j-1}.
        double[] result = new double[n];
        double[] previous = new double[n];
        double[] current = new double[n];
        previous[0] = 1;
        current[1] = 1;
        result[0] = cheb[0];
        for (int i = 0; i < n; i++) {
            result[i] += cheb[1] * current[i];
        }
        for (int j = 2; j < n; j++) {
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                next[i] = (i > 0 ? 2 * current[i - 1] : 0) - previous[i];
            }
            for (int i = 0; i < n; i++) {
                result[i] += cheb[j] * next[i];
            }
            previous = current;
            current = next;
        }
        return result;
    }
}
