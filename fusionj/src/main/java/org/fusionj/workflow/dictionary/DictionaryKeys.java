package org.fusionj.workflow.dictionary;

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

    private DictionaryKeys() {
    }
}
