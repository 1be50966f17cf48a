package org.fusionj.core.tomo;

import org.fusionj.core.Keyed;

/**
 * How the 3-D TV step couples the element volumes, named by the word macros, the CLI and records use.
 */
public enum TvCoupling implements Keyed {

    /** Each volume its own isotropic 3-D TV, {@code sum_e TV(x_e)} ({@link org.fusionj.core.tv.FgpTv3D}). */
    SEPARATE("separate"),
    /**
     * One joint (vectorial) TV of all volumes, {@code sum_voxels sqrt(sum_e |grad x_e|^2)} ({@link JointTv3D}): an
     * edge costs the same whether one element or all of them jump there, so the elements' edges line up.
     */
    JOINT("joint");

    private final String key;

    TvCoupling(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static TvCoupling fromKey(String text) {
        return Keyed.parse(values(), text, "tv_coupling");
    }
}
