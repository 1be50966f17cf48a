package org.fusionj.core.tomo;

import org.fusionj.core.Keyed;

/** The projector a reconstruction uses, named by the word macros, the CLI and records use. */
public enum ProjectorKind implements Keyed {

    /** {@link JosephProjector}: linear interpolation along the ray, line by line; exact adjoint. */
    JOSEPH("joseph");

    private final String key;

    ProjectorKind(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** The projector of slices of {@code width x depth} voxels at these tilt angles (degrees). */
    public SliceProjector create(int width, int depth, double[] anglesDegrees) {
        return switch (this) {
            case JOSEPH -> new JosephProjector(width, depth, anglesDegrees);
        };
    }

    public static ProjectorKind fromKey(String text) {
        return Keyed.parse(values(), text, "projector");
    }
}
