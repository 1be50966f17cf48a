package org.fusionj.core.tv;

/**
 * How much one TV step smooths, for comparing operators and {@code lambda_tv} scales (the {@code fusionj} preset's
 * scale was measured with it: {@code bench fusion-family --tv-mapping}, {@code FusionPresetScaleTest}).
 */
public final class TvStepStrength {

    private TvStepStrength() {
    }

    /**
     * RMS of {@code before - after} over the interior, 3 pixels in from every edge (the notebook's operator leaves
     * the last rows and columns unsmoothed, so they would weigh on the comparison).
     */
    public static double removed(float[] before, float[] after, int width, int height) {
        double s = 0;
        long n = 0;
        for (int y = 3; y < height - 3; y++) {
            for (int x = 3; x < width - 3; x++) {
                double d = before[y * width + x] - after[y * width + x];
                s += d * d;
                n++;
            }
        }
        return Math.sqrt(s / n);
    }

    /** The map scaled to [0, 1] by its range, as the fusion solver scales a map before its first TV step. */
    public static float[] unitRange(float[] map) {
        float lo = map[0];
        float hi = map[0];
        for (float v : map) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        float[] x = new float[map.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) ((map[i] - (double) lo) / (hi - (double) lo));
        }
        return x;
    }
}
