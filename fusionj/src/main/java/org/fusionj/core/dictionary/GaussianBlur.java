package org.fusionj.core.dictionary;

/**
 * Separable Gaussian blur with mirror ("reflect", edge pixel repeated) boundaries, in double precision: the
 * simulated TXM point-spread function of the coupled mode. The kernel reaches 4 sigma.
 */
final class GaussianBlur {

    private GaussianBlur() {
    }

    static double[] blur(double[] image, int width, int height, double sigma) {
        if (!(sigma > 0)) {
            return image.clone();
        }
        int radius = Math.max(1, (int) Math.ceil(4 * sigma));
        double[] kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            kernel[i + radius] = Math.exp(-0.5 * i * i / (sigma * sigma));
            sum += kernel[i + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
        double[] tmp = new double[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0;
                for (int i = -radius; i <= radius; i++) {
                    v += kernel[i + radius] * image[y * width + reflect(x + i, width)];
                }
                tmp[y * width + x] = v;
            }
        }
        double[] out = new double[image.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double v = 0;
                for (int i = -radius; i <= radius; i++) {
                    v += kernel[i + radius] * tmp[reflect(y + i, height) * width + x];
                }
                out[y * width + x] = v;
            }
        }
        return out;
    }

    /** Index mirrored into [0, n): -1 -> 0, -2 -> 1, n -> n - 1. */
    static int reflect(int i, int n) {
        if (n == 1) {
            return 0;
        }
        int period = 2 * n;
        int m = Math.floorMod(i, period);
        return m < n ? m : period - 1 - m;
    }
}
