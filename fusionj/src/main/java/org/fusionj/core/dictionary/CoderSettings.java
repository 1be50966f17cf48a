package org.fusionj.core.dictionary;

import java.math.BigDecimal;
import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/**
 * Which coder, and how sparse. Alpha is in the units of the normalised patches (divided by the dictionary's
 * scale s), as in the reference data; the OMP error target is an RMS residual per pixel in image units.
 *
 * @param kind        LASSO or OMP
 * @param alpha       lasso penalty, &gt; 0 [{@code alpha}]
 * @param sparsity    OMP: number of atoms per patch (or the cap with an error target), &gt;= 1 [{@code atoms}]
 * @param errorTarget OMP: stop once the residual RMS per pixel is at most this (image units), or NaN for a fixed
 *                    number of atoms [{@code error_target}]
 */
public record CoderSettings(CoderKind kind, double alpha, int sparsity, double errorTarget) {

    public CoderSettings {
        if (kind == null) {
            throw new InvalidInputException("coder is missing (lasso or omp)");
        }
        if (kind == CoderKind.LASSO && (!(alpha > 0) || Double.isInfinite(alpha))) {
            throw new InvalidInputException("alpha (the lasso penalty) must be a number > 0, got " + alpha);
        }
        if (kind == CoderKind.OMP && sparsity < 1) {
            throw new InvalidInputException("atoms per patch (OMP sparsity) must be at least 1, got " + sparsity);
        }
        if (kind == CoderKind.OMP && !Double.isNaN(errorTarget) && (!(errorTarget > 0)
                || Double.isInfinite(errorTarget))) {
            throw new InvalidInputException("error_target must be a residual RMS > 0 (image units), got "
                    + errorTarget);
        }
    }

    public static CoderSettings lasso(double alpha) {
        return new CoderSettings(CoderKind.LASSO, alpha, 0, Double.NaN);
    }

    public static CoderSettings omp(int atoms) {
        return new CoderSettings(CoderKind.OMP, Double.NaN, atoms, Double.NaN);
    }

    /**
     * OMP that adds atoms (at most {@code maxAtoms}, and never more than a patch has pixels) until the residual RMS
     * per pixel is at most the target.
     */
    public static CoderSettings ompToError(double errorTarget, int maxAtoms) {
        return new CoderSettings(CoderKind.OMP, Double.NaN, maxAtoms, errorTarget);
    }

    public boolean hasErrorTarget() {
        return kind == CoderKind.OMP && !Double.isNaN(errorTarget);
    }

    /**
     * A coder with its own workspace (one per thread).
     *
     * @param patchLength number of pixels of a patch (caps the active set)
     * @param scale       the dictionary's global scale s (converts the error target to normalised units)
     */
    SparseCoder newCoder(GramMatrix gram, int patchLength, double scale) {
        if (kind == CoderKind.LASSO) {
            return new LarsLasso(gram, alpha, patchLength);
        }
        if (hasErrorTarget()) {
            double perPixel = errorTarget / scale;
            return new BatchOmp(gram, Math.min(sparsity, patchLength), patchLength * perPixel * perPixel);
        }
        return new BatchOmp(gram, Math.min(sparsity, patchLength), Double.NaN);
    }

    /** Short text for logs and file metadata, e.g. "lasso alpha 1" or "omp 2 atoms". */
    public String describe() {
        if (kind == CoderKind.LASSO) {
            return "lasso alpha " + fourDigits(alpha);
        }
        if (!hasErrorTarget()) {
            return "omp " + sparsity + " atoms";
        }
        return "omp to residual RMS " + fourDigits(errorTarget)
                + (sparsity < Integer.MAX_VALUE ? " (at most " + sparsity + " atoms)" : "");
    }

    /** Four significant digits without trailing zeros: 1, 1.312, 0.0702. */
    private static String fourDigits(double v) {
        return new BigDecimal(String.format(Locale.ROOT, "%.4g", v)).stripTrailingZeros().toPlainString();
    }
}
