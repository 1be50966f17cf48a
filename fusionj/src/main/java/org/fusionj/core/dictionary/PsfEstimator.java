package org.fusionj.core.dictionary;

import java.util.List;

import org.fusionj.core.ImagePlane;

/**
 * Estimates the Gaussian PSF sigma (pixels) that turns the STEM images into the TXM image's sharpness, without
 * registration: it matches a scale-free sharpness, mean squared gradient over variance, of the blurred STEM images
 * to that of the TXM image. Both sides are first smoothed by a Gaussian of {@value #PRE_SMOOTHING} px so that
 * the TXM noise, which dominates raw gradients, weighs little; what is left of it is removed by measuring the same
 * moments on white noise of the estimated level, smoothed the same way. Assumes both show the same kind of
 * structure at the same pixel size.
 */
public final class PsfEstimator {

    static final double MIN_SIGMA = 0.25;
    static final double MAX_SIGMA = 8;
    static final double PRE_SMOOTHING = 1.5;

    private PsfEstimator() {
    }

    /**
     * @param txmNoise noise sigma of the TXM image (image units)
     * @return the sigma in pixels, clamped to [0.25, 8]
     */
    public static double sigma(List<ImagePlane> stem, ImagePlane txm, double txmNoise) {
        int w = txm.width();
        int h = txm.height();
        double[] t = moments(GaussianBlur.blur(toDouble(txm), w, h, PRE_SMOOTHING), w, h);
        double[] noise = new double[w * h];
        java.util.SplittableRandom random = new java.util.SplittableRandom(1);
        for (int i = 0; i < noise.length; i++) {
            noise[i] = txmNoise * random.nextGaussian();
        }
        double[] n = moments(GaussianBlur.blur(noise, w, h, PRE_SMOOTHING), w, h);
        double target = Math.max(t[0] - n[0], 1e-12) / Math.max(t[1] - n[1], 1e-12);
        double lo = MIN_SIGMA;
        double hi = MAX_SIGMA;
        if (sharpness(stem, lo) <= target) {
            return lo;
        }
        if (sharpness(stem, hi) >= target) {
            return hi;
        }
        for (int i = 0; i < 20; i++) {
            double mid = Math.sqrt(lo * hi);
            if (sharpness(stem, mid) > target) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return Math.sqrt(lo * hi);
    }

    private static double sharpness(List<ImagePlane> stem, double sigma) {
        double grad = 0;
        double var = 0;
        for (ImagePlane p : stem) {
            double total = Math.sqrt(sigma * sigma + PRE_SMOOTHING * PRE_SMOOTHING);
            double[] m = moments(GaussianBlur.blur(toDouble(p), p.width(), p.height(), total), p.width(),
                    p.height());
            grad += m[0];
            var += m[1];
        }
        return grad / var;
    }

    /** {mean squared forward difference summed over x and y, variance}. */
    private static double[] moments(double[] v, int w, int h) {
        double sum = 0;
        double sq = 0;
        for (double x : v) {
            sum += x;
            sq += x * x;
        }
        double mean = sum / v.length;
        double var = sq / v.length - mean * mean;
        double gx = 0;
        double gy = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x + 1 < w; x++) {
                double d = v[y * w + x + 1] - v[y * w + x];
                gx += d * d;
            }
        }
        for (int y = 0; y + 1 < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = v[(y + 1) * w + x] - v[y * w + x];
                gy += d * d;
            }
        }
        double g = (w > 1 ? gx / ((w - 1.0) * h) : 0) + (h > 1 ? gy / (w * (h - 1.0)) : 0);
        return new double[] {g, var};
    }

    static double[] toDouble(ImagePlane p) {
        float[] f = p.pixels();
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
