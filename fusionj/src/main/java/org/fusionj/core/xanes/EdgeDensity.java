package org.fusionj.core.xanes;

/**
 * A smooth probability density of the edge energies of one region (a particle), beside its histogram: a Gaussian
 * kernel density estimate with Silverman's rule-of-thumb bandwidth, {@code h = 0.9 min(SD, IQR / 1.34) n^(-1/5)}
 * (B. W. Silverman, Density Estimation for Statistics and Data Analysis, 1986, eq. 3.31), robust to the long tails a
 * few badly fitted voxels give. Evaluated on a grid of {@code h / 8} steps from 4h below the smallest value to 4h
 * above the largest, by binning the values on that grid and convolving with the sampled kernel (exact up to the
 * binning, which moves no value by more than h / 16).
 *
 * @param label       the particle label (0 for a mask)
 * @param voxels      finite values used
 * @param bandwidthEv the kernel's standard deviation h
 * @param energiesEv  the grid
 * @param density     the density at the grid energies, 1/eV (integrates to 1)
 * @param peakEv      the grid energy of the largest density (NaN when empty)
 */
public record EdgeDensity(int label, long voxels, double bandwidthEv, double[] energiesEv, double[] density,
                          double peakEv) {
}
