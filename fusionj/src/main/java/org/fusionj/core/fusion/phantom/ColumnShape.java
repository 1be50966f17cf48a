package org.fusionj.core.fusion.phantom;

import org.fusionj.core.Keyed;

/**
 * The projected profile of one atomic column, as a function of the distance {@code d} from its centre in units of
 * the spec's column sigma; 1 at the centre.
 */
public enum ColumnShape implements Keyed {

    /** {@code exp(-d^2 / 2)}: an incoherent probe on a thin specimen. */
    GAUSSIAN("gaussian"),

    /** {@code (1 + d^2 / 2)^-1.5}: heavy tails, as a probe with a wide skirt (aberrations, thicker specimens). */
    MOFFAT("moffat"),

    /** A flat top of radius 1.2 with soft edges (logistic, width 0.25): channelling in thick columns. */
    DISK("disk");

    private final String key;

    ColumnShape(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** The profile at squared distance {@code d2} (in squared sigmas). */
    double profile(double d2) {
        return switch (this) {
            case GAUSSIAN -> Math.exp(-0.5 * d2);
            case MOFFAT -> {
                double t = 1 + 0.5 * d2;
                yield 1 / (t * Math.sqrt(t));
            }
            case DISK -> 1 / (1 + Math.exp((Math.sqrt(d2) - 1.2) / 0.25));
        };
    }

    /** Distance (in sigmas) beyond which the profile is neglected. */
    double cutoff() {
        return switch (this) {
            case GAUSSIAN -> 4;
            case MOFFAT -> 6;
            case DISK -> 3;
        };
    }
}
