package org.fusionj.core.spectrum;

import java.util.Objects;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;

/**
 * A spectrum image: one spectrum (EDX counts or an EELS spectrum) per pixel of a {@code width x height} scan.
 * The counts are stored pixel by pixel, channel fastest: the value of channel {@code c} at pixel (x, y) is
 * {@code counts[(y * width + x) * channels + c]}, the layout of Velox and HyperSpy ({@code (y, x, energy)}).
 *
 * @param name   what the user calls it (file name): used in messages
 * @param width  scan columns
 * @param height scan rows
 * @param axis   the energy axis
 * @param counts the values, {@code width * height * channels} of them; never modified by FusionJ
 */
public record SpectrumImage(String name, int width, int height, EnergyAxis axis, float[] counts) {

    public SpectrumImage {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(axis, "axis");
        Objects.requireNonNull(counts, "counts");
        if (width < 1 || height < 1) {
            throw new InvalidInputException(name + ": empty scan (" + width + " x " + height + ")");
        }
        if ((long) width * height * axis.channels() != counts.length) {
            throw new InvalidInputException(name + ": " + counts.length + " values do not fill " + width + " x "
                    + height + " pixels x " + axis.channels() + " channels");
        }
    }

    public int channels() {
        return axis.channels();
    }

    /** The sum of every pixel's spectrum (double precision, pixels in row order). */
    public double[] summedSpectrum() {
        int n = channels();
        double[] sum = new double[n];
        for (int p = 0, pixels = width * height; p < pixels; p++) {
            int base = p * n;
            for (int c = 0; c < n; c++) {
                sum[c] += counts[base + c];
            }
        }
        return sum;
    }

    /**
     * Sums {@code spatial x spatial} pixel blocks and groups of {@code energy} channels; incomplete blocks at the
     * right and bottom edges and an incomplete last channel group are dropped (as HyperSpy's rebin does).
     */
    public SpectrumImage binned(int spatial, int energy) {
        Require.atLeastOne("spatial binning", spatial);
        if (spatial == 1 && energy == 1) {
            return this;
        }
        int w = width / spatial;
        int h = height / spatial;
        if (w < 1 || h < 1) {
            throw new InvalidInputException("spatial binning " + spatial + " exceeds the " + width + " x " + height
                    + " scan");
        }
        EnergyAxis a = axis.binned(energy);
        int nIn = channels();
        int nOut = a.channels();
        float[] out = new float[w * h * nOut];
        double[] acc = new double[nOut];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                java.util.Arrays.fill(acc, 0);
                for (int dy = 0; dy < spatial; dy++) {
                    for (int dx = 0; dx < spatial; dx++) {
                        int base = ((y * spatial + dy) * width + x * spatial + dx) * nIn;
                        for (int c = 0; c < nOut * energy; c++) {
                            acc[c / energy] += counts[base + c];
                        }
                    }
                }
                int o = (y * w + x) * nOut;
                for (int c = 0; c < nOut; c++) {
                    out[o + c] = (float) acc[c];
                }
            }
        }
        return new SpectrumImage(name, w, h, a, out);
    }
}
