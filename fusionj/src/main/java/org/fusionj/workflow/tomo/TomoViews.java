package org.fusionj.workflow.tomo;

import org.fusionj.core.Keyed;

/**
 * What the dialog shows besides the volumes hyperstack: ImageJ's Orthogonal Views on it, static XZ and YZ section
 * windows, or nothing. In a headless or batch-mode run no window opens whatever this says.
 */
public enum TomoViews implements Keyed {

    /**
     * Two calibrated hyperstacks: the x-z sections (one per slice along the tilt axis) and the y-z sections. The
     * default: each run keeps its own pair, so that methods and parameters can be compared side by side.
     */
    XZ_YZ("xz_yz"),
    /**
     * ImageJ's Image > Stacks > Orthogonal Views on the volumes window (follows the cursor); ImageJ runs one at a
     * time, so a second run moves it to its own volumes.
     */
    ORTHOGONAL("orthogonal"),
    /** The volumes only. */
    NONE("none");

    private final String key;

    TomoViews(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static TomoViews fromKey(String text) {
        return Keyed.parse(values(), text, TomoKeys.VIEWS);
    }
}
