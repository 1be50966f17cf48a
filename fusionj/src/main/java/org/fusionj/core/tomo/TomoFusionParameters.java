package org.fusionj.core.tomo;

import java.util.Objects;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.WeightMethod;

/**
 * Everything {@link TomoFusionSolver} needs besides the tilt series. Names follow the parameter names of the 2-D
 * fusion where the meaning carries over ({@code lambda_tv} is {@link #lambdaTv()}, and so on); docs/fusion-tomography.md
 * says how to choose each.
 *
 * @param method          what to reconstruct: fused, or one of the comparisons
 * @param gamma           exponent of the HAADF model {@code P_H(sum_e w_e x_e^gamma)}, &gt;= 1 (physically 1.4 to 2)
 * @param weightMethod    how atomic numbers become the weights w_e
 * @param lambdaHaadf     weight of the HAADF least-squares term, &gt; 0; only its ratio to lambda_chem matters
 *                        (the step is normalised by the two terms' curvature together)
 * @param lambdaChem      weight of the chemical Poisson (KL) term, &gt; 0
 * @param lambdaTv        strength of the 3-D TV proximal step applied to each volume every iteration (volumes are
 *                        scaled so that their densest region is about 1), &gt;= 0; 0 = no TV step, as with
 *                        {@code regularize} off ({@link #tvStep()}): {@code chemical_kl} is then plain EM
 * @param iterations      outer iterations (for {@code chemical_sirt}: SIRT iterations), &gt;= 1
 * @param tvIterations    FGP iterations per TV step, &gt;= 1
 * @param background      offset in the Poisson denominator {@code P x + bkg}, as a fraction of the brightest pixel
 *                        of each chemical series, &gt; 0
 * @param regularize      whether to apply the TV step at all (off: as lambda_tv 0)
 * @param projector       the projector and back-projector
 * @param depth           thickness of the reconstruction along the beam at zero tilt, in voxels; 0 means the
 *                        width of the images
 * @param initIterations  EM iterations of the chemical-only reconstruction that starts the fused one and sets the
 *                        volumes' scale, &gt;= 1
 * @param tiltFusion      the 2-D fusion of each tilt, for {@link TomoMethod#FUSE_TILTS_FIRST} only (its gamma and
 *                        weight method are replaced by this record's)
 * @param tvCoupling      whether the TV step treats each element's volume alone or all of them jointly (one
 *                        vectorial TV; for {@code fused} and {@code chemical_kl})
 * @param tvGuide         {@code fused} with joint TV only: weight of the HAADF reconstruction's edges in the joint
 *                        TV (a fixed guide channel, scaled so that its densest region is about this value); 0 = none
 * @param phases          {@code fused} only: number of phases (compositions) of the composition prior, 0 = no prior
 *                        ({@link PhasePrior})
 * @param phaseWeight     strength of the composition prior's pull, 0 to 1 per iteration
 * @param doseWeightedKl  {@code fused} only: weight each element's KL term by its counts (its scale) relative to the
 *                        elements' mean, instead of the same weight for every element (experiment, core only)
 * @param compositionTv   {@code fused} only: weight of the edge-preserving TV of the composition applied after each
 *                        TV step from iteration {@link FusedReconstruction#PHASE_START} on ({@link CompositionTv});
 *                        0 = none (experiment, core only)
 * @param compositionTvFinal {@code fused} only: weight of a final composition TV step with Bregman steps, applied
 *                        once to the result ({@link CompositionTv}, {@link FusedReconstruction#FINAL_BREGMAN_STEPS});
 *                        0 = none (the default before 2026-12-07); the schema's {@code composition_tv}, default 0.3
 * @param compositionTvGuide {@code fused} with {@code compositionTvFinal} only: edge scale {@code kappa} of the
 *                        final step's per-voxel TV weights from the result's HAADF model ({@link CompositionEdgeGuide}:
 *                        the composition's jumps move to the HAADF edges); 0 = none, the default (experiment, core
 *                        only; with it {@code compositionTvFinal} 1 is the setting measured)
 * @param warmTv          joint TV only: solve each TV step by the dual projected gradient with the duals kept from
 *                        the last step ({@link WarmJointTv3D}: three dual fields per element) instead of FGP from
 *                        zero duals (six); on, the default since 2026-12-07 (evening); off gives the TV step of
 *                        runs before, bit for bit (the schema's {@code tv_warm_start}; figures in
 *                        docs/fusion-tomography.md, "A joint TV step with three dual fields per element")
 * @param tvEdgeGuide     {@code fused} with joint TV only: per-voxel weights of the joint TV in every TV step from the
 *                        edges of the HAADF series' own reconstruction ({@link TvEdgeWeights#of}), {@code kappa} this
 *                        factor times a quantile of the guide's gradient; 0 = none, the default (experiment, core only)
 * @param tvDirectional   {@code fused} with joint TV only: directional joint TV in every TV step (Ehrhardt and Betcke
 *                        2016: the component of each gradient along the HAADF reconstruction's gradient is not
 *                        penalised where that edge is strong; {@link TvEdgeWeights#directions}), {@code eta} this
 *                        factor times a quantile of the guide's gradient; 0 = none, the default (core only)
 */
public record TomoFusionParameters(
        TomoMethod method,
        double gamma,
        WeightMethod weightMethod,
        double lambdaHaadf,
        double lambdaChem,
        double lambdaTv,
        int iterations,
        int tvIterations,
        double background,
        boolean regularize,
        ProjectorKind projector,
        int depth,
        int initIterations,
        FusionParameters tiltFusion,
        TvCoupling tvCoupling,
        double tvGuide,
        int phases,
        double phaseWeight,
        boolean doseWeightedKl,
        double compositionTv,
        double compositionTvFinal,
        double compositionTvGuide,
        boolean warmTv,
        double tvEdgeGuide,
        double tvDirectional) {

    /**
     * The parameters without {@code warmTv}, which is off here (FGP restarted at each TV step): the record's form
     * before 2026-12-07 (evening), kept so that code written against it runs as it did.
     */
    public TomoFusionParameters(TomoMethod method, double gamma, WeightMethod weightMethod, double lambdaHaadf,
                                double lambdaChem, double lambdaTv, int iterations, int tvIterations,
                                double background, boolean regularize, ProjectorKind projector, int depth,
                                int initIterations, FusionParameters tiltFusion, TvCoupling tvCoupling,
                                double tvGuide, int phases, double phaseWeight, boolean doseWeightedKl,
                                double compositionTv, double compositionTvFinal, double compositionTvGuide) {
        this(method, gamma, weightMethod, lambdaHaadf, lambdaChem, lambdaTv, iterations, tvIterations, background,
                regularize, projector, depth, initIterations, tiltFusion, tvCoupling, tvGuide, phases, phaseWeight,
                doseWeightedKl, compositionTv, compositionTvFinal, compositionTvGuide, false, 0, 0);
    }

    public TomoFusionParameters {
        if (method == null || weightMethod == null || projector == null || tiltFusion == null || tvCoupling == null) {
            throw new InvalidInputException("method, weight method, projector, tilt fusion and TV coupling are "
                    + "required");
        }
        if (!(gamma >= 1) || Double.isInfinite(gamma)) {
            throw new InvalidInputException("gamma must be a number >= 1 (physically 1.4 to 2), got " + gamma);
        }
        Require.positive("lambda_haadf", lambdaHaadf);
        Require.positive("lambda_chem", lambdaChem);
        if (!(lambdaTv >= 0) || Double.isInfinite(lambdaTv)) {
            throw new InvalidInputException("lambda_tv must be 0 (no TV step) or a positive number, got " + lambdaTv);
        }
        Require.positive("bkg", background);
        Require.atLeastOne("n_iter", iterations);
        Require.atLeastOne("n_iter_tv", tvIterations);
        if (depth < 0) {
            throw new InvalidInputException("depth must be 0 (the image width) or a number of voxels, got " + depth);
        }
        Require.atLeastOne("n_iter_init", initIterations);
        if (!(tvGuide >= 0) || Double.isInfinite(tvGuide)) {
            throw new InvalidInputException("tv_guide must be 0 (none) or a positive number, got " + tvGuide);
        }
        if (phases < 0 || phases > PhasePrior.MAX_PHASES) {
            throw new InvalidInputException("phases must be 0 (no composition prior) to " + PhasePrior.MAX_PHASES
                    + ", got " + phases);
        }
        if (!(phaseWeight >= 0 && phaseWeight <= 1)) {
            throw new InvalidInputException("phase_weight must be a number from 0 to 1, got " + phaseWeight);
        }
        if (!(compositionTv >= 0) || Double.isInfinite(compositionTv)) {
            throw new InvalidInputException("the per-iteration composition TV weight must be 0 (none) or a "
                    + "positive number, got " + compositionTv);
        }
        if (!(compositionTvFinal >= 0) || Double.isInfinite(compositionTvFinal)) {
            throw new InvalidInputException("composition_tv must be 0 (off) or a positive number, got "
                    + compositionTvFinal);
        }
        if (!(compositionTvGuide >= 0) || Double.isInfinite(compositionTvGuide)) {
            throw new InvalidInputException("the composition TV's HAADF edge scale must be 0 (none) or a positive "
                    + "number, got " + compositionTvGuide);
        }
        if (!(tvEdgeGuide >= 0) || Double.isInfinite(tvEdgeGuide)) {
            throw new InvalidInputException("the joint TV's HAADF edge scale must be 0 (none) or a positive number, "
                    + "got " + tvEdgeGuide);
        }
        if (!(tvDirectional >= 0) || Double.isInfinite(tvDirectional)) {
            throw new InvalidInputException("the directional TV's HAADF edge scale must be 0 (none) or a positive "
                    + "number, got " + tvDirectional);
        }
    }

    /**
     * FusionJ's defaults for fused tomography (chosen on a phantom family, docs/fusion-tomography.md). Since
     * 2026-12-07 they include the final composition TV (weight 0.3); {@code compositionTvFinal(0)} gives the defaults
     * before, bit for bit. Since 2026-12-07 (evening) the joint TV step keeps its duals warm ({@link #warmTv()});
     * {@code warmTv(false)} gives the TV step before, bit for bit.
     */
    public static TomoFusionParameters defaults() {
        return new TomoFusionParameters(TomoMethod.FUSED, 1.6, WeightMethod.Z_OVER_MEAN, 3, 1, 0.015, 50, 5, 0.1,
                true, ProjectorKind.JOSEPH, 0, 20, FusionParameters.defaults(), TvCoupling.JOINT,
                0, 0, 0.5, false, 0, 0.3, 0, true, 0, 0);
    }

    /**
     * Whether the iteration applies a TV step: {@code regularize} on and {@code lambda_tv > 0}. Without it,
     * {@code chemical_kl} (and the 3-D step of {@code fuse_tilts_first}) is the plain maximum-likelihood EM
     * iteration of the Poisson term, {@code n_iter_init + n_iter} EM steps in all (its regulariser is that count).
     */
    public boolean tvStep() {
        return regularize && lambdaTv > 0;
    }

    /** The reconstruction depth for images {@code width} pixels wide. */
    public int effectiveDepth(int width) {
        return depth == 0 ? width : depth;
    }

    /** {@link #tiltFusion()} with this record's gamma and weight method. */
    public FusionParameters effectiveTiltFusion() {
        return tiltFusion.toBuilder().gamma(gamma).weightMethod(weightMethod).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public static Builder builder() {
        return defaults().toBuilder();
    }

    /** Changes a few values of a parameter set; {@link #build()} validates the whole. */
    public static final class Builder {
        private TomoMethod method;
        private double gamma;
        private WeightMethod weightMethod;
        private double lambdaHaadf;
        private double lambdaChem;
        private double lambdaTv;
        private int iterations;
        private int tvIterations;
        private double background;
        private boolean regularize;
        private ProjectorKind projector;
        private int depth;
        private int initIterations;
        private FusionParameters tiltFusion;
        private TvCoupling tvCoupling;
        private double tvGuide;
        private int phases;
        private double phaseWeight;
        private boolean doseWeightedKl;
        private double compositionTv;
        private double compositionTvFinal;
        private double compositionTvGuide;
        private boolean warmTv;
        private double tvEdgeGuide;
        private double tvDirectional;

        private Builder(TomoFusionParameters p) {
            method = p.method;
            gamma = p.gamma;
            weightMethod = p.weightMethod;
            lambdaHaadf = p.lambdaHaadf;
            lambdaChem = p.lambdaChem;
            lambdaTv = p.lambdaTv;
            iterations = p.iterations;
            tvIterations = p.tvIterations;
            background = p.background;
            regularize = p.regularize;
            projector = p.projector;
            depth = p.depth;
            initIterations = p.initIterations;
            tiltFusion = p.tiltFusion;
            tvCoupling = p.tvCoupling;
            tvGuide = p.tvGuide;
            phases = p.phases;
            phaseWeight = p.phaseWeight;
            doseWeightedKl = p.doseWeightedKl;
            compositionTv = p.compositionTv;
            compositionTvFinal = p.compositionTvFinal;
            compositionTvGuide = p.compositionTvGuide;
            warmTv = p.warmTv;
            tvEdgeGuide = p.tvEdgeGuide;
            tvDirectional = p.tvDirectional;
        }

        public Builder method(TomoMethod v) {
            method = Objects.requireNonNull(v);
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

        public Builder regularize(boolean v) {
            regularize = v;
            return this;
        }

        public Builder projector(ProjectorKind v) {
            projector = v;
            return this;
        }

        public Builder depth(int v) {
            depth = v;
            return this;
        }

        public Builder initIterations(int v) {
            initIterations = v;
            return this;
        }

        public Builder tiltFusion(FusionParameters v) {
            tiltFusion = v;
            return this;
        }

        public Builder tvCoupling(TvCoupling v) {
            tvCoupling = v;
            return this;
        }

        public Builder phases(int v) {
            phases = v;
            return this;
        }

        public Builder phaseWeight(double v) {
            phaseWeight = v;
            return this;
        }

        public Builder doseWeightedKl(boolean v) {
            doseWeightedKl = v;
            return this;
        }

        public Builder compositionTv(double v) {
            compositionTv = v;
            return this;
        }

        public Builder compositionTvFinal(double v) {
            compositionTvFinal = v;
            return this;
        }

        public Builder compositionTvGuide(double v) {
            compositionTvGuide = v;
            return this;
        }

        /** See {@link TomoFusionParameters#warmTv()}. */
        public Builder warmTv(boolean v) {
            warmTv = v;
            return this;
        }

        public Builder tvEdgeGuide(double v) {
            tvEdgeGuide = v;
            return this;
        }

        public Builder tvDirectional(double v) {
            tvDirectional = v;
            return this;
        }

        public Builder tvGuide(double v) {
            tvGuide = v;
            return this;
        }

        public TomoFusionParameters build() {
            return new TomoFusionParameters(method, gamma, weightMethod, lambdaHaadf, lambdaChem, lambdaTv, iterations,
                    tvIterations, background, regularize, projector, depth, initIterations, tiltFusion,
                    tvCoupling, tvGuide, phases, phaseWeight, doseWeightedKl, compositionTv,
                    compositionTvFinal, compositionTvGuide, warmTv, tvEdgeGuide, tvDirectional);
        }
    }
}
