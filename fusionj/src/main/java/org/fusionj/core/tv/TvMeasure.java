package org.fusionj.core.tv;

/**
 * A regularity measure of an image, with the backward differences of {@link TotalVariation} (a difference is zero
 * where the neighbour lies outside the image). {@link FgpTvProximal} can return it for the image it produces, at
 * almost no cost, instead of a separate pass over memory.
 */
public enum TvMeasure {

    /** Nothing is measured; the value returned is 0. */
    NONE,

    /** Isotropic TV: sum over pixels of {@code sqrt(drow^2 + dcol^2)} ({@link TotalVariation#isotropic}). */
    ISOTROPIC,

    /** Anisotropic TV: sum of {@code |drow| + |dcol|} ({@link TotalVariation#anisotropic}). */
    ANISOTROPIC,

    /**
     * Sum of squared row and column differences ({@link TotalVariation#squaredGradientRows}); its square root is
     * the notebook's logged "TV".
     */
    SQUARED_GRADIENT
}
