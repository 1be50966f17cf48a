package org.fusionj.core.registration;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/** How the registered output is resampled. The metric always samples trilinearly. */
public enum Interpolation {
    /** 8 neighbours; never overshoots. */
    TRILINEAR("linear"),
    /** Catmull-Rom cubic, 64 neighbours: sharper, may overshoot slightly at edges. */
    CUBIC("cubic");

    private final String key;

    Interpolation(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }

    public static Interpolation parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("linear") || t.equals("trilinear")) {
            return TRILINEAR;
        }
        if (t.equals("cubic") || t.equals("catmull-rom")) {
            return CUBIC;
        }
        throw new InvalidInputException("interpolation must be linear or cubic, got '" + text + "'");
    }
}
