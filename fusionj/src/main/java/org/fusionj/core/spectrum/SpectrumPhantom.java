package org.fusionj.core.spectrum;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.phantom.PoissonSampler;
import org.fusionj.core.math.Erf;

/**
 * A synthetic spectrum image with known elemental maps, for tests and demos. Each element has a smooth map
 * {@code c_e(x, y)} in [0, 1] (a tilted plane plus a Gaussian blob, different for each element) and a specimen
 * thickness {@code t(x, y)} in [0.5, 1] scales the background.
 *
 * <ul>
 *   <li>EDX: background {@code t (b0 exp(-E / 3000 eV) + b1)} counts per channel, plus per element a Gaussian line
 *       of the detector's FWHM ({@link WindowSettings#fwhm}) holding {@code dose c_e} counts.</li>
 *   <li>EELS: background {@code t A E^-r}, plus per element an edge {@code dose c_e (E / E_0)^-s} counts per eV
 *       above its onset {@code E_0} (a sawtooth).</li>
 * </ul>
 * Counts are Poisson-sampled with a seeded generator (row by row, so the result does not depend on anything but
 * the arguments); the noise-free spectra are kept for tests.
 *
 * @param image     the noisy spectrum image
 * @param expected  the noise-free spectrum image (the Poisson means)
 * @param truth     per element, the true map {@code c_e}
 * @param lines     per element, the line or edge it was made with
 */
public record SpectrumPhantom(SpectrumImage image, SpectrumImage expected, List<float[]> truth,
                              List<LineTable.Line> lines) {

    /** EDX background counts per channel: {@code b0 exp(-E / 3000) + b1} at thickness 1. */
    public static final double EDX_B0 = 4;
    public static final double EDX_B1 = 0.5;
    /** EELS background exponent. */
    public static final double EELS_EXPONENT = 3;
    /** EELS edge exponent above the onset. */
    public static final double EELS_EDGE_EXPONENT = 2.5;

    /**
     * @param kind        EDX or EELS
     * @param lines       one line or edge per element
     * @param width       scan columns
     * @param height      scan rows
     * @param axis        energy axis
     * @param dose        EDX: counts in a line at {@code c = 1}; EELS: edge counts per eV at the onset at {@code c = 1}
     * @param background  EDX: scale of the background ({@code 1} = the constants above); EELS: background counts per
     *                    eV at the first channel's energy, at thickness 1
     * @param settings    windows settings (the EDX line width)
     * @param seed        noise seed
     */
    public static SpectrumPhantom generate(SpectrumKind kind, List<LineTable.Line> lines, int width, int height,
                                           EnergyAxis axis, double dose, double background, WindowSettings settings,
                                           long seed) {
        if (lines.isEmpty()) {
            throw new InvalidInputException("a spectrum phantom needs at least one element");
        }
        int n = axis.channels();
        int nE = lines.size();
        List<float[]> truth = new ArrayList<>();
        for (int e = 0; e < nE; e++) {
            truth.add(new float[width * height]);
        }
        float[] mean = new float[width * height * n];
        float[] noisy = new float[mean.length];
        double d = axis.dispersionEv();
        double[][] profile = new double[nE][n];
        for (int e = 0; e < nE; e++) {
            double e0 = lines.get(e).energyEv();
            for (int c = 0; c < n; c++) {
                double lo = axis.energy(c) - d / 2;
                double hi = axis.energy(c) + d / 2;
                if (kind == SpectrumKind.EDX) {
                    double sigma = settings.fwhm(e0) / (2 * Math.sqrt(2 * Math.log(2)));
                    profile[e][c] = 0.5 * (Erf.erf((hi - e0) / (sigma * Math.sqrt(2)))
                            - Erf.erf((lo - e0) / (sigma * Math.sqrt(2))));
                } else if (hi > e0) {
                    double a = Math.max(lo, e0);
                    // integral of (E/E0)^-s over [a, hi]
                    double s = EELS_EDGE_EXPONENT;
                    profile[e][c] = e0 / (1 - s) * (Math.pow(hi / e0, 1 - s) - Math.pow(a / e0, 1 - s));
                }
            }
        }
        double[] bg = new double[n];
        for (int c = 0; c < n; c++) {
            double lo = axis.energy(c) - d / 2;
            double hi = axis.energy(c) + d / 2;
            if (kind == SpectrumKind.EDX) {
                double mid = axis.energy(c);
                bg[c] = background * (EDX_B0 * Math.exp(-mid / 3000) + EDX_B1);
            } else {
                double r = EELS_EXPONENT;
                double e1 = axis.energy(0);
                // background counts per eV at e1 is `background`: A = background * e1^r
                bg[c] = background * Math.pow(e1, r) * (Math.pow(hi, 1 - r) - Math.pow(lo, 1 - r)) / (1 - r);
            }
        }
        for (int y = 0; y < height; y++) {
            SplittableRandom rng = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + y);
            for (int x = 0; x < width; x++) {
                int p = y * width + x;
                double u = (x + 0.5) / width;
                double v = (y + 0.5) / height;
                double t = 0.5 + 0.5 * (0.5 + 0.5 * Math.sin(2 * Math.PI * (u + 0.3 * v)));
                for (int e = 0; e < nE; e++) {
                    double cx = 0.2 + 0.6 * ((e * 0.37) % 1);
                    double cy = 0.2 + 0.6 * ((e * 0.61 + 0.3) % 1);
                    double blob = Math.exp(-((u - cx) * (u - cx) + (v - cy) * (v - cy)) / 0.02);
                    double plane = e % 2 == 0 ? u : v;
                    truth.get(e)[p] = (float) Math.min(1, 0.15 + 0.35 * plane + 0.5 * blob);
                }
                int base = p * n;
                for (int c = 0; c < n; c++) {
                    double m = t * bg[c];
                    for (int e = 0; e < nE; e++) {
                        m += dose * truth.get(e)[p] * profile[e][c];
                    }
                    mean[base + c] = (float) m;
                    noisy[base + c] = PoissonSampler.sample(rng, m);
                }
            }
        }
        return new SpectrumPhantom(new SpectrumImage("phantom " + kind.key(), width, height, axis, noisy),
                new SpectrumImage("phantom " + kind.key() + " (expected)", width, height, axis, mean),
                List.copyOf(truth), List.copyOf(lines));
    }
}
