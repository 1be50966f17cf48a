package org.fusionj.core.fusion;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Keyed;
import org.fusionj.core.tv.FgpVariant;

/**
 * Which numerics the solver uses. The parameter values (lambdas, iterations, ...) are set separately; see
 * {@link FusionParameters#tutorialDyScO3()} and {@link FusionParameters#tutorialCo3O4Mn3O4()} for the
 * published ones.
 */
public enum FusionPreset implements Keyed {

    /**
     * FusionJ's numerics: isotropic TV with Neumann boundaries, exact weights, and the true objective terms as
     * costs ({@code 1/2||Ax^g - b||^2}, {@code sum(x - x0 log(x + bkg))}, isotropic TV).
     */
    FUSIONJ("fusionj", FgpVariant.ISOTROPIC),

    /**
     * The published notebooks' numerics, reproduced for users migrating from them: the notebook's anisotropic
     * FGP operator, weights rounded to half precision, and the notebook's cost definitions.
     */
    TUTORIAL("tutorial", FgpVariant.TUTORIAL);

    private final String key;
    private final FgpVariant tvVariant;

    FusionPreset(String key, FgpVariant tvVariant) {
        this.key = key;
        this.tvVariant = tvVariant;
    }

    /** The name used in macros, the CLI and HDF5 attributes. */
    @Override
    public String key() {
        return key;
    }

    public FgpVariant tvVariant() {
        return tvVariant;
    }

    public static FusionPreset fromKey(String key) {
        String k = key == null ? "" : key.trim().toLowerCase(Locale.ROOT);
        for (FusionPreset p : values()) {
            if (p.key.equals(k)) {
                return p;
            }
        }
        throw new InvalidInputException("unknown preset '" + key + "' (expected fusionj or tutorial)");
    }
}
