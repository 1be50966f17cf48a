package org.fusionj.core.dictionary;

/**
 * Default sparsity from the noise of the image to enhance, used when the user gives none. Both rules are
 * calibrated on the reference data: its noise estimate 0.0699 with s = 0.1036 gives alpha 1.0, the reference
 * tool's setting (23.3 dB); the OMP error target is the usual 1.15 x noise RMS per pixel (K-SVD denoising).
 */
public final class AutomaticSettings {

    /** alpha = ALPHA_PER_NOISE x (noise / s). */
    public static final double ALPHA_PER_NOISE = 1.48;
    /** Residual RMS target = ERROR_PER_NOISE x noise. */
    public static final double ERROR_PER_NOISE = 1.15;

    private AutomaticSettings() {
    }

    /** Lasso alpha (normalised units) for an image whose noise sigma is {@code noise} (image units). */
    public static double alpha(double noise, double scale) {
        double a = ALPHA_PER_NOISE * noise / scale;
        return a > 0 ? a : 1e-3;
    }

    /** OMP residual RMS per pixel (image units). */
    public static double errorTarget(double noise) {
        return noise > 0 ? ERROR_PER_NOISE * noise : Double.MIN_NORMAL;
    }
}
