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

    /** Most grid points of one kernel density: beyond it the grid step grows. */
    static final int MAX_DENSITY_POINTS = 20000;

    /**
     * Kernel density estimates of {@code map} in each labelled region (see {@link EdgeDensity}); NaN voxels are
     * skipped. One entry per label 1..labelCount, in order; a region without values gets empty arrays.
     */
    public static java.util.List<EdgeDensity> densities(float[][] map, int[][] labels, int labelCount) {
        if (labels == null || map == null || labels.length != map.length) {
            throw new InvalidInputException("the label volume has " + (labels == null ? 0 : labels.length)
                    + " slices but the map " + (map == null ? 0 : map.length));
        }
        int[] count = new int[labelCount + 1];
        for (int z = 0; z < map.length; z++) {
            for (int i = 0; i < map[z].length; i++) {
                int l = labels[z][i];
                if (l > labelCount) {
                    throw new InvalidInputException("label " + l + " found, but the label count is " + labelCount);
                }
                if (l > 0 && Float.isFinite(map[z][i])) {
                    count[l]++;
                }
            }
        }
        float[][] values = new float[labelCount + 1][];
        for (int l = 1; l <= labelCount; l++) {
            values[l] = new float[count[l]];
        }
        int[] fill = new int[labelCount + 1];
        for (int z = 0; z < map.length; z++) {
            for (int i = 0; i < map[z].length; i++) {
                int l = labels[z][i];
                if (l > 0 && Float.isFinite(map[z][i])) {
                    values[l][fill[l]++] = map[z][i];
                }
            }
        }
        java.util.List<EdgeDensity> out = new ArrayList<>(labelCount);
        for (int l = 1; l <= labelCount; l++) {
            out.add(density(l, values[l]));
        }
        return out;
    }

    /** The kernel density estimate of plain values (finite ones), label 0. */
    public static EdgeDensity density(double[] values) {
        int n = 0;
        for (double v : values) {
            n += Double.isFinite(v) ? 1 : 0;
        }
        float[] f = new float[n];
        int k = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                f[k++] = (float) v;
            }
        }
        return density(0, f);
    }

    private static EdgeDensity density(int label, float[] v) {
        int n = v.length;
        if (n == 0) {
            return new EdgeDensity(label, 0, Double.NaN, new double[0], new double[0], Double.NaN);
        }
        float[] sorted = v.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (float x : sorted) {
            sum += x;
        }
        double mean = sum / n;
        double ss = 0;
        for (float x : sorted) {
            ss += (x - mean) * (x - mean);
        }
        double sd = n > 1 ? Math.sqrt(ss / (n - 1)) : 0;
        double iqr = quantile(sorted, 0.75) - quantile(sorted, 0.25);
        double spread = Math.min(sd, iqr / 1.34);
        if (!(spread > 0)) {
            spread = sd > 0 ? sd : iqr > 0 ? iqr / 1.34 : 0.01;
        }
        double h = 0.9 * spread * Math.pow(n, -0.2);
        double lo = sorted[0] - 4 * h;
        double hi = sorted[n - 1] + 4 * h;
        double step = h / 8;
        int points = (int) Math.ceil((hi - lo) / step) + 1;
        if (points > MAX_DENSITY_POINTS) {
            points = MAX_DENSITY_POINTS;
            step = (hi - lo) / (points - 1);
        }
        double[] grid = new double[points];
        double[] counts = new double[points];
        for (int i = 0; i < points; i++) {
            grid[i] = lo + i * step;
        }
        for (float x : sorted) {
            int b = (int) Math.round((x - lo) / step);
            counts[Math.max(0, Math.min(points - 1, b))]++;
        }
        int reach = (int) Math.ceil(4 * h / step);
        double[] kernel = new double[2 * reach + 1];
        double norm = 1 / (n * h * Math.sqrt(2 * Math.PI));
        for (int j = -reach; j <= reach; j++) {
            double u = j * step / h;
            kernel[j + reach] = Math.exp(-0.5 * u * u) * norm;
        }
        double[] density = new double[points];
        for (int b = 0; b < points; b++) {
            if (counts[b] == 0) {
                continue;
            }
            for (int j = -reach; j <= reach; j++) {
                int t = b + j;
                if (t >= 0 && t < points) {
                    density[t] += counts[b] * kernel[j + reach];
                }
            }
        }
        int peak = 0;
        for (int i = 1; i < points; i++) {
            if (density[i] > density[peak]) {
                peak = i;
            }
        }
        return new EdgeDensity(label, n, h, grid, density, grid[peak]);
    }

    /** Linear interpolation between order statistics (the "type 7" quantile of R and NumPy). */
    private static double quantile(float[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(sorted.length - 1, i + 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
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
