package org.fusionj.core.xanes;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Keyed;

/** How the edge energies of {@link EdgeMethod} are read off a voxel's sampled spectrum. */
public enum EdgeEstimator implements Keyed {

    /**
     * Fit a model of the edge to the normalised samples around it ({@link EdgeModel}: a step whose shape runs from
     * arctangent to error function, plus a Gaussian white line) and read every definition off the fitted curve: the
     * half-height crossing, the inflection point of the step (white line excluded), the white-line maximum.
     * Unbiased at 3 eV sampling on every edge shape tested (see docs/xanes.md); about 11 model evaluations, 30 to 50
     * microseconds of CPU per voxel.
     */
    FIT("fit"),

    /**
     * Interpolate between the samples (linear or local cubic crossing, parabola through the largest finite
     * difference or the largest sample): the estimates of FusionJ 1.0, fast, but biased by the sampling when the
     * steps are comparable to the edge width (half-height -0.08 to -0.13 eV, maximum derivative about +1.3 eV at
     * 3 eV steps).
     */
    INTERPOLATE("interpolate");

    private final String key;

    EdgeEstimator(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static EdgeEstimator parse(String text) {
        EdgeEstimator e = Keyed.find(values(), text == null ? null : text.trim());
        if (e == null) {
            throw new InvalidInputException("edge_estimator must be fit (a model of the edge, unbiased) or "
                    + "interpolate (between samples, fast), got '" + text + "'");
        }
        return e;
    }
}
