package org.fusionj.workflow.dictionary;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.AutomaticSettings;
import org.fusionj.core.dictionary.CoderKind;
import org.fusionj.core.dictionary.CoderSettings;
import org.fusionj.core.dictionary.EnhanceParameters;
import org.fusionj.core.dictionary.OverlapWeighting;
import org.fusionj.workflow.TextValues;

/**
 * The enhancement settings as the user gives them, where alpha and the OMP error target may be "auto" (from the
 * TXM image's noise; see {@link AutomaticSettings}) and the error target may be empty (a fixed number of atoms).
 *
 * @param coder       lasso or omp
 * @param alpha       lasso penalty, or NaN for automatic
 * @param sparsity    OMP atoms per patch without an error target (with one, as many as it needs)
 * @param errorTarget OMP: none (NaN and not automatic), a residual RMS (image units), or automatic
 * @param autoError   whether the error target is automatic
 * @param stride      patch stride
 * @param weighting   overlap weighting
 */
public record EnhanceSettings(CoderKind coder, double alpha, int sparsity, double errorTarget, boolean autoError,
        int stride, OverlapWeighting weighting) {

    /** Lasso with automatic alpha, every patch, uniform averaging. */
    public static EnhanceSettings defaults() {
        return new EnhanceSettings(CoderKind.LASSO, Double.NaN, 2, Double.NaN, false, 1, OverlapWeighting.UNIFORM);
    }

    /** Parses the front-ends' text values; null means the default. */
    public static EnhanceSettings parse(String coder, String alpha, String sparsity, String errorTarget,
            String stride, String weighting) {
        CoderKind kind = coder == null ? CoderKind.LASSO : CoderKind.parse(coder);
        double a = isAuto(alpha) ? Double.NaN : TextValues.number(DictionaryKeys.ALPHA, alpha);
        if (!isAuto(alpha) && !(a > 0)) {
            throw new InvalidInputException("alpha (the lasso penalty) must be a number > 0 or auto, got " + alpha);
        }
        int n = sparsity == null || sparsity.isBlank() ? 2 : TextValues.integer(DictionaryKeys.SPARSITY, sparsity);
        boolean noTarget = errorTarget == null || errorTarget.isBlank() || errorTarget.equalsIgnoreCase("none");
        boolean autoError = !noTarget && isAuto(errorTarget);
        double e = noTarget || autoError ? Double.NaN : TextValues.number(DictionaryKeys.ERROR_TARGET, errorTarget);
        int s = stride == null || stride.isBlank() ? 1 : TextValues.integer(DictionaryKeys.STRIDE, stride);
        OverlapWeighting w = weighting == null || weighting.isBlank() ? OverlapWeighting.UNIFORM
                : OverlapWeighting.parse(weighting);
        EnhanceSettings settings = new EnhanceSettings(kind, a, n, e, autoError, s, w);
        settings.resolve(1, 1); // validates every value now, before any work
        return settings;
    }

    private static boolean isAuto(String v) {
        return v == null || v.isBlank() || v.trim().equalsIgnoreCase(DictionaryKeys.AUTO);
    }

    /** The kernel parameters for an image of noise {@code noise} and a dictionary of scale {@code scale}. */
    public EnhanceParameters resolve(double noise, double scale) {
        CoderSettings c;
        if (coder == CoderKind.LASSO) {
            c = CoderSettings.lasso(Double.isNaN(alpha) ? AutomaticSettings.alpha(noise, scale) : alpha);
        } else if (autoError) {
            c = CoderSettings.ompToError(AutomaticSettings.errorTarget(noise), Integer.MAX_VALUE);
        } else if (!Double.isNaN(errorTarget)) {
            c = CoderSettings.ompToError(errorTarget, Integer.MAX_VALUE);
        } else {
            c = CoderSettings.omp(sparsity);
        }
        return new EnhanceParameters(c, stride, weighting);
    }

    /** Whether the settings depend on the image's noise. */
    public boolean automatic() {
        return coder == CoderKind.LASSO ? Double.isNaN(alpha) : autoError;
    }

    /** The text values, as recorded in macros. */
    public String alphaText() {
        return Double.isNaN(alpha) ? DictionaryKeys.AUTO : String.format(Locale.ROOT, "%s", alpha);
    }

    public String errorTargetText() {
        return autoError ? DictionaryKeys.AUTO : Double.isNaN(errorTarget) ? "none" : Double.toString(errorTarget);
    }
}
