package org.fusionj.core.segment;

import org.fusionj.core.InvalidInputException;

/** Which voxels touch in 3-D. */
public enum Connectivity {
    /** Voxels sharing a face (6 neighbours). */
    SIX(6),
    /** Voxels sharing a face, an edge or a corner (26 neighbours). */
    TWENTY_SIX(26);

    private final int neighbours;

    Connectivity(int neighbours) {
        this.neighbours = neighbours;
    }

    /** 6 or 26. */
    public int neighbours() {
        return neighbours;
    }

    /** Reads "6" or "26" (also "six", "twenty_six"). */
    public static Connectivity parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equals("6") || t.equalsIgnoreCase("six")) {
            return SIX;
        }
        if (t.equals("26") || t.equalsIgnoreCase("twenty_six") || t.equalsIgnoreCase("twenty-six")) {
            return TWENTY_SIX;
        }
        throw new InvalidInputException("connectivity must be 6 or 26, got '" + text + "'");
    }
}
