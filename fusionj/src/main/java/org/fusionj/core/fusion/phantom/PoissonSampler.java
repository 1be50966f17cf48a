package org.fusionj.core.fusion.phantom;

import java.util.SplittableRandom;

/**
 * Exact Poisson variates.
 *
 * <ul>
 *   <li>mean &lt; {@value #PTRS_THRESHOLD}: Knuth's multiplication method (count uniforms until their product drops
 *       below {@code exp(-mean)}); exact, about {@code mean + 1} uniforms per variate.</li>
 *   <li>mean &gt;= {@value #PTRS_THRESHOLD}: Hörmann's transformed rejection with squeeze, PTRS (W. Hörmann, "The
 *       transformed rejection method for generating Poisson random variables", Insurance: Mathematics and
 *       Economics 12, 39-45, 1993); exact, a little over 2 uniforms per variate whatever the mean.</li>
 * </ul>
 * Both use only the generator passed in, so a seeded generator gives a reproducible stream.
 */
public final class PoissonSampler {

    /** Means from here on use PTRS (Hörmann's constants are fitted for mean &gt;= 10). */
    public static final double PTRS_THRESHOLD = 10;

    private static final int LOG_FACTORIAL_TABLE = 256;
    private static final double[] LOG_FACTORIAL = new double[LOG_FACTORIAL_TABLE];
    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    static {
        double s = 0;
        for (int k = 1; k < LOG_FACTORIAL_TABLE; k++) {
            s += Math.log(k);
            LOG_FACTORIAL[k] = s;
        }
    }

    private PoissonSampler() {
    }

    /**
     * One Poisson variate of the given mean.
     *
     * @param mean &gt;= 0 and finite; 0 gives 0
     */
    public static long sample(SplittableRandom rng, double mean) {
        if (mean < PTRS_THRESHOLD) {
            if (mean > 0) {
                return knuth(rng, mean);
            }
            if (mean == 0) {
                return 0;
            }
            throw new IllegalArgumentException("Poisson mean must be >= 0, got " + mean);
        }
        if (Double.isInfinite(mean) || Double.isNaN(mean)) {
            throw new IllegalArgumentException("Poisson mean must be finite, got " + mean);
        }
        return ptrs(rng, mean);
    }

    /**
     * Knuth's method: the number of uniforms whose running product stays above {@code exp(-mean)}. The first
     * uniform is tested against {@code 1 - mean <= exp(-mean)} before {@code exp} is computed: most draws at small
     * means return 0 without it (a squeeze; the result is the same variate).
     */
    static long knuth(SplittableRandom rng, double mean) {
        double p = rng.nextDouble();
        if (p <= 1 - mean) {
            return 0;
        }
        double limit = Math.exp(-mean);
        long k = 0;
        while (p > limit) {
            k++;
            p *= rng.nextDouble();
        }
        return k;
    }

    /** PTRS for {@code mean >= 10}. */
    static long ptrs(SplittableRandom rng, double mean) {
        double sqrtMean = Math.sqrt(mean);
        double b = 0.931 + 2.53 * sqrtMean;
        double a = -0.059 + 0.02483 * b;
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k; // the squeeze: most draws end here
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
            if (Math.log(v * invAlpha / (a / (us * us) + b)) <= -mean + k * Math.log(mean) - logFactorial(k)) {
                return k;
            }
        }
    }

    /** {@code log(k!)}: a table below 256, Stirling's series (error below 1e-17 relative) above. */
    static double logFactorial(long k) {
        if (k < LOG_FACTORIAL_TABLE) {
            return LOG_FACTORIAL[(int) k];
        }
        double x = k + 1.0;
        double ix = 1 / x;
        double ix2 = ix * ix;
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI
                + ix * (1.0 / 12 - ix2 * (1.0 / 360 - ix2 * (1.0 / 1260 - ix2 / 1680)));
    }
}
