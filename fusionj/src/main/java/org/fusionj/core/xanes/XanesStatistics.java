package org.fusionj.core.xanes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.fusionj.core.InvalidInputException;

/**
 * Per-particle and per-region statistics of an edge-energy map (or any float map): histograms as probability
 * densities with peak, FWHM, mean and SD (see {@link EdgeHistogram}). Single-threaded and sequential, so the
 * sums are always taken in scan order: two passes over the map, a few tens of milliseconds for 256^3.
 */
public final class XanesStatistics {

    /** Most bins one histogram may have (bin width versus the spread of the values). */
    public static final int MAX_BINS = 1_000_000;

    private XanesStatistics() {
    }

    /**
     * Histograms of {@code map} in each labelled region.
     *
     * @param map        {@code [z][x + y * width]}, e.g. a half-height map (NaN voxels are skipped)
     * @param labels     {@code [z][i]}, 0 = background, 1..labelCount (e.g. {@code Components.labels()})
     * @param labelCount number of labels; the list has one entry per label 1..labelCount, in order
     * @param binWidthEv bin width, &gt; 0
     */
    public static List<EdgeHistogram> histograms(float[][] map, int[][] labels, int labelCount, double binWidthEv) {
        checkBinWidth(binWidthEv);
        if (labels == null || map == null || labels.length != map.length) {
            throw new InvalidInputException("the label volume has " + (labels == null ? 0 : labels.length)
                    + " slices but the map " + (map == null ? 0 : map.length));
        }
        if (labelCount < 0) {
            throw new InvalidInputException("label count must be >= 0, got " + labelCount);
        }
        int n = labelCount + 1;
        long[] count = new long[n];
        double[] min = new double[n];
        double[] max = new double[n];
        Arrays.fill(min, Double.POSITIVE_INFINITY);
        Arrays.fill(max, Double.NEGATIVE_INFINITY);
        for (int z = 0; z < map.length; z++) {
            float[] m = map[z];
            int[] l = labels[z];
            if (l == null || m == null || l.length != m.length) {
                throw new InvalidInputException("slice " + (z + 1) + " of the labels and of the map differ in size");
            }
            for (int i = 0; i < m.length; i++) {
                int lab = l[i];
                if (lab <= 0 || Float.isNaN(m[i])) {
                    continue;
                }
                if (lab > labelCount) {
                    throw new InvalidInputException("label " + lab + " found, but the label count is " + labelCount);
                }
                if (Float.isInfinite(m[i])) {
                    continue;
                }
                count[lab]++;
                min[lab] = Math.min(min[lab], m[i]);
                max[lab] = Math.max(max[lab], m[i]);
            }
        }
        Acc[] acc = new Acc[n];
        for (int lab = 1; lab < n; lab++) {
            acc[lab] = new Acc(lab, count[lab], min[lab], max[lab], binWidthEv);
        }
        for (int z = 0; z < map.length; z++) {
            float[] m = map[z];
            int[] l = labels[z];
            for (int i = 0; i < m.length; i++) {
                int lab = l[i];
                if (lab > 0 && Float.isFinite(m[i])) {
                    acc[lab].add(m[i]);
                }
            }
        }
        List<EdgeHistogram> out = new ArrayList<>(labelCount);
        for (int lab = 1; lab < n; lab++) {
            out.add(acc[lab].finish());
        }
        return out;
    }

    /** Histogram of {@code map} where {@code mask} is nonzero (e.g. an ImageJ ROI turned into a mask); label 0. */
    public static EdgeHistogram histogram(float[][] map, byte[][] mask, double binWidthEv) {
        checkBinWidth(binWidthEv);
        if (mask == null || map == null || mask.length != map.length) {
            throw new InvalidInputException("the mask has " + (mask == null ? 0 : mask.length)
                    + " slices but the map " + (map == null ? 0 : map.length));
        }
        long count = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int z = 0; z < map.length; z++) {
            if (mask[z] == null || map[z] == null || mask[z].length != map[z].length) {
                throw new InvalidInputException("slice " + (z + 1) + " of the mask and of the map differ in size");
            }
            for (int i = 0; i < map[z].length; i++) {
                float v = map[z][i];
                if (mask[z][i] != 0 && Float.isFinite(v)) {
                    count++;
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        Acc acc = new Acc(0, count, min, max, binWidthEv);
        for (int z = 0; z < map.length; z++) {
            for (int i = 0; i < map[z].length; i++) {
                float v = map[z][i];
                if (mask[z][i] != 0 && Float.isFinite(v)) {
                    acc.add(v);
                }
            }
        }
        return acc.finish();
    }

    /** Histogram of plain values (finite ones), label 0. */
    public static EdgeHistogram histogram(double[] values, double binWidthEv) {
        checkBinWidth(binWidthEv);
        long count = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isFinite(v)) {
                count++;
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        Acc acc = new Acc(0, count, min, max, binWidthEv);
        for (double v : values) {
            if (Double.isFinite(v)) {
                acc.add(v);
            }
        }
        return acc.finish();
    }

    private static void checkBinWidth(double w) {
        if (!(w > 0) || Double.isInfinite(w)) {
            throw new InvalidInputException("the histogram bin width must be a positive number of eV, got " + w);
        }
    }

    /**
     * The histogram of {@code counts} (bin k covers [k w, (k + 1) w) eV; {@code counts[b]} is bin
     * {@code firstBin + b}), with its density, peak and FWHM computed as for a map, and the given mean and SD of the
     * values. For statistics merged from parts (the blocks of a distributed run): bins anchored at multiples of w add
     * up exactly.
     */
    public static EdgeHistogram fromCounts(int label, double binWidthEv, long firstBin, long[] counts, double meanEv,
                                           double sdEv) {
        checkBinWidth(binWidthEv);
        double first = firstBin * binWidthEv;
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        if (n == 0) {
            return new EdgeHistogram(label, 0, binWidthEv, first, counts, new double[0], Double.NaN, Double.NaN,
                    Double.NaN, Double.NaN);
        }
        double[] density = new double[counts.length];
        int peak = 0;
        for (int b = 0; b < counts.length; b++) {
            density[b] = counts[b] / (n * binWidthEv);
            if (counts[b] > counts[peak]) {
                peak = b;
            }
        }
        double half = density[peak] / 2;
        double left = crossing(density, peak, -1, half, first, binWidthEv);
        double right = crossing(density, peak, +1, half, first, binWidthEv);
        return new EdgeHistogram(label, n, binWidthEv, first, counts, density, first + (peak + 0.5) * binWidthEv,
                meanEv, sdEv, right - left);
    }

    /** Where the density first falls below {@code half} walking from {@code peak} in direction {@code dir}. */
    private static double crossing(double[] density, int peak, int dir, double half, double first, double w) {
        int b = peak;
        while (true) {
            int next = b + dir;
            double dn = next >= 0 && next < density.length ? density[next] : 0;
            if (dn < half) {
                double cb = first + (b + 0.5) * w;
                double db = density[b];
                double t = (db - half) / (db - dn);
                return cb + dir * t * w;
            }
            b = next;
        }
    }

    /** The bin index (bin k covers [k w, (k + 1) w)) of a value, as the histograms count it. */
    public static long binOf(double value, double binWidthEv) {
        return (long) Math.floor(value / binWidthEv);
    }

    /** Second-pass accumulator of one region. */
    private static final class Acc {
        final int label;
        final long expected;
        final double min;
        final double w;
        final long firstBin;
        final long[] counts;
        long n;
        double sum;
        double sumSq;

        Acc(int label, long expected, double min, double max, double w) {
            this.label = label;
            this.expected = expected;
            this.min = min;
            this.w = w;
            if (expected == 0) {
                firstBin = 0;
                counts = new long[0];
                return;
            }
            firstBin = (long) Math.floor(min / w);
            long lastBin = (long) Math.floor(max / w);
            long bins = lastBin - firstBin + 1;
            if (bins > MAX_BINS) {
                throw new InvalidInputException("a bin width of " + w + " eV gives " + bins + " bins for values from "
                        + min + " to " + max + " eV" + (label > 0 ? " (particle " + label + ")" : "")
                        + "; use a larger bin width");
            }
            counts = new long[(int) bins];
        }

        void add(double v) {
            int b = (int) (binOf(v, w) - firstBin);
            counts[Math.max(0, Math.min(counts.length - 1, b))]++;
            double d = v - min;
            sum += d;
            sumSq += d * d;
            n++;
        }

        EdgeHistogram finish() {
            double mean = n == 0 ? Double.NaN : min + sum / n;
            double sd = n < 2 ? Double.NaN : Math.sqrt(Math.max(0, (sumSq - sum * sum / n) / (n - 1)));
            return fromCounts(label, w, firstBin, counts, mean, sd);
        }
    }
}
