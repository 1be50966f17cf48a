package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusionj.core.parallel.RowBlocks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The soft mask binarised MSE compares keeps where an edge crosses a pixel, the hard mask does not: a disc's edge
 * moved by a fraction of a pixel moves the soft mask's area by what it should, while the hard mask's area moves in
 * whole pixels. Background and foreground map to 0 and 1, a gain common to the image cancels, and the mask is the
 * same for any thread count.
 */
class SoftMaskTest {

    static final int N = 64;

    /** A disc of radius r centred at (cx, cy) with a one-pixel linear edge: background b, foreground b + c. */
    static Volume disc(double cx, double cy, double r, double b, double c) {
        float[] d = new float[N * N];
        for (int y = 0; y < N; y++) {
            for (int x = 0; x < N; x++) {
                double dist = Math.hypot(x - cx, y - cy);
                double cover = Math.min(1, Math.max(0, r - dist + 0.5));
                d[x + N * y] = (float) (b + c * cover);
            }
        }
        return new Volume(N, N, 1, d);
    }

    static double sum(Volume v) {
        double s = 0;
        for (float x : v.data()) {
            s += x;
        }
        return s;
    }

    @Test
    @Timeout(30)
    void theSoftMaskFollowsSubPixelEdgesAndTheHardMaskDoesNot() {
        try (RowBlocks blocks = new RowBlocks(2)) {
            // area of each mask minus the disc's true area, as the radius grows in steps of 0.1 px: a constant offset
            // (the discretised circle's) is harmless, what moves the fit is how much it varies with the edge position
            double[] soft = new double[11];
            double[] hard = new double[11];
            for (int k = 0; k <= 10; k++) {
                double r = 12 + 0.1 * k;
                Volume v = disc(31.3, 30.7, r, 0.05, 0.8);
                PreparedVolume.OtsuSplit split = PreparedVolume.otsu(v, "disc", blocks);
                double area = Math.PI * r * r;
                soft[k] = sum(PreparedVolume.softMask(v, split, blocks)) - area;
                hard[k] = sum(PreparedVolume.binarise(v, "disc", blocks, new int[6])) - area;
            }
            double softSpread = spread(soft);
            double hardSpread = spread(hard);
            // the disc's area grows by about 7.6 pixels per 0.1 px of radius: the soft mask (ramp over half the
            // class-mean distance, PreparedVolume.SOFT_WIDTH) follows it to about two pixels, the hard mask's area
            // lags by several times that (measured: soft 1.94, hard 5.97)
            assertTrue(softSpread < 2.5, "soft mask area error varies by " + softSpread);
            assertTrue(hardSpread > 2.5 * softSpread, "hard " + hardSpread + " vs soft " + softSpread);
        }
    }

    static double spread(double[] v) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            lo = Math.min(lo, x);
            hi = Math.max(hi, x);
        }
        return hi - lo;
    }

    @Test
    @Timeout(30)
    void classMeansMapToZeroAndOneWhateverTheGainAndAnyThreadCountGivesTheSameBits() {
        Volume bright = disc(31, 32, 10, 0.05, 1.0);
        Volume dim = new Volume(N, N, 1, bright.data().clone());
        for (int i = 0; i < dim.data().length; i++) {
            dim.data()[i] *= 0.7f;
        }
        try (RowBlocks one = new RowBlocks(1); RowBlocks three = new RowBlocks(3)) {
            Volume a = PreparedVolume.softMask(bright, PreparedVolume.otsu(bright, "b", one), one);
            Volume b = PreparedVolume.softMask(dim, PreparedVolume.otsu(dim, "d", one), one);
            Volume c = PreparedVolume.softMask(bright, PreparedVolume.otsu(bright, "b", three), three);
            assertEquals(0, a.data()[0], 0.02, "background");
            assertEquals(1, a.data()[31 + N * 32], 0.02, "centre");
            for (int i = 0; i < a.data().length; i++) {
                assertTrue(a.data()[i] >= 0 && a.data()[i] <= 1);
                assertEquals(a.data()[i], b.data()[i], 1e-4, "a common gain cancels, pixel " + i);
                assertEquals(a.data()[i], c.data()[i], 0, "threads, pixel " + i);
            }
        }
    }
}
