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

    /** Isotropic TV, Neumann boundaries (every difference inside the image regularised), image of the last duals. */
    ISOTROPIC(true, false, false),

    /** Anisotropic TV ({@code |du/dx| + |du/dy|}), Neumann boundaries. */
    ANISOTROPIC(false, false, false),

    /**
     * FusionJ's default: isotropic TV, Neumann boundaries, and the image of the last duals extrapolated with the
     * next momentum, as the notebook returns it: with the few FGP iterations fusion uses, that is what sets the
     * smoothing of one TV step (about one more iteration's worth), so the same {@code n_iter_tv} smooths as much as
     * in the notebook.
     */
    ISOTROPIC_EXTRAPOLATED(true, false, true),

    /** The notebook's operator without its boundary defect: anisotropic, Neumann, extrapolated duals (studies). */
    ANISOTROPIC_EXTRAPOLATED(false, false, true),

    /**
     * The published notebook's operator, kept for reproducing its results: anisotropic, row differences
     * {@code i = 1 .. height-3} and column differences {@code j = 1 .. width-2} only (the last three rows and the
     * last two columns are never smoothed against each other), and the image returned from the extrapolated duals.
     */
    TUTORIAL(false, true, true);

    /**
     * The factor between isotropic and anisotropic {@code lambda_tv} for the same smoothing, measured: 1.2. For one
     * TV step (3 or 6 FGP iterations) on every element's noisy map of the phantom family, the isotropic step removes
     * as much as the notebook's anisotropic step at {@code lambda_tv} when given about {@code 1.2 lambda_tv}
     * (median 1.19 to 1.25 over {@code lambda_tv} 0.001 to 0.15, two seed sets; {@code bench fusion-family
     * --tv-mapping}), and end to end at {@code lambda_tv} 0.01 to 0.02 1.2 loses to the notebook in about 25 of 272
     * cases where the geometric factor {@link #GEOMETRIC_LAMBDA_SCALE} lost in about 95 ({@code --scale-check};
     * docs/fusion.md). Where FGP's duals reach their bound (small {@code lambda_tv}, strong edges and noise spikes)
     * the step removes at most {@code lambda_tv} times the dual set's radius in the gradient's direction; the
     * isotropic disk of radius 1 lies inside the anisotropic square, so at the same number it smoothed less.
     */
    public static final double ISOTROPIC_LAMBDA_SCALE = 1.2;

    /**
     * The geometric argument for that factor, used before it was measured: the mean radius of the anisotropic dual
     * set (the square {@code |p|, |q| <= 1}) over the directions of the gradient,
     * {@code (4 / pi) ln(1 + sqrt 2) = 1.1222}. It assumes every gradient direction equally likely and ignores that
     * the isotropic dual couples the two differences; the measured factor is larger. Kept for the studies.
     */
    public static final double GEOMETRIC_LAMBDA_SCALE = 4 / Math.PI * Math.log(1 + Math.sqrt(2));

    final boolean isotropic;
    /** Whether the last rows and columns are left unregularised, as in the notebook. */
    final boolean notebookCompatible;
    /** Whether the result is the image of the last duals extrapolated with the next momentum. */
    final boolean extrapolatedResult;

    FgpVariant(boolean isotropic, boolean notebookCompatible, boolean extrapolatedResult) {
        this.isotropic = isotropic;
        this.notebookCompatible = notebookCompatible;
        this.extrapolatedResult = extrapolatedResult;
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
