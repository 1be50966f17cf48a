package org.fusionj.core.tomo;

import java.util.Arrays;

/**
 * The Shepp-Logan ramp filter of filtered back-projection, along each row of a sinogram: convolution with
 * {@code h(n) = -2 / (pi^2 (4 n^2 - 1))} (unit bin spacing), truncated at {@value #MAX_TAPS} bins on each side (its
 * terms fall as 1/n^2; the truncation leaves a DC gain of about 0.3% of the ramp's value at the Nyquist frequency).
 * Back-projecting a filtered residual, times the angular step, gives the FBP image of that residual: the HAADF step of
 * the fused reconstruction is such a step, which removes the error at all frequencies at once instead of the low
 * ones first, as a SIRT step does.
 *
 * <p>The loop over the taps is the outer one, so the inner loop runs over one row with a fixed offset, which the JIT
 * vectorises. Thread-safe (immutable).
 */
final class RampFilter {

    /** Taps on each side of the centre. */
    static final int MAX_TAPS = 64;

    private final int width;
    private final float[] taps;

    RampFilter(int width) {
        this.width = width;
        int k = Math.min(width - 1, MAX_TAPS);
        taps = new float[k + 1];
        for (int n = 0; n <= k; n++) {
            taps[n] = (float) (-2 / (Math.PI * Math.PI * (4.0 * n * n - 1)));
        }
    }

    /** Filters every row of {@code width} bins of {@code in[0, rows * width)} into {@code out} (another array). */
    void apply(float[] in, float[] out, int rows) {
        int w = width;
        int k = taps.length - 1;
        for (int r = 0; r < rows; r++) {
            int row = r * w;
            float h0 = taps[0];
            for (int t = 0; t < w; t++) {
                out[row + t] = h0 * in[row + t];
            }
            for (int d = 1; d <= k; d++) {
                float h = taps[d];
                // out[t] += h (in[t - d] + in[t + d]), the terms beyond the row being 0.
                for (int t = row + d; t < row + w; t++) {
                    out[t] += h * in[t - d];
                }
                for (int t = row; t < row + w - d; t++) {
                    out[t] += h * in[t + d];
                }
            }
        }
    }

    /** The mean spacing of a list of tilt angles, in radians (1 for a single angle). */
    static float angularStep(double[] anglesDegrees) {
        if (anglesDegrees.length < 2) {
            return 1f;
        }
        double[] a = anglesDegrees.clone();
        Arrays.sort(a);
        return (float) Math.toRadians((a[a.length - 1] - a[0]) / (a.length - 1));
    }
}
