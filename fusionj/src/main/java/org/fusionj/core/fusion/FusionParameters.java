package org.fusionj.core.fusion;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;

/**
 * Everything the fusion solver needs besides the images. Names follow the parameter names used in macros, the
 * CLI and HDF5 attributes ({@code lambda_tv} is {@link #lambdaTv()}, and so on).
 *
 * @param preset           numerics: FusionJ's or the published notebooks'
 * @param gamma            exponent of the forward model, &gt;= 1 (physically 1.4 to 2)
 * @param weightMethod     how atomic numbers become weights
 * @param lambdaHaadf      weight of the HAADF term; NaN means 1 / number of elements
 * @param lambdaChem       weight of the Poisson term on the elemental maps, &gt; 0
 * @param lambdaTv         weight of the TV term, &gt; 0
 * @param iterations       outer iterations, &gt;= 1
 * @param tvIterations     FGP iterations per TV step, &gt;= 1
 * @param background       offset in the Poisson denominator, &gt; 0 (it subtracts nothing)
 * @param initialThreshold initial pixels below this become 0; NaN means no threshold
 * @param regularize       whether to apply the TV step at all
 * @param overrides        per-element values of lambda_chem, lambda_tv and n_iter_tv (usually chosen by
 *                         {@link AutoParameters}); {@link ElementOverrides#NONE} for the single values
 */
public record FusionParameters(
        FusionPreset preset,
        double gamma,
        WeightMethod weightMethod,
        double lambdaHaadf,
        double lambdaChem,
        double lambdaTv,
        int iterations,
        int tvIterations,
        double background,
        double initialThreshold,
        boolean regularize,
        ElementOverrides overrides) {

    public FusionParameters {
        if (overrides == null) {
            overrides = ElementOverrides.NONE;
        }
        if (preset == null || weightMethod == null) {
            throw new InvalidInputException("preset and weight method are required");
        }
        if (!(gamma >= 1) || Double.isInfinite(gamma)) {
            throw new InvalidInputException("gamma must be a number >= 1 (physically 1.4 to 2), got " + gamma);
        }
        if (!Double.isNaN(lambdaHaadf)) {
            Require.positive("lambda_haadf", lambdaHaadf);
        }
        Require.positive("lambda_chem", lambdaChem);
        Require.positive("lambda_tv", lambdaTv);
        Require.positive("bkg", background);
        Require.atLeastOne("n_iter", iterations);
        Require.atLeastOne("n_iter_tv", tvIterations);
        if (!Double.isNaN(initialThreshold) && !(initialThreshold >= 0 && initialThreshold < 1)) {
            throw new InvalidInputException("threshold must be in [0, 1) (maps are normalised to [0, 1]), got "
                    + initialThreshold);
        }
    }

    /** FusionJ numerics with the DyScO3 tutorial's values, a reasonable start for atomic-resolution X-EDS. */
    public static FusionParameters defaults() {
        return tutorialDyScO3().toBuilder().preset(FusionPreset.FUSIONJ).build();
    }

    /** The "tutorial" preset with the values published for DyScO3 (HAADF + X-EDS). */
    public static FusionParameters tutorialDyScO3() {
        return new FusionParameters(FusionPreset.TUTORIAL, 1.6, WeightMethod.Z_OVER_MEAN, Double.NaN, 0.08, 0.15,
                30, 3, 0.24, Double.NaN, true, ElementOverrides.NONE);
    }

    /** The "tutorial" preset with the values published for Co3O4-Mn3O4 (HAADF + EELS). */
    public static FusionParameters tutorialCo3O4Mn3O4() {
        return new FusionParameters(FusionPreset.TUTORIAL, 1.6, WeightMethod.Z_OVER_MEAN, Double.NaN, 0.006, 0.022,
                30, 6, 0.01, 0.2, true, ElementOverrides.NONE);
    }

    /** {@link #lambdaHaadf()} with its default resolved for {@code elements} maps. */
    public double effectiveLambdaHaadf(int elements) {
        return Double.isNaN(lambdaHaadf) ? 1.0 / elements : lambdaHaadf;
    }

    /** {@code lambda_chem} of element {@code e} (its override, else the single value). */
    public double lambdaChem(int e) {
        return overrides.lambdaChem().isEmpty() ? lambdaChem : overrides.lambdaChem().get(e);
    }

    /** {@code lambda_tv} of element {@code e} (its override, else the single value). */
    public double lambdaTv(int e) {
        return overrides.lambdaTv().isEmpty() ? lambdaTv : overrides.lambdaTv().get(e);
    }

    /** {@code n_iter_tv} of element {@code e} (its override, else the single value). */
    public int tvIterations(int e) {
        return overrides.tvIterations().isEmpty() ? tvIterations : overrides.tvIterations().get(e);
    }

    /** {@code n_iter} of element {@code e} (its override, else the single value). */
    public int iterations(int e) {
        return overrides.iterations().isEmpty() ? iterations : overrides.iterations().get(e);
    }

    /** The outer iterations a solve runs: the largest {@code n_iter} over {@code elements} elements. */
    public int maxIterations(int elements) {
        int m = 0;
        for (int e = 0; e < elements; e++) {
            m = Math.max(m, iterations(e));
        }
        return m;
    }

    /** The largest {@code n_iter_tv} over {@code elements} elements. */
    public int maxTvIterations(int elements) {
        int m = 0;
        for (int e = 0; e < elements; e++) {
            m = Math.max(m, tvIterations(e));
        }
        return m;
    }

    public boolean hasInitialThreshold() {
        return !Double.isNaN(initialThreshold);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** Changes a few values of a parameter set; {@link #build()} validates the whole. */
    public static final class Builder {
        private FusionPreset preset;
        private double gamma;
        private WeightMethod weightMethod;
        private double lambdaHaadf;
        private double lambdaChem;
        private double lambdaTv;
        private int iterations;
        private int tvIterations;
        private double background;
        private double initialThreshold;
        private boolean regularize;
        private ElementOverrides overrides;

        private Builder(FusionParameters p) {
            preset = p.preset;
            gamma = p.gamma;
            weightMethod = p.weightMethod;
            lambdaHaadf = p.lambdaHaadf;
            lambdaChem = p.lambdaChem;
            lambdaTv = p.lambdaTv;
            iterations = p.iterations;
            tvIterations = p.tvIterations;
            background = p.background;
            initialThreshold = p.initialThreshold;
            regularize = p.regularize;
            overrides = p.overrides;
        }

        public Builder preset(FusionPreset v) {
            preset = v;
            return this;
        }

        public Builder gamma(double v) {
            gamma = v;
            return this;
        }

        public Builder weightMethod(WeightMethod v) {
            weightMethod = v;
            return this;
        }

        public Builder lambdaHaadf(double v) {
            lambdaHaadf = v;
            return this;
        }

        public Builder lambdaChem(double v) {
            lambdaChem = v;
            return this;
        }

        public Builder lambdaTv(double v) {
            lambdaTv = v;
            return this;
        }

        public Builder iterations(int v) {
            iterations = v;
            return this;
        }

        public Builder tvIterations(int v) {
            tvIterations = v;
            return this;
        }

        public Builder background(double v) {
            background = v;
            return this;
        }

        public Builder initialThreshold(double v) {
            initialThreshold = v;
            return this;
        }

        public Builder regularize(boolean v) {
            regularize = v;
            return this;
        }

        public Builder overrides(ElementOverrides v) {
            overrides = v;
            return this;
        }

        public FusionParameters build() {
            return new FusionParameters(preset, gamma, weightMethod, lambdaHaadf, lambdaChem, lambdaTv, iterations,
                    tvIterations, background, initialThreshold, regularize, overrides);
        }
    }
}
