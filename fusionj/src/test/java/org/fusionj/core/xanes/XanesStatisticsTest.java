package org.fusionj.core.xanes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** Per-particle histograms: peak, mean and FWHM on known distributions. */
class XanesStatisticsTest {

    /**
     * n values of the symmetric triangular distribution on [a, c], placed at the quantiles (i + 0.5) / n: mode and
     * mean (a + c) / 2, density peak 2 / (c - a), FWHM (c - a) / 2.
     */
    static double[] triangle(double a, double c, int n) {
        double[] out = new double[n];
        double w = c - a;
        for (int i = 0; i < n; i++) {
            double u = (i + 0.5) / n;
            out[i] = u < 0.5 ? a + w * Math.sqrt(u / 2) : c - w * Math.sqrt((1 - u) / 2);
        }
        return out;
    }

    @Test
    void triangularDistribution() {
        double[] v = triangle(6548, 6552, 400_000);
        EdgeHistogram h = XanesStatistics.histogram(v, 0.05);
        System.out.printf(Locale.ROOT, "[xanes histogram] triangle 6548-6552 eV, bin 0.05 eV: peak %.3f, mean %.4f, "
                + "FWHM %.4f eV (expected 6550, 6550, 2)%n", h.peakEv(), h.meanEv(), h.fwhmEv());
        assertEquals(6550, h.meanEv(), 1e-6);
        assertEquals(6550, h.peakEv(), 0.05);
        assertEquals(2.0, h.fwhmEv(), 0.05);
        assertEquals(4 / Math.sqrt(24), h.sdEv(), 1e-4);
        assertEquals(0.5, h.density()[h.bins() / 2], 0.02);
        double area = 0;
        for (double d : h.density()) {
            area += d * h.binWidthEv();
        }
        assertEquals(1.0, area, 1e-12);
        assertEquals(6548.0, h.firstBinEv(), 1e-9);
        assertEquals(80, h.bins());
    }

    @Test
    void gaussianSample() {
        SplittableRandom rng = new SplittableRandom(3);
        double[] v = new double[200_000];
        for (int i = 0; i < v.length; i++) {
            v[i] = 7120 + 1.5 * rng.nextGaussian();
        }
        EdgeHistogram h = XanesStatistics.histogram(v, 0.2);
        System.out.printf(Locale.ROOT, "[xanes histogram] Gaussian 7120 +- 1.5 eV, bin 0.2 eV: peak %.3f, mean %.4f, "
                + "SD %.4f, FWHM %.3f eV (expected 7120, 7120, 1.5, %.3f)%n", h.peakEv(), h.meanEv(), h.sdEv(),
                h.fwhmEv(), 2.3548 * 1.5);
        assertEquals(7120, h.meanEv(), 0.02);
        assertEquals(1.5, h.sdEv(), 0.02);
        assertEquals(7120, h.peakEv(), 0.3);
        assertEquals(2 * Math.sqrt(2 * Math.log(2)) * 1.5, h.fwhmEv(), 0.15);
    }

    @Test
    void labelsGiveOneHistogramEach() {
        float[][] map = new float[2][6];
        int[][] labels = new int[2][6];
        float[] values = {6550, 6551, 6551, Float.NaN, 6560, 6560};
        for (int i = 0; i < 6; i++) {
            map[1][i] = values[i];
            labels[1][i] = i < 4 ? 1 : 3;
        }
        labels[0][2] = 2;
        map[0][2] = Float.NaN;
        List<EdgeHistogram> hs = XanesStatistics.histograms(map, labels, 3, 1.0);
        assertEquals(3, hs.size());
        EdgeHistogram h1 = hs.get(0);
        assertEquals(1, h1.label());
        assertEquals(3, h1.voxels());
        assertEquals(6551.5, h1.peakEv(), 1e-9);
        assertEquals((6550 + 6551 + 6551) / 3.0, h1.meanEv(), 1e-9);
        // densities 1/3, 2/3: half max 1/3 -> left crossing at the centre of the 6550 bin, right one bin further
        assertEquals(6552.0 - 6550.5, h1.fwhmEv(), 1e-9);
        assertEquals(0, hs.get(1).voxels());
        assertTrue(Double.isNaN(hs.get(1).peakEv()));
        assertEquals(6560.5, hs.get(2).peakEv(), 1e-9);
        assertEquals(0, hs.get(2).sdEv(), 1e-9);
        assertEquals(1.0, hs.get(2).fwhmEv(), 1e-9);
        byte[][] mask = new byte[2][6];
        mask[1][4] = 1;
        mask[1][1] = 1;
        EdgeHistogram m = XanesStatistics.histogram(map, mask, 2.0);
        assertEquals(2, m.voxels());
        assertEquals(6555.5, m.meanEv(), 1e-9);
        assertThrows(InvalidInputException.class, () -> XanesStatistics.histogram(map, mask, 0));
        assertThrows(InvalidInputException.class, () -> XanesStatistics.histograms(map, labels, 2, 1.0));
        String msg = assertThrows(InvalidInputException.class, () -> XanesStatistics.histogram(
                new double[] {0, 1e9}, 1e-3)).getMessage();
        assertTrue(msg.contains("use a larger bin width"), msg);
    }
}
