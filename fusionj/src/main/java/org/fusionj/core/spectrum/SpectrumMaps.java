package org.fusionj.core.spectrum;

import java.util.List;

import org.fusionj.core.ImagePlane;

/**
 * Elemental maps made from a spectrum image, with what a plot of the summed spectrum needs.
 *
 * @param maps            one map per window (named by element): background-subtracted counts in the signal window;
 *                        may be negative where the background estimate exceeds the signal
 * @param windows         the windows used, in map order
 * @param axis            the energy axis (after any energy binning)
 * @param summedSpectrum  the sum of all pixels' spectra
 * @param summedBackground per window, the background model fitted to the summed spectrum, per channel over the
 *                        window's background and signal ranges (NaN elsewhere): the curve to draw under the line
 * @param sumExponents    per window, the power-law exponent fitted to the summed spectrum (EELS), else NaN
 * @param fallbackPixels  per window, the pixels whose EELS exponent came from the summed spectrum because their
 *                        pre-edge counts were too low (0 for EDX)
 */
public record SpectrumMaps(List<ImagePlane> maps, List<MapWindow> windows, EnergyAxis axis, double[] summedSpectrum,
                           List<double[]> summedBackground, double[] sumExponents, long[] fallbackPixels) {
}
