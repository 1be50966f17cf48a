package org.fusionj.core.fusion;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A signal-dependent noise model {@code variance = a mean + b} (Poisson-Gaussian, after Foi et al., IEEE TIP 17,
 * 2008) estimated from one map, for automatic parameters on maps that are not counts.
 *
 * <p>Estimate: the map is cut into 2 x 2 blocks; each block gives its mean and its diagonal detail
 * {@code (y00 - y01 - y10 + y11) / 2}, whose variance is the noise variance for white noise and which a smooth
 * signal hardly reaches. The blocks are sorted by mean into 16 groups of equal size; in each group the noise
 * variance is the squared median absolute deviation of the details (times 1.4826, robust to the blocks the signal
 * does reach), and a straight line through the groups' (mean, variance) gives {@code a} and {@code b} (weighted
 * least squares, {@code a, b >= 0}).
 *
 * @param a           variance per unit of mean
 * @param b           variance at zero mean
 * @param correlation how much of the pixel-to-pixel variance the diagonal details miss, in [0, 1]: near 0 for white
 *                    noise, near 1 when the map was smoothed (its noise is correlated between neighbours)
 */
public record NoiseModel(double a, double b, double correlation) {

    private static final int GROUPS = 16;
    private static final double MAD_TO_SD = 1.4826;

    /** Estimates the model of a {@code width x height} map. */
    public static NoiseModel estimate(float[] px, int width, int height) {
        int bw = width / 2;
        int bh = height / 2;
        int blocks = bw * bh;
        if (blocks < GROUPS * 8) {
            return new NoiseModel(0, limitedMeanSquare(firstDifferences(px, width, height)), 0);
        }
        double[] mean = new double[blocks];
        double[] detail = new double[blocks];
        for (int by = 0; by < bh; by++) {
            for (int bx = 0; bx < bw; bx++) {
                int i = 2 * by * width + 2 * bx;
                double y00 = px[i];
                double y01 = px[i + 1];
                double y10 = px[i + width];
                double y11 = px[i + width + 1];
                int k = by * bw + bx;
                mean[k] = (y00 + y01 + y10 + y11) / 4;
                detail[k] = (y00 - y01 - y10 + y11) / 2;
            }
        }
        Integer[] order = new Integer[blocks];
        for (int k = 0; k < blocks; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (p, q) -> Double.compare(mean[p], mean[q]));
        double sw = 0;
        double swx = 0;
        double swy = 0;
        double swxx = 0;
        double swxy = 0;
        for (int g = 0; g < GROUPS; g++) {
            int from = g * blocks / GROUPS;
            int to = (g + 1) * blocks / GROUPS;
            double[] d = new double[to - from];
            double m = 0;
            for (int k = from; k < to; k++) {
                d[k - from] = detail[order[k]];
                m += mean[order[k]];
            }
            m /= to - from;
            double v = limitedMeanSquare(d);
            // Equal weights (equal group sizes): weighting by the variances' own precision lets a group of all-zero
            // counts (variance 0) decide the whole fit.
            double w = 1;
            sw += w;
            swx += w * m;
            swy += w * v;
            swxx += w * m * m;
            swxy += w * m * v;
        }
        double den = sw * swxx - swx * swx;
        double a = den > 0 ? (sw * swxy - swx * swy) / den : 0;
        double b;
        if (a < 0) {
            a = 0;
            b = swy / sw;
        } else {
            b = (swy - a * swx) / sw;
            if (b < 0) {
                b = 0;
                a = swxx > 0 ? swxy / swxx : 0;
            }
        }
        double vDiag = limitedMeanSquare(detail);
        double vDiff = limitedMeanSquare(firstDifferences(px, width, height));
        double corr = vDiff > 0 ? Math.max(0, Math.min(1, 1 - vDiag / vDiff)) : 0;
        return new NoiseModel(a, b, corr);
    }

    /** The mean square of {@code d} with each value limited to 4 robust standard deviations (when that is > 0). */
    private static double limitedMeanSquare(double[] d) {
        double limit = 4 * robustSd(d);
        double s = 0;
        for (double v : d) {
            double c = limit > 0 ? Math.max(-limit, Math.min(limit, v)) : v;
            s += c * c;
        }
        return s / Math.max(1, d.length);
    }

    /** Horizontal first differences divided by sqrt 2 (variance sigma^2 for white noise). */
    private static double[] firstDifferences(float[] px, int width, int height) {
        double[] d = new double[(width - 1) * height];
        int k = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x + 1 < width; x++) {
                d[k++] = (px[y * width + x + 1] - px[y * width + x]) / Math.sqrt(2);
            }
        }
        return d;
    }

    private static double robustSd(double[] v) {
        if (v.length == 0) {
            return 0;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        double med = s[s.length / 2];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.abs(s[i] - med);
        }
        Arrays.sort(s);
        return MAD_TO_SD * s[s.length / 2];
    }

    /** The noise variance at local mean {@code m} (at least a tiny positive floor). */
    public double variance(double m) {
        return Math.max(a * Math.max(m, 0) + b, 1e-12);
    }

    /**
     * Gaussian data fission (Leiner et al., JASA 2023): {@code y + tau z} and {@code y - z / tau} with {@code z} of
     * the model's variance at the pixel's 3 x 3 mean and {@code tau^2 = (1 - p) / p}; independent halves for
     * Gaussian white noise. Returns {training, held out}.
     */
    public float[][] fission(float[] px, int width, int height, double p, SplittableRandom rng) {
        int n = px.length;
        float[] a1 = new float[n];
        float[] a2 = new float[n];
        double tau = Math.sqrt((1 - p) / p);
        for (int i = 0; i < n; i++) {
            int x = i % width;
            int y = i / width;
            double m = 0;
            int count = 0;
            for (int yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
                for (int xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
                    m += px[yy * width + xx];
                    count++;
                }
            }
            double sd = Math.sqrt(variance(m / count));
            double u1 = 1 - rng.nextDouble();
            double u2 = rng.nextDouble();
            double z = sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
            a1[i] = (float) (px[i] + tau * z);
            a2[i] = (float) (px[i] - z / tau);
        }
        return new float[][] {a1, a2};
    }
}
