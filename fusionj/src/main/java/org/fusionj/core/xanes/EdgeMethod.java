package org.fusionj.core.xanes;

import java.util.EnumSet;
import java.util.Set;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Keyed;

/**
 * The edge-energy estimators, each giving its own map. All work on the normalised spectrum (see
 * {@link XanesNormalisation}); masked voxels get NaN, and so does a voxel where the estimator finds nothing (no
 * upward crossing of 0.5 in the edge window, no maximum inside the window).
 */
public enum EdgeMethod implements Keyed {

    /**
     * Energy where the normalised spectrum first crosses 0.5 going up inside the edge window, linearly
     * interpolated between the two bracketing samples.
     */
    HALF_HEIGHT("half_height"),

    /**
     * Energy where the local cubic crosses 0.5: the cubic through the four samples j - 1 to j + 2 around the
     * bracketing pair j, j + 1 of {@link #HALF_HEIGHT} (two on each side of the crossing; a least-squares fit with
     * four coefficients, which interpolates them), its root found by safeguarded Newton iteration inside the
     * bracket (or in the nearest neighbouring sample interval where the cubic crosses 0.5 going up). NaN when fewer
     * than four samples exist around the bracket (at the ends of the series). Four samples rather than six: on
     * 3 eV sampling of a real edge (rise over 6 to 8 eV, white line above) a cubic over 15 eV cannot follow the
     * shape and its bias exceeds the linear interpolation's, while the interpolating cubic removes most of the
     * linear interpolation's bias (the chord of a convex rise crosses 0.5 early) at a similar noise gain.
     */
    HALF_HEIGHT_CUBIC("half_height_cubic"),

    /**
     * The edge's inflection point. With {@code edge_estimator=fit} (the default): the maximum of the derivative of
     * the fitted edge step alone, the white line excluded (the step's centre; the step model is symmetric). With
     * {@code interpolate}: the maximum first difference of the whole spectrum inside the edge window, between
     * neighbouring samples (placed at the midpoints of the non-uniform energies), refined by the vertex of the
     * parabola through the largest difference and its two neighbours. The fitted definition leaves the white line
     * out because where its rising flank is about as steep as the edge, the whole spectrum's derivative has two
     * maxima of nearly equal height and noise decides which one is reported (jumps of 3 to 6 eV; docs/xanes.md).
     */
    MAX_DERIVATIVE("max_derivative"),

    /**
     * White-line peak energy and height: the vertex of the parabola through the largest normalised value in the
     * white-line window and its two neighbouring samples; NaN unless the parabola opens downwards and its vertex
     * lies in the window. Gives two maps (energy and height). Three samples rather than a wider least-squares
     * fit: the white line sits on the rising edge, and a parabola over five samples (+-6 eV at 3 eV steps) is
     * pulled towards the higher side by that asymmetry.
     */
    WHITE_LINE("white_line");

    private final String key;

    EdgeMethod(String key) {
        this.key = key;
    }

    /** The snake_case name used in macros, the CLI and files. */
    @Override
    public String key() {
        return key;
    }

    /** Reads a method from its key ("half_height") or enum name, case-insensitive. */
    public static EdgeMethod parse(String text) {
        EdgeMethod m = Keyed.find(values(), text == null ? null : text.trim().replace('-', '_').replace(' ', '_'));
        if (m == null) {
            throw new InvalidInputException("unknown edge-energy method '" + text + "' (expected one of "
                    + String.join(", ", Keyed.keys(values())) + ")");
        }
        return m;
    }

    /** Reads a comma- or blank-separated list; "none" or an empty text gives the empty set. */
    public static Set<EdgeMethod> parseList(String text) {
        EnumSet<EdgeMethod> set = EnumSet.noneOf(EdgeMethod.class);
        String t = text == null ? "" : text.trim();
        if (t.isEmpty() || t.equalsIgnoreCase("none")) {
            return set;
        }
        for (String part : t.split("[,;\\s]+")) {
            set.add(parse(part));
        }
        return set;
    }
}
