package org.fusionj.core.tomo;

import java.util.List;

import org.fusionj.core.Keyed;

/** What {@link TomoFusionSolver} reconstructs, named by the word macros, the CLI and records use. */
public enum TomoMethod implements Keyed {

    /** Fused multi-modal tomography: every element volume from the HAADF and its own chemical tilt series. */
    FUSED("fused"),

    /**
     * Each chemical tilt is first fused in 2-D with the HAADF projection at the same angle (the 2-D fusion of
     * {@link org.fusionj.core.fusion.FusionSolver}), then each element is reconstructed on its own from its fused
     * projections, as {@link #CHEMICAL_KL} does. Needs every chemical angle among the HAADF angles.
     */
    FUSE_TILTS_FIRST("fuse_tilts_first"),

    /** Baseline: each element from its chemical tilt series alone, Poisson (KL) data term and 3-D TV. */
    CHEMICAL_KL("chemical_kl"),

    /** Baseline: each element from its chemical tilt series alone by SIRT (non-negative, no regularisation). */
    CHEMICAL_SIRT("chemical_sirt");

    private final String key;

    TomoMethod(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    /** Short names read as the baselines: {@code sirt}, {@code kl}. */
    @Override
    public List<String> aliases() {
        return switch (this) {
            case CHEMICAL_SIRT -> List.of("sirt");
            case CHEMICAL_KL -> List.of("kl");
            default -> List.of();
        };
    }

    /** Whether the method reads the HAADF tilt series. */
    public boolean usesHaadf() {
        return this == FUSED || this == FUSE_TILTS_FIRST;
    }

    public static TomoMethod fromKey(String text) {
        return Keyed.parse(values(), text, "method");
    }
}
