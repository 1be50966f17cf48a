package org.fusionj.workflow.registration;

import java.util.List;
import java.util.function.Function;

import org.fusionj.core.registration.Interpolation;
import org.fusionj.core.registration.RegistrationMetric;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.TransformType;
import org.fusionj.workflow.schema.CommonParams;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;

/** The one set of parameter names for registration: dialog and macro keys, SciJava parameters and CLI flags. */
public final class RegistrationKeys {

    public static final String SERIES = "series";
    public static final String FIXED_VOLUME = "fixed";
    public static final String MOVING_VOLUME = "moving";
    public static final String VOLUMES = "volumes";
    public static final String ENERGIES = "energies";
    public static final String ENERGIES_FILE = "energies_file";
    public static final String FIXED_ENERGY = "fixed_energy";
    public static final String TRANSFORM = "transform";
    public static final String METRIC = "metric";
    public static final String MEDIAN = "median";
    public static final String SMOOTHING = "smoothing";
    public static final String LEVELS = "levels";
    public static final String ITERATIONS = "iterations";
    public static final String PER_PARTICLE = "per_particle";
    public static final String DILATION = "dilation";
    public static final String MIN_VOXELS = "min_voxels";
    public static final String INTERPOLATION = "interpolation";
    public static final String INIT_NEIGHBOUR = "init_neighbour";
    public static final String CHAIN = "chain";
    /** Series: the energy of the squared-difference figure (the paper's Fig. 3), or one of {@link #DIFFERENCE_WORDS}. */
    public static final String DIFFERENCE_ENERGY = "difference_energy";
    /** {@link #DIFFERENCE_ENERGY}'s words: the energy with the largest MSE before registration, or no figure. */
    public static final String LARGEST = "largest";
    public static final String NONE = "none";
    public static final List<String> DIFFERENCE_WORDS = List.of(LARGEST, NONE);
    /** 2-D stacks of raw transmission images: the flat (open beam), dark and incident-intensity inputs. */
    public static final String FLAT = "flat";
    public static final String DARK = "dark";
    public static final String I0 = "i0";

    /** The fixed-energy choice meaning "the highest energy" (the paper's). */
    public static final String HIGHEST = "highest";

    /**
     * The registration parameters of a series, declared once in dialog order: the CLI's {@code --name value}, the
     * dialogs' fields, the SciJava commands' fields and the docs' table come from here.
     */
    public static final Schema SERIES_SCHEMA = Schema.of("register-series",
            Param.text(FIXED_ENERGY, HIGHEST).help("series: the fixed volume, `highest` or an energy in eV (the "
                    + "nearest within 0.5 eV)"),
            Param.choice(TRANSFORM, TransformType.values(), TransformType.AFFINE)
                    .listed("affine", "similarity", "rigid", "translation")
                    .help("which transforms may be found; restrict it when the data cannot determine 12 parameters "
                            + "(e.g. a single round particle)"),
            Param.choice(METRIC, RegistrationMetric.values(), RegistrationMetric.MSE)
                    .help("`mse`: mean squared error of the Otsu-binarised volumes (the paper's); `ncc`: normalised "
                            + "cross-correlation of the grey values, when a global threshold gives no clean masks"),
            Param.bool(MEDIAN, false).cliSwitch().help("3x3x3 median before binarising (impulse noise: zingers, "
                    + "dead or hot pixels)"),
            Param.number(SMOOTHING, RegistrationParameters.DEFAULT_SMOOTHING).range(0, 10).unit("voxels")
                    .digits(2).field(6, "voxels")
                    .help("Gaussian sigma of the metric volumes at every level; larger widens the capture range"),
            Param.integer(LEVELS, RegistrationParameters.DEFAULT_LEVELS).range(1, RegistrationParameters.MAX_LEVELS)
                    .help("pyramid levels; each side of the coarsest level needs at least 8 voxels"),
            Param.integer(ITERATIONS, RegistrationParameters.DEFAULT_ITERATIONS).range(1, 10000)
                    .help("Gauss-Newton steps per level at most"),
            Param.bool(PER_PARTICLE, false).cliSwitch().help("one transform per particle after the global one"),
            Param.integer(DILATION, RegistrationParameters.DEFAULT_DILATION).range(0, 50).unit("voxels")
                    .field(6, "voxels").help("per particle: how far each particle's mask grows for its own fit"),
            Param.integer(MIN_VOXELS, RegistrationParameters.DEFAULT_MIN_VOXELS).range(1, 1_000_000_000)
                    .unit("voxels").help("smaller components of the fixed mask are not particles"),
            // nearest (for label images) is ApplyTransforms'; the registered output offers the two intensity kinds
            Param.choice(INTERPOLATION, new Interpolation[] {Interpolation.TRILINEAR, Interpolation.CUBIC},
                    Interpolation.TRILINEAR)
                    .help("of the output: `linear` (never overshoots) or `cubic` (Catmull-Rom, sharper)"),
            Param.bool(INIT_NEIGHBOUR, true).help("series: start each energy from its neighbour's result"),
            Param.bool(CHAIN, false).help("series: register each energy to its neighbour towards the fixed one and "
                    + "compose the transforms (the neighbour chain: for contrast that changes much across the edge); "
                    + "off: every energy to the fixed one. Not with per_particle"),
            Param.text(DIFFERENCE_ENERGY, LARGEST).field(8, null).help("series: the energy whose squared "
                    + "difference to the fixed one (binarised volumes, before and after; the paper's Fig. 3) is saved "
                    + "as squared_difference.tif: `largest` (the energy with the largest MSE before registration), an "
                    + "energy in eV (the nearest within 0.5 eV), or `none`"),
            CommonParams.THREADS);

    /** The parameters of registering two volumes: the series' without the fixed energy and the neighbour start. */
    public static final Schema PAIR_SCHEMA = SERIES_SCHEMA.without(FIXED_ENERGY, INIT_NEIGHBOUR, CHAIN,
            DIFFERENCE_ENERGY)
            .named("register-pair");

    /**
     * The registration options of a run that registers a 2-D stack before mapping it ({@code fusionj xanes
     * --register}): the series' without the per-particle ones and without threads (the mapping's schema has it).
     * A subset, not a new schema: the names, defaults and docs are the series registration's.
     */
    public static final Schema BEFORE_XANES_SCHEMA = SERIES_SCHEMA.without(PER_PARTICLE, DILATION, MIN_VOXELS,
            CommonParams.THREADS.name()).named("register-before-xanes");

    /** Apply Transforms: the transforms file, the data, the region map of per-particle files, the output. */
    public static final String TRANSFORMS = "transforms";
    public static final String INPUT = "input";
    public static final String REGIONS = "regions";
    public static final String INDEX = "index";

    /**
     * Apply Transforms (dialog, SciJava, {@code fusionj apply-transforms}): a saved transforms file onto other data
     * (another channel, the raw volumes of a binned copy, a label image). The files are inputs of each front-end,
     * not parameters.
     */
    public static final Schema APPLY_SCHEMA = Schema.of("apply-transforms",
            Param.choice(INTERPOLATION, Interpolation.values(), Interpolation.TRILINEAR)
                    .help("`linear` (never overshoots), `cubic` (Catmull-Rom, sharper) or `nearest` (label images: "
                            + "labels stay labels, and stay 8- or 16-bit)"),
            Param.integer(INDEX, -1).range(-1, 1_000_000)
                    .help("-1: the data is a series of the registered one's length (frame i takes entry i); else the "
                            + "data is one volume or image and takes entry `index` (0 = the first energy; a pair's "
                            + "file has only 0)"),
            CommonParams.THREADS);

    /** Simulate Spectro-Tomography Series (dialog) and {@code fusionj simulate-series} (CLI). */
    public static final Schema SIMULATE_SCHEMA = Schema.of("simulate-series",
            Param.integer("size", 64).range(16, 512).unit("voxels").help("side of the cubic volume"),
            Param.integer("energies", 10).range(2, 200).help("energies from 6530 to 6580 eV, the highest at rest"),
            Param.number("noise", 0.02).range(0, 10).digits(3).help("Gaussian noise SD (the signal is 0 to 1)"),
            Param.number("salt_pepper", 0).range(0, 1).digits(3).help("fraction of voxels set to 0 or 1"),
            Param.integer("seed", 1).range(0, Integer.MAX_VALUE).help("random seed"),
            CommonParams.THREADS.only(Param.Route.CLI))
            ;

    private RegistrationKeys() {
    }

    /** Parameters from text values looked up by key, through {@link #SERIES_SCHEMA} (null: the default). */
    public static RegistrationParameters parameters(Function<String, String> value) {
        return parameters(SERIES_SCHEMA.read(value));
    }

    /**
     * The parameter record of values read through any of the registration schemas (a parameter a schema lacks takes
     * its default; the pair's lacks init_neighbour: true).
     */
    public static RegistrationParameters parameters(ParamValues v) {
        return RegistrationParameters.builder()
                .transform(TransformType.parse(v.text(TRANSFORM)))
                .metric(RegistrationMetric.parse(v.text(METRIC)))
                .median(v.bool(MEDIAN))
                .smoothing(v.number(SMOOTHING))
                .levels(v.integer(LEVELS))
                .maxIterations(v.integer(ITERATIONS))
                .perParticle(v.schema().has(PER_PARTICLE) && v.bool(PER_PARTICLE))
                .particleDilation(v.schema().has(DILATION) ? v.integer(DILATION)
                        : RegistrationParameters.DEFAULT_DILATION)
                .minParticleVoxels(v.schema().has(MIN_VOXELS) ? v.integer(MIN_VOXELS)
                        : RegistrationParameters.DEFAULT_MIN_VOXELS)
                .interpolation(Interpolation.parse(v.text(INTERPOLATION)))
                .initFromNeighbour(!v.schema().has(INIT_NEIGHBOUR) || v.bool(INIT_NEIGHBOUR))
                .chain(v.schema().has(CHAIN) && v.bool(CHAIN))
                .build();
    }
}
