package org.fusionj.core.xanes;

/**
 * Mean and standard deviation of the normalised spectra of one region's voxels.
 *
 * @param label      the particle label (0 for a mask)
 * @param voxels     voxels averaged (those passing the mask test of {@link XanesNormalisation#passes})
 * @param excluded   voxels of the region left out: NaN or infinite values, or edge jump below k x noise
 * @param energiesEv the series energies
 * @param mean       mean normalised absorption per energy (NaN when no voxel was averaged)
 * @param sd         sample standard deviation per energy (n - 1; NaN with fewer than 2 voxels)
 */
public record RegionSpectrum(int label, long voxels, long excluded, double[] energiesEv, double[] mean,
                             double[] sd) {

    /** The same spectrum with another label. */
    public RegionSpectrum withLabel(int newLabel) {
        return new RegionSpectrum(newLabel, voxels, excluded, energiesEv, mean, sd);
    }
}
