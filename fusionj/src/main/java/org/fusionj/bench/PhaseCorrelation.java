package org.fusionj.bench;

/**
 * The baseline of the 2-D registration benchmark: translation-only alignment by phase correlation, what StackReg's
 * "Translation" and most quick aligners do. The normalised cross-power spectrum of the two images (zero-padded to a
 * power of two, Hann-windowed against edge effects) is transformed back, and its peak, refined by a parabola through
 * it and its neighbours on each axis, is the shift. Written here with a plain radix-2 FFT: it is a benchmark
 * baseline, not a kernel.
 */
final class PhaseCorrelation {

    private PhaseCorrelation() {
    }

    /** The shift (dx, dy) such that {@code moving(x + dx, y + dy) ~ fixed(x, y)}. */
    static double[] shift(float[] fixed, float[] moving, int w, int h) {
        int n = Integer.highestOneBit(Math.max(w, h) - 1) << 1;
        double[][] a = window(fixed, w, h, n);
        double[][] b = window(moving, w, h, n);
        fft2(a[0], a[1], n, false);
        fft2(b[0], b[1], n, false);
        double[] re = new double[n * n];
        double[] im = new double[n * n];
        for (int i = 0; i < n * n; i++) {
            // conj(A) B / |conj(A) B|
            double r = a[0][i] * b[0][i] + a[1][i] * b[1][i];
            double q = a[0][i] * b[1][i] - a[1][i] * b[0][i];
            double m = Math.hypot(r, q);
            re[i] = m > 0 ? r / m : 0;
            im[i] = m > 0 ? q / m : 0;
        }
        fft2(re, im, n, true);
        int best = 0;
        for (int i = 1; i < n * n; i++) {
            if (re[i] > re[best]) {
                best = i;
            }
        }
        int bx = best % n;
        int by = best / n;
        double dx = bx + parabola(re[by * n + (bx + n - 1) % n], re[best], re[by * n + (bx + 1) % n]);
        double dy = by + parabola(re[((by + n - 1) % n) * n + bx], re[best], re[((by + 1) % n) * n + bx]);
        return new double[] {dx > n / 2.0 ? dx - n : dx, dy > n / 2.0 ? dy - n : dy};
    }

    private static double parabola(double a, double b, double c) {
        double d = a - 2 * b + c;
        return d < 0 ? 0.5 * (a - c) / d : 0;
    }

    private static double[][] window(float[] img, int w, int h, int n) {
        double mean = 0;
        for (float v : img) {
            mean += v;
        }
        mean /= img.length;
        double[] re = new double[n * n];
        for (int y = 0; y < h; y++) {
            double wy = 0.5 - 0.5 * Math.cos(2 * Math.PI * (y + 0.5) / h);
            for (int x = 0; x < w; x++) {
                double wx = 0.5 - 0.5 * Math.cos(2 * Math.PI * (x + 0.5) / w);
                re[y * n + x] = (img[x + w * y] - mean) * wx * wy;
            }
        }
        return new double[][] {re, new double[n * n]};
    }

    /** In-place 2-D FFT of an n x n complex array (n a power of two); inverse without the 1/n^2 scale. */
    private static void fft2(double[] re, double[] im, int n, boolean inverse) {
        double[] r = new double[n];
        double[] i = new double[n];
        for (int y = 0; y < n; y++) {
            System.arraycopy(re, y * n, r, 0, n);
            System.arraycopy(im, y * n, i, 0, n);
            fft(r, i, inverse);
            System.arraycopy(r, 0, re, y * n, n);
            System.arraycopy(i, 0, im, y * n, n);
        }
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                r[y] = re[y * n + x];
                i[y] = im[y * n + x];
            }
            fft(r, i, inverse);
            for (int y = 0; y < n; y++) {
                re[y * n + x] = r[y];
                im[y * n + x] = i[y];
            }
        }
    }

    private static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = 2 * Math.PI / len * (inverse ? 1 : -1);
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            for (int s = 0; s < n; s += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = s + k;
                    int b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double t = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = t;
                }
            }
        }
    }
}
