package org.fusionj.core.dictionary;

import org.fusionj.core.InvalidInputException;

/**
 * PSNR and SSIM of an image against a ground truth, with the conventions of scikit-image (which produced the
 * reference figures): SSIM on 7 x 7 uniform windows with reflected borders, sample (N - 1) covariances,
 * K1 = 0.01, K2 = 0.03, averaged over the pixels at least 3 from the border.
 */
public final class ImageQuality {

    private static final int WINDOW = 7;

    private ImageQuality() {
    }

    /** Peak signal-to-noise ratio in dB: {@code 10 log10(range^2 / MSE)}. */
    public static double psnr(float[] truth, float[] image, double dataRange) {
        requireSameLength(truth, image);
        double mse = 0;
        for (int i = 0; i < truth.length; i++) {
            double d = (double) image[i] - truth[i];
            mse += d * d;
        }
        mse /= truth.length;
        return 10 * Math.log10(dataRange * dataRange / mse);
    }

    /** Mean structural similarity (Wang et al. 2004). */
    public static double ssim(float[] truth, float[] image, int width, int height, double dataRange) {
        requireSameLength(truth, image);
        if (width < WINDOW || height < WINDOW || (long) width * height != truth.length) {
            throw new InvalidInputException("SSIM needs an image of at least 7 x 7 matching its size");
        }
        double[] x = new double[truth.length];
        double[] y = new double[truth.length];
        double[] xx = new double[truth.length];
        double[] yy = new double[truth.length];
        double[] xy = new double[truth.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = truth[i];
            y[i] = image[i];
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        double[] ux = boxMean(x, width, height);
        double[] uy = boxMean(y, width, height);
        double[] uxx = boxMean(xx, width, height);
        double[] uyy = boxMean(yy, width, height);
        double[] uxy = boxMean(xy, width, height);
        double n = WINDOW * WINDOW;
        double cov = n / (n - 1);
        double c1 = Math.pow(0.01 * dataRange, 2);
        double c2 = Math.pow(0.03 * dataRange, 2);
        int pad = WINDOW / 2;
        double sum = 0;
        long count = 0;
        for (int r = pad; r < height - pad; r++) {
            for (int c = pad; c < width - pad; c++) {
                int i = r * width + c;
                double vx = cov * (uxx[i] - ux[i] * ux[i]);
                double vy = cov * (uyy[i] - uy[i] * uy[i]);
                double vxy = cov * (uxy[i] - ux[i] * uy[i]);
                double s = (2 * ux[i] * uy[i] + c1) * (2 * vxy + c2)
                        / ((ux[i] * ux[i] + uy[i] * uy[i] + c1) * (vx + vy + c2));
                sum += s;
                count++;
            }
        }
        return sum / count;
    }

    /** 7 x 7 box mean with mirrored borders. */
    private static double[] boxMean(double[] v, int w, int h) {
        int r = WINDOW / 2;
        double[] tmp = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    s += v[y * w + GaussianBlur.reflect(x + i, w)];
                }
                tmp[y * w + x] = s / WINDOW;
            }
        }
        double[] out = new double[v.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double s = 0;
                for (int i = -r; i <= r; i++) {
                    s += tmp[GaussianBlur.reflect(y + i, h) * w + x];
                }
                out[y * w + x] = s / WINDOW;
            }
        }
        return out;
    }

    private static void requireSameLength(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new InvalidInputException("images differ in size: " + a.length + " vs " + b.length + " pixels");
        }
    }
}
