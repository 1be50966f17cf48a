package org.fusionj.core.tomo.phantom;

import org.fusionj.core.Keyed;

/** The shapes of a phantom's particles. */
public enum ParticleShape implements Keyed {

    /** Spheres. */
    SPHERES("spheres"),

    /** Ellipsoids of semi-axes 0.6 to 1 times the bounding radius, randomly oriented. */
    ELLIPSOIDS("ellipsoids"),

    /** Each particle a sphere or an ellipsoid with equal probability. */
    MIXED("mixed");

    private final String key;

    ParticleShape(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static ParticleShape fromKey(String text) {
        return Keyed.parse(values(), text, "shape");
    }
}
