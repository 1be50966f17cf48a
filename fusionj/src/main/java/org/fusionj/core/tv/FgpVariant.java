package org.fusionj.core.tv;

/**
 * The flavours of the FGP total-variation proximal step.
 *
 * <p>All share one discretisation: the dual {@code p} at pixel (row i, column j) pairs with the row difference
 * {@code u[i][j] - u[i-1][j]} and the dual {@code q} with the column difference {@code u[i][j] - u[i][j-1]}.
 * They differ in which of those differences are regularised, in the projection of the duals, and in which duals
 * give the returned image.
 */
public enum FgpVariant {

    /** FusionJ's default: isotropic TV, Neumann boundaries (every difference inside the image regularised). */
    ISOTROPIC(true, false),

    /** Anisotropic TV ({@code |du/dx| + |du/dy|}), Neumann boundaries. */
    ANISOTROPIC(false, false),

    /**
     * The published notebook's operator, kept for reproducing its results: anisotropic, row differences
     * {@code i = 1 .. height-3} and column differences {@code j = 1 .. width-2} only (the last three rows and the
     * last two columns are never smoothed against each other), and the image returned from the extrapolated duals.
     */
    TUTORIAL(false, true);

    final boolean isotropic;
    final boolean notebookCompatible;

    FgpVariant(boolean isotropic, boolean notebookCompatible) {
        this.isotropic = isotropic;
        this.notebookCompatible = notebookCompatible;
    }

    /** Exclusive upper bound of the regularised rows of {@code p} (its lower bound is always 1). */
    int pRowEnd(int height) {
        return notebookCompatible ? Math.max(1, height - 2) : height;
    }

    /** Exclusive upper bound of the regularised columns of {@code q} (its lower bound is always 1). */
    int qColEnd(int width) {
        return notebookCompatible ? Math.max(1, width - 1) : width;
    }
}
