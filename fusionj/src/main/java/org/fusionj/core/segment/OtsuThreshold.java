package org.fusionj.core.segment;

import org.fusionj.core.InvalidInputException;

/**
 * Otsu's automatic threshold: the split of a histogram into two classes that maximises the between-class variance
 * {@code w0 w1 (m0 - m1)^2} (equivalently, minimises the within-class variance).
 *
 * <p>For grey values the histogram has {@code bins} equal bins from the smallest to the largest finite value; bin
 * {@code b} holds values {@code v} with {@code floor((v - min) / width) = b} (the maximum goes to the last bin).
 * The threshold separates bins {@code 0..t} (background) from {@code t+1..} (foreground); as a value it is the upper
 * edge of bin t, {@code min + (t + 1) * width}, and {@link Result#isForeground} uses the same binning, so the mask
 * and the histogram always agree. Non-finite values are ignored. Ties go to the lowest t.
 */
public final class OtsuThreshold {

    /** Default number of bins, as in ImageJ for 8-bit data. */
    public static final int DEFAULT_BINS = 256;

    private OtsuThreshold() {
    }

    /**
     * The Otsu split of a histogram: the last background bin t in 0..n-2, or -1 when all counts fall in one bin
     * (nothing to split).
     */
    public static int thresholdBin(long[] histogram) {
        int n = histogram.length;
        double total = 0;
        double sum = 0;
        int occupied = 0;
        for (int b = 0; b < n; b++) {
            if (histogram[b] < 0) {
                throw new InvalidInputException("histogram bin " + b + " has a negative count");
            }
            total += histogram[b];
            sum += (double) b * histogram[b];
            occupied += histogram[b] > 0 ? 1 : 0;
        }
        if (occupied < 2) {
            return -1;
        }
        double w0 = 0;
        double s0 = 0;
        double best = -1;
        int bestT = -1;
        for (int t = 0; t < n - 1; t++) {
            w0 += histogram[t];
            s0 += (double) t * histogram[t];
            double w1 = total - w0;
            if (w0 == 0 || w1 == 0) {
                continue;
            }
            double m0 = s0 / w0;
            double m1 = (sum - s0) / w1;
            double between = w0 * w1 * (m0 - m1) * (m0 - m1);
            if (between > best) {
                best = between;
                bestT = t;
            }
        }
        return bestT;
    }

    /**
     * An Otsu threshold of grey values.
     *
     * @param threshold the upper edge of the last background bin
     * @param bin       the last background bin
     * @param min       lower edge of bin 0 (smallest finite value)
     * @param binWidth  width of a bin
     * @param histogram the counts
     */
    public record Result(double threshold, int bin, double min, double binWidth, long[] histogram) {

        /** Whether {@code v} falls in a foreground bin (NaN and infinities never do). */
        public boolean isForeground(float v) {
            return Float.isFinite(v) && binOf(v, min, binWidth, histogram.length) > bin;
        }

        /** The foreground mask of {@code planes}: 1 for foreground, 0 otherwise. */
        public byte[][] mask(float[][] planes) {
            byte[][] out = new byte[planes.length][];
            for (int z = 0; z < planes.length; z++) {
                float[] p = planes[z];
                byte[] m = new byte[p.length];
                for (int i = 0; i < p.length; i++) {
                    m[i] = (byte) (isForeground(p[i]) ? 1 : 0);
                }
                out[z] = m;
            }
            return out;
        }
    }

    static int binOf(double v, double min, double width, int bins) {
        int b = (int) Math.floor((v - min) / width);
        return b < 0 ? 0 : Math.min(bins - 1, b);
    }

    /** Otsu threshold of a volume's ({@code [z][i]}) finite values with {@value #DEFAULT_BINS} bins. */
    public static Result of(float[][] planes) {
        return of(planes, DEFAULT_BINS);
    }

    /**
     * Otsu threshold of a volume's finite values.
     *
     * @throws InvalidInputException when there are no finite values or they are all equal
     */
    public static Result of(float[][] planes, int bins) {
        if (bins < 2) {
            throw new InvalidInputException("Otsu needs at least 2 histogram bins, got " + bins);
        }
        if (planes == null || planes.length == 0) {
            throw new InvalidInputException("no image data for the Otsu threshold");
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float[] p : planes) {
            for (float v : p) {
                if (Float.isFinite(v)) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        if (!(min <= max)) {
            throw new InvalidInputException("the image has no finite values: nothing to threshold");
        }
        if (min == max) {
            throw new InvalidInputException("the image is constant (every value is " + min
                    + "): Otsu's threshold needs two populations");
        }
        double width = (max - min) / bins;
        long[] hist = new long[bins];
        for (float[] p : planes) {
            for (float v : p) {
                if (Float.isFinite(v)) {
                    hist[binOf(v, min, width, bins)]++;
                }
            }
        }
        int t = thresholdBin(hist);
        return new Result(min + (t + 1) * width, t, min, width, hist);
    }

    /** Otsu threshold of one plane's finite values. */
    public static Result of(float[] values, int bins) {
        return of(new float[][] {values}, bins);
    }
}
