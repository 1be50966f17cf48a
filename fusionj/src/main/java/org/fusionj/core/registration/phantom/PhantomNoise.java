package org.fusionj.core.registration.phantom;

import org.fusionj.core.InvalidInputException;

/**
 * Noise added to a rendered phantom.
 *
 * @param gaussianSigma standard deviation of additive Gaussian noise (particle grey value is about 1)
 * @param saltPepper    fraction of voxels (0 to 1) replaced, half by 0 (pepper), half by {@link #SALT} (salt)
 */
public record PhantomNoise(double gaussianSigma, double saltPepper) {

    /** Grey value of a salt voxel, above every particle value. */
    public static final float SALT = 1.3f;

    /** The default: Gaussian sigma 0.02, no salt-and-pepper. */
    public static final PhantomNoise DEFAULT = new PhantomNoise(0.02, 0);

    public PhantomNoise {
        if (!(gaussianSigma >= 0) || Double.isInfinite(gaussianSigma)) {
            throw new InvalidInputException("Gaussian noise must be >= 0, got " + gaussianSigma);
        }
        if (!(saltPepper >= 0 && saltPepper <= 1)) {
            throw new InvalidInputException("salt-and-pepper fraction must be between 0 and 1, got " + saltPepper);
        }
    }

    public PhantomNoise withSaltPepper(double fraction) {
        return new PhantomNoise(gaussianSigma, fraction);
    }
}
