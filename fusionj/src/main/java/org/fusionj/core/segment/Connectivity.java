package org.fusionj.core.segment;

import java.util.List;

import org.fusionj.core.Keyed;

/** Which voxels touch in 3-D. */
public enum Connectivity implements Keyed {
    /** Voxels sharing a face (6 neighbours). */
    SIX(6, "six"),
    /** Voxels sharing a face, an edge or a corner (26 neighbours). */
    TWENTY_SIX(26, "twenty_six", "twenty-six");

    private final int neighbours;
    private final List<String> aliases;

    Connectivity(int neighbours, String... aliases) {
        this.neighbours = neighbours;
        this.aliases = List.of(aliases);
    }

    /** 6 or 26. */
    public int neighbours() {
        return neighbours;
    }

    /** "6" or "26". */
    @Override
    public String key() {
        return Integer.toString(neighbours);
    }

    @Override
    public List<String> aliases() {
        return aliases;
    }

    /** Reads "6" or "26" (also "six", "twenty_six", "twenty-six"). */
    public static Connectivity parse(String text) {
        return Keyed.parse(values(), text, "connectivity");
    }
}
