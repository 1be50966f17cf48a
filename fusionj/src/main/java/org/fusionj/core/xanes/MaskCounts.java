package org.fusionj.core.xanes;

/**
 * How the voxels of a XANES run were classified. Every voxel falls in exactly one class, checked in this order:
 * outside the external mask, a non-finite value (NaN or infinity at any energy), an edge jump that is not positive
 * or below k x pre-edge noise, included.
 *
 * @param voxels         all voxels
 * @param externalMasked excluded by the caller's mask
 * @param nonFinite      excluded because some value of the spectrum is NaN or infinite (reconstructions often mark
 *                       voxels outside the field of view that way); they are masked, not an error
 * @param belowNoise     excluded by the jump test
 * @param included       the rest: these voxels have values in the maps
 * @param atWindowLimit  included voxels where an edge-energy estimate landed on the limit of its window (flagged in
 *                       {@link XanesMaps#windowLimit()}; that estimate is NaN in its map, so it stays out of the
 *                       statistics)
 */
public record MaskCounts(long voxels, long externalMasked, long nonFinite, long belowNoise, long included,
                         long atWindowLimit) {

    /** Counts without window-limit flags. */
    public MaskCounts(long voxels, long externalMasked, long nonFinite, long belowNoise, long included) {
        this(voxels, externalMasked, nonFinite, belowNoise, included, 0);
    }

    /** One line for logs and dialogs. */
    public String summary() {
        return included + " of " + voxels + " voxels mapped (" + externalMasked + " outside the mask, " + nonFinite
                + " with NaN or infinite values, " + belowNoise + " with edge jump below k x pre-edge noise)"
                + (atWindowLimit > 0 ? "; " + atWindowLimit + " with an edge estimate on a window limit (left out)" : "");
    }
}
