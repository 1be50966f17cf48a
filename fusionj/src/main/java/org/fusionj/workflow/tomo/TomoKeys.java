package org.fusionj.workflow.tomo;

import java.util.function.Function;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.core.tomo.ProjectorKind;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TvCoupling;
import org.fusionj.core.tomo.phantom.ParticleShape;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.schema.CommonParams;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;

/**
 * The parameter names of fused multi-modal tomography ({@code fuse-tomo}) and of its simulator
 * ({@code simulate-tomo}): dialog and macro keys, SciJava fields, CLI flags and HDF5 attributes all use these.
 * Names follow the 2-D fusion's where the meaning carries over.
 */
public final class TomoKeys {

    public static final String HAADF = "haadf";
    public static final String MAPS = "maps";
    public static final String ELEMENTS = "elements";
    public static final String HAADF_ANGLES = "haadf_angles";
    public static final String CHEM_ANGLES = "chem_angles";
    public static final String METHOD = "method";
    /** As in the 2-D fusion, whose declaration the schema shares. */
    public static final String GAMMA = FusionKeys.GAMMA;
    public static final String WEIGHT_METHOD = FusionKeys.WEIGHT_METHOD;
    public static final String LAMBDA_HAADF = "lambda_haadf";
    public static final String LAMBDA_CHEM = "lambda_chem";
    public static final String LAMBDA_TV = "lambda_tv";
    public static final String N_ITER = "n_iter";
    public static final String N_ITER_TV = "n_iter_tv";
    public static final String BKG = "bkg";
    public static final String REGULARIZE = "regularize";
    public static final String PROJECTOR = "projector";
    public static final String DEPTH = "depth";
    public static final String N_ITER_INIT = "n_iter_init";
    public static final String TV_COUPLING = "tv_coupling";
    /** Joint TV with warm duals ({@link TomoFusionParameters#warmTv()}); false: FGP from zero at each TV step. */
    public static final String TV_WARM_START = "tv_warm_start";
    /** The weight of the final composition TV step ({@link TomoFusionParameters#compositionTvFinal()}). */
    public static final String COMPOSITION_TV = "composition_tv";
    /** What the dialog shows besides the volumes ({@link TomoViews}); no window in headless or batch runs. */
    public static final String VIEWS = "views";
    /** {@code simulate-tomo}: the phantom's core-shell fraction ({@link TomoPhantomSpec#coreShellFraction()}). */
    public static final String CORE_SHELL = "core_shell";
    /**
     * {@code simulate-tomo}: the particles' smallest and largest bounding radius, voxels at the chosen size;
     * {@code auto} = {@link TomoPhantomSpec#defaults}'s (10 and 18 voxels at size 128, scaled with the size).
     */
    public static final String RADIUS_MIN = "radius_min";
    public static final String RADIUS_MAX = "radius_max";
    /** {@code simulate-tomo}: counts added to every HAADF / chemical pixel before the Poisson noise. */
    public static final String HAADF_BACKGROUND = "haadf_background";
    public static final String CHEM_BACKGROUND = "chem_background";
    /** Prefix of the 2-D fusion parameters used per tilt by {@code fuse_tilts_first}. */
    public static final String TILT = "tilt_";

    /** The defaults of the 2-D fusion each tilt gets under {@code fuse_tilts_first}. */
    private static final FusionParameters TILT_DEFAULTS = FusionParameters.defaults();
    /** The fused-tomography defaults (TomoFusionParameters.defaults(): the one place they are set). */
    private static final TomoFusionParameters DEFAULTS = TomoFusionParameters.defaults();

    /**
     * The parameters of {@code fuse-tomo}, declared once (order = the dialog's). The {@code tilt_*} ones are the
     * 2-D fusion of each tilt (method {@code fuse_tilts_first} only; its gamma and weight method are this command's).
     */
    public static final Schema SCHEMA = Schema.of("fuse-tomo",
            Param.choice(METHOD, TomoMethod.values(), TomoMethod.FUSED)
                    .help("`fused` (HAADF and chemistry together), `fuse_tilts_first` (2-D fusion per tilt, then "
                            + "each element alone), `chemical_kl` or `chemical_sirt` (baselines: chemistry alone)"),
            FusionKeys.SCHEMA.param(GAMMA),
            FusionKeys.SCHEMA.param(WEIGHT_METHOD),
            Param.number(LAMBDA_HAADF, 3).above(0).atMost(1e6).digits(4)
                    .help("weight of the HAADF term; only its ratio to lambda_chem matters. Raise it for very noisy "
                            + "maps, lower it when the HAADF does not follow sum w x^gamma"),
            Param.number(LAMBDA_CHEM, 1).above(0).atMost(1e6).digits(4)
                    .help("fused only: weight of the Poisson term; leave it at 1 and tune lambda_haadf (the "
                            + "chemical-only steps are EM steps, which it does not change)"),
            Param.number(LAMBDA_TV, DEFAULTS.lambdaTv()).atLeast(0).atMost(1000).digits(4)
                    .help("3-D TV strength on volumes scaled to about 1; 0.005 to 0.02 for particles of 5 to 20 "
                            + "voxels (0.015 with joint TV, 0.01 with separate). Too low leaves noise, too high "
                            + "rounds particles. 0 = no TV step (as regularize off): chemical_kl is then plain EM, "
                            + "n_iter_init + n_iter steps"),
            Param.integer(N_ITER, 50).range(1, 10000)
                    .help("outer iterations (chemical_sirt: SIRT iterations); the HAADF cost levels off in 20 to 30"),
            Param.integer(N_ITER_TV, 5).range(1, 1000).help("iterations per TV step (of the dual gradient, or "
                    + "FGP's with tv_warm_start false or tv_coupling separate)"),
            Param.number(BKG, 0.1).above(0).atMost(1000).digits(4)
                    .help("offset in the Poisson term, as a fraction of the brightest chemical pixel; 0.1 to 0.5"),
            Param.bool(REGULARIZE, true).help("apply the 3-D TV step"),
            Param.choice(PROJECTOR, ProjectorKind.values(), ProjectorKind.JOSEPH)
                    .help("projector and its exact adjoint (Joseph's method)"),
            Param.integer(DEPTH, 0).range(0, 1 << 20).unit("voxels")
                    .help("thickness along the beam at zero tilt; 0 = the image width. For a flat specimen: its "
                            + "thickness plus a margin"),
            Param.integer(N_ITER_INIT, 20).range(1, 10000)
                    .help("EM iterations of the chemical-only start, which also sets the volumes' scale"),
            Param.choice(TV_COUPLING, TvCoupling.values(), DEFAULTS.tvCoupling())
                    .help("`joint` (one vectorial TV of all elements: their edges line up; 4 to 12% lower error "
                            + "on the phantoms than `separate`) or `separate` (each element's own 3-D TV; with "
                            + "lambda_tv 0.01 it reproduces runs made before joint became the default)"),
            Param.bool(TV_WARM_START, DEFAULTS.warmTv())
                    .help("joint TV: solve each TV step with its dual fields kept from the step before (3 volumes "
                            + "per element) instead of by FGP restarted from zero (6 per element): lower error on "
                            + "every phantom measured, less time and memory. Off (false) gives the TV step of runs "
                            + "before 2026-12-07 (FGP restarted from zero at each step) bit for bit. No effect with "
                            + "tv_coupling separate"),
            Param.number(COMPOSITION_TV, DEFAULTS.compositionTvFinal()).atLeast(0).atMost(1000).digits(4)
                    .help("fused only: weight of one edge-preserving TV of the composition x_e / sum x_e (with "
                            + "Bregman steps) applied to the result; flattens each phase's composition, keeps its "
                            + "interfaces and every voxel's HAADF signal. 0 = off (the default before 2026-12-07); "
                            + "0.3 lowered the error on every phantom measured, at about 15% more time. Lower it or "
                            + "set 0 for specimens without distinct phases"),
            Param.number(TILT + LAMBDA_CHEM, TILT_DEFAULTS.lambdaChem()).above(0).atMost(1000).digits(4)
                    .help("fuse_tilts_first: the 2-D fusion's lambda_chem for each tilt"),
            Param.number(TILT + LAMBDA_TV, TILT_DEFAULTS.lambdaTv()).above(0).atMost(1000).digits(4)
                    .help("fuse_tilts_first: the 2-D fusion's lambda_tv for each tilt"),
            Param.integer(TILT + N_ITER, TILT_DEFAULTS.iterations()).range(1, 10000)
                    .help("fuse_tilts_first: the 2-D fusion's n_iter for each tilt"),
            Param.integer(TILT + N_ITER_TV, TILT_DEFAULTS.tvIterations()).range(1, 1000)
                    .help("fuse_tilts_first: the 2-D fusion's n_iter_tv for each tilt"),
            Param.number(TILT + BKG, TILT_DEFAULTS.background()).above(0).atMost(1000).digits(4)
                    .help("fuse_tilts_first: the 2-D fusion's bkg for each tilt (its lambda_haadf is auto, "
                            + "1 / number of elements)"),
            Param.choice(VIEWS, TomoViews.values(), TomoViews.XZ_YZ).only(Param.Route.DIALOG)
                    .help("besides the volumes: `xz_yz` (x-z and y-z section windows, calibrated; one pair per run, "
                            + "so runs can be compared), `orthogonal` (ImageJ's Orthogonal Views, which follows one "
                            + "window at a time) or `none`; nothing in batch mode"),
            CommonParams.THREADS);

    /** The parameters of {@code simulate-tomo}: a phantom of known chemistry and its tilt series. */
    public static final Schema SIMULATE_SCHEMA = Schema.of("simulate-tomo",
            Param.integer("size", 64).range(16, 512).unit("voxels").help("side of the cubic volume"),
            Param.text(ELEMENTS, "Au,Ag,Cu").help("1 to 6 distinct element symbols"),
            Param.integer("particles", 10).range(1, 100).help("particles (fewer when they do not fit)"),
            Param.choice("shape", ParticleShape.values(), ParticleShape.MIXED)
                    .help("spheres, randomly oriented ellipsoids, or both"),
            Param.autoNumber(RADIUS_MIN, FusionKeys.AUTO).range(1, 256).unit("voxels").field(6, null)
                    .help("smallest bounding radius of a particle, voxels at the chosen size; `auto` = 10 at size "
                            + "128, scaled with the size (5 at 64)"),
            Param.autoNumber(RADIUS_MAX, FusionKeys.AUTO).range(1, 256).unit("voxels").field(6, null)
                    .help("largest bounding radius (each particle's is uniform from radius_min to radius_max), "
                            + "capped at what fits the field of view; `auto` = 18 at size 128, scaled with the size "
                            + "(9 at 64)"),
            Param.number(CORE_SHELL, TomoPhantomSpec.defaults(64).coreShellFraction()).range(0, 1).digits(2)
                    .help("share of core-shell particles (pure core, shell of another element) among those after "
                            + "the first ones, which are core-shell with every element as a core; the rest are "
                            + "alloys of two or three elements"),
            Param.text(HAADF_ANGLES, "-70:70:2").help("HAADF tilts, degrees: FROM:TO:STEP or a list A,B,C"),
            Param.text(CHEM_ANGLES, "-70:70:10").help("chemical tilts (every element), degrees: FROM:TO:STEP or a "
                    + "list"),
            SCHEMA.param(GAMMA),
            SCHEMA.param(WEIGHT_METHOD),
            Param.number("haadf_dose", 1).above(0).atMost(1e6).digits(3)
                    .help("HAADF dose relative to the default (20 counts per voxel of path at 128^3)"),
            Param.number("chem_dose", 1).above(0).atMost(1e6).digits(3)
                    .help("chemical dose relative to the default (0.25 counts per voxel of pure element at 128^3)"),
            Param.number(HAADF_BACKGROUND, TomoPhantomSpec.defaults(64).haadfBackground()).range(0, 1e6).digits(1)
                    .unit("counts").help("HAADF counts added to every pixel before the Poisson noise (detector "
                            + "offset, support film); the particles give a few hundred, up to about 1500, at the "
                            + "default dose"),
            Param.number(CHEM_BACKGROUND, TomoPhantomSpec.defaults(64).chemBackground()).range(0, 1e6).digits(2)
                    .unit("counts").help("counts added to every pixel of every chemical map before the Poisson "
                            + "noise (bremsstrahlung, a fit's residual); a particle gives about 3, up to about 20, "
                            + "counts per pixel at the default dose"),
            Param.integer("seed", 20260301L).range(0, Integer.MAX_VALUE).help("random seed of the particles and the "
                    + "noise"),
            CommonParams.THREADS.only(Param.Route.CLI));

    private TomoKeys() {
    }

    /** Parameters from text values looked up by key through {@link #SCHEMA} (null or blank: the default). */
    public static TomoFusionParameters parameters(Function<String, String> lookup) {
        return parameters(SCHEMA.read(lookup));
    }

    /** The parameter record of values read through {@link #SCHEMA}. */
    public static TomoFusionParameters parameters(ParamValues v) {
        FusionParameters tilt = TILT_DEFAULTS.toBuilder()
                .lambdaChem(v.number(TILT + LAMBDA_CHEM))
                .lambdaTv(v.number(TILT + LAMBDA_TV))
                .iterations(v.integer(TILT + N_ITER))
                .tvIterations(v.integer(TILT + N_ITER_TV))
                .background(v.number(TILT + BKG))
                .build();
        return TomoFusionParameters.builder()
                .method(TomoMethod.fromKey(v.text(METHOD)))
                .gamma(v.number(GAMMA))
                .weightMethod(WeightMethod.fromCode(v.integer(WEIGHT_METHOD)))
                .lambdaHaadf(v.number(LAMBDA_HAADF))
                .lambdaChem(v.number(LAMBDA_CHEM))
                .lambdaTv(v.number(LAMBDA_TV))
                .iterations(v.integer(N_ITER))
                .tvIterations(v.integer(N_ITER_TV))
                .background(v.number(BKG))
                .regularize(v.bool(REGULARIZE))
                .projector(ProjectorKind.fromKey(v.text(PROJECTOR)))
                .depth(v.integer(DEPTH))
                .initIterations(v.integer(N_ITER_INIT))
                .tvCoupling(TvCoupling.fromKey(v.text(TV_COUPLING)))
                .warmTv(v.bool(TV_WARM_START))
                .compositionTvFinal(v.number(COMPOSITION_TV))
                .tiltFusion(tilt)
                .build();
    }
}
