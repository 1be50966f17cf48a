package org.fusionj.core.xanes;

/**
 * The distribution of edge energies in one region (a labelled particle or a mask).
 *
 * <p>Bins are {@code binWidthEv} wide and anchored at multiples of it (bin k covers {@code [k w, (k + 1) w)} eV),
 * so histograms of different particles share their bin edges. {@code density[b] = counts[b] / (voxels * w)}, a
 * probability density in 1/eV. The peak is the centre of the fullest bin (the first of equal ones); the FWHM is
 * measured on the density: walking out from the peak bin on each side to the first bin below half the peak
 * density, and interpolating linearly between bin centres where the density crosses half the peak (beyond the
 * histogram the density is taken as 0 one bin further out). Mean and SD are of the values themselves, not of the
 * histogram.
 *
 * @param label         the particle label (0 for a mask)
 * @param voxels        finite values counted (NaN voxels of the map are skipped)
 * @param binWidthEv    bin width
 * @param firstBinEv    lower edge of the first bin
 * @param counts        voxels per bin
 * @param density       probability density per bin, 1/eV
 * @param peakEv        centre of the fullest bin, NaN when empty
 * @param meanEv        mean of the values, NaN when empty
 * @param sdEv          sample standard deviation (n - 1), NaN with fewer than 2 values
 * @param fwhmEv        full width at half maximum of the density, NaN when empty
 */
public record EdgeHistogram(int label, long voxels, double binWidthEv, double firstBinEv, long[] counts,
                            double[] density, double peakEv, double meanEv, double sdEv, double fwhmEv) {

    /** Centre of bin {@code b}. */
    public double binCentre(int b) {
        return firstBinEv + (b + 0.5) * binWidthEv;
    }

    /** Number of bins. */
    public int bins() {
        return counts.length;
    }
}
