package org.fusionj.workflow.dictionary;

import java.util.function.Function;

import org.fusionj.core.dictionary.CoderKind;
import org.fusionj.core.dictionary.DictionaryMode;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.core.dictionary.OverlapWeighting;
import org.fusionj.workflow.schema.CommonParams;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;

/** The parameter names shared by the dialogs, the macro recorder, the SciJava commands and the CLI. */
public final class DictionaryKeys {

    public static final String STEM = "stem";
    public static final String TXM = "txm";
    public static final String DICTIONARY = "dictionary";
    public static final String MODE = "mode";
    public static final String PATCH = "patch";
    public static final String ATOMS = "atoms";
    public static final String ALPHA = "alpha";
    public static final String STEPS = "steps";
    public static final String BATCH = "batch";
    public static final String TRAINING_PATCHES = "training_patches";
    public static final String SEED = "seed";
    public static final String PSF_SIGMA = "psf_sigma";
    public static final String NOISE = "noise";
    public static final String ALL_SLICES = "all_slices";
    public static final String CODER = "coder";
    public static final String SPARSITY = "sparsity";
    public static final String ERROR_TARGET = "error_target";
    public static final String STRIDE = "stride";
    public static final String WEIGHTING = "weighting";
    public static final String MATCH_PIXEL_SIZE = "match_pixel_size";
    public static final String AUTO = "auto";

    /**
     * The learning parameters, declared once in dialog order: the CLI's {@code --name value}, the dialog's fields,
     * the SciJava command's fields and the docs' table come from here.
     */
    public static final Schema LEARN_SCHEMA = Schema.of("learn",
            Param.bool(ALL_SLICES, true).only(Route.DIALOG, Route.SCIJAVA)
                    .help("learn from every slice of a stack (off: the current slice); the CLI always uses every slice"),
            Param.choice(MODE, DictionaryMode.values(), DictionaryMode.PLAIN)
                    .help("`plain` denoises (the paper's); `coupled` also restores resolution, learnt on pairs "
                            + "simulated from the STEM image with the TXM's blur and noise"),
            Param.integer(PATCH, 8).range(2, LearnParameters.MAX_PATCH_SIZE).unit("pixels").field(4, "pixels")
                    .help("patch size p (patches are p x p)"),
            Param.integer(ATOMS, 256).range(1, 10000)
                    .help("number of atoms k; fewer than p^2 is allowed (a warning in plain mode)"),
            Param.number(ALPHA, 1).above(0).atMost(1000).digits(3)
                    .help("lasso penalty of the learning's coding step"),
            Param.integer(STEPS, 237).range(1, 1_000_000)
                    .help("mini-batch steps (the reference: 3 passes over 20000 patches in batches of 256)"),
            Param.integer(BATCH, 256).range(1, 65536).help("patches per mini-batch"),
            Param.integer(TRAINING_PATCHES, 20000).range(1, 10_000_000)
                    .help("random patches drawn from the STEM image(s), at least the number of atoms"),
            Param.integer(SEED, 0).range(0, Integer.MAX_VALUE).help("random seed: same seed and steps, same "
                    + "dictionary"),
            Param.autoNumber(PSF_SIGMA, AUTO).above(0).atMost(1000).unit("pixels").sciJavaAuto(0).field(8, null)
                    .help("coupled: Gaussian PSF sigma, or `auto` (estimated from `txm`; SciJava: 0)"),
            Param.autoNumber(NOISE, AUTO).range(0, 1e30).sciJavaAuto(-1).field(8, null)
                    .help("coupled: noise SD in image units, or `auto` (estimated from `txm`; SciJava: negative)"),
            CommonParams.THREADS);

    /** The enhancement parameters, declared once in dialog order. */
    public static final Schema ENHANCE_SCHEMA = Schema.of("enhance",
            Param.choice(CODER, CoderKind.values(), CoderKind.LASSO).help("`lasso` or `omp`"),
            Param.autoNumber(ALPHA, AUTO).above(0).atMost(1000).field(8, null)
                    .help("lasso penalty, or `auto` (from the TXM image's noise)"),
            Param.integer(SPARSITY, 2).range(1, 1024).field(4, "atoms per patch (omp)")
                    .help("OMP atoms per patch (without an error target)"),
            Param.text(ERROR_TARGET, "none").field(8, null)
                    .help("OMP: residual RMS per pixel (image units), `auto`, or `none` for a fixed number of atoms"),
            Param.integer(STRIDE, 1).range(1, LearnParameters.MAX_PATCH_SIZE).field(4, "(1 = every patch; 2-4 faster)")
                    .help("distance between patch corners, at most the patch size (a larger stride would leave "
                            + "pixels between patches unenhanced and is refused); 2 to 4 cut the work by about "
                            + "stride^2"),
            Param.choice(WEIGHTING, OverlapWeighting.values(), OverlapWeighting.UNIFORM)
                    .help("`uniform` (the paper's averaging) or `windowed` (sine window, hides seams at stride > 1)"),
            Param.bool(MATCH_PIXEL_SIZE, false).help("resample the TXM image to the dictionary's pixel size "
                    + "(bilinear) before coding, and back; uncalibrated images or different units: a note, no "
                    + "resampling"),
            CommonParams.THREADS);

    private DictionaryKeys() {
    }

    /** Learning parameters from text values looked up by key, through {@link #LEARN_SCHEMA}. */
    public static LearnParameters learnParameters(Function<String, String> lookup) {
        return learnParameters(LEARN_SCHEMA.read(lookup));
    }

    /** The learning parameter record of values read through {@link #LEARN_SCHEMA}. */
    public static LearnParameters learnParameters(ParamValues v) {
        return LearnParameters.builder()
                .mode(DictionaryMode.parse(v.text(MODE)))
                .patchSize(v.integer(PATCH))
                .atoms(v.integer(ATOMS))
                .alpha(v.number(ALPHA))
                .steps(v.integer(STEPS))
                .batchSize(v.integer(BATCH))
                .trainingPatches(v.integer(TRAINING_PATCHES))
                .seed(v.longValue(SEED))
                .psfSigma(v.number(PSF_SIGMA))
                .noiseSigma(v.number(NOISE))
                .build();
    }

    /** Enhancement settings from text values looked up by key, through {@link #ENHANCE_SCHEMA}. */
    public static EnhanceSettings enhanceSettings(Function<String, String> lookup) {
        return enhanceSettings(ENHANCE_SCHEMA.read(lookup));
    }

    /** The enhancement settings of values read through {@link #ENHANCE_SCHEMA}. */
    public static EnhanceSettings enhanceSettings(ParamValues v) {
        return EnhanceSettings.parse(v.text(CODER), v.isAuto(ALPHA) ? AUTO : Double.toString(v.number(ALPHA)),
                Integer.toString(v.integer(SPARSITY)), v.text(ERROR_TARGET), Integer.toString(v.integer(STRIDE)),
                v.text(WEIGHTING));
    }
}
