package org.fusionj.core.registration;

import java.util.List;

import org.fusionj.core.Keyed;

/** How the registered output is resampled. The metric always samples trilinearly. */
public enum Interpolation implements Keyed {
    /** 8 neighbours; never overshoots. */
    TRILINEAR("linear", "trilinear"),
    /** Catmull-Rom cubic, 64 neighbours: sharper, may overshoot slightly at edges. */
    CUBIC("cubic", "catmull-rom"),
    /** The nearest voxel's value: for label images, whose values are names, not intensities. */
    NEAREST("nearest", "nearest-neighbour");

    private final String key;
    private final String alias;

    Interpolation(String key, String alias) {
        this.key = key;
        this.alias = alias;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public List<String> aliases() {
        return List.of(alias);
    }

    public static Interpolation parse(String text) {
        return Keyed.parse(values(), text, "interpolation");
    }
}
