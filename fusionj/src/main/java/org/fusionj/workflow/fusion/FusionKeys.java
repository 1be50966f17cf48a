package org.fusionj.workflow.fusion;

import java.util.function.Function;

import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionPreset;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.workflow.TextValues;

/**
 * The one set of parameter names for fusion: dialog and macro keys, SciJava parameter names, CLI flags
 * ({@code --lambda_tv}) and HDF5 attributes all use these.
 */
public final class FusionKeys {

    public static final String HAADF = "haadf";
    public static final String MAPS = "maps";
    public static final String ELEMENTS = "elements";
    public static final String PRESET = "preset";
    public static final String GAMMA = "gamma";
    public static final String WEIGHT_METHOD = "weight_method";
    public static final String LAMBDA_HAADF = "lambda_haadf";
    public static final String LAMBDA_CHEM = "lambda_chem";
    public static final String LAMBDA_TV = "lambda_tv";
    public static final String N_ITER = "n_iter";
    public static final String N_ITER_TV = "n_iter_tv";
    public static final String BKG = "bkg";
    public static final String THRESHOLD = "threshold";
    public static final String REGULARIZE = "regularize";
    public static final String OUTPUT = "output";
    public static final String OVERWRITE = "overwrite";
    public static final String THREADS = "threads";

    /** The value users type for {@link #LAMBDA_HAADF} to get 1 / number of elements. */
    public static final String AUTO = "auto";

    private FusionKeys() {
    }

    /**
     * Parameters from text values looked up by key; a key whose lookup gives null keeps its default
     * ({@link FusionParameters#defaults()}).
     */
    public static FusionParameters parameters(Function<String, String> lookup) {
        FusionParameters.Builder b = FusionParameters.builder();
        String preset = lookup.apply(PRESET);
        if (preset != null) {
            b.preset(FusionPreset.fromKey(preset));
        }
        String v;
        if ((v = lookup.apply(GAMMA)) != null) {
            b.gamma(TextValues.number(GAMMA, v));
        }
        if ((v = lookup.apply(WEIGHT_METHOD)) != null) {
            b.weightMethod(WeightMethod.fromCode(TextValues.integer(WEIGHT_METHOD, v)));
        }
        if ((v = lookup.apply(LAMBDA_HAADF)) != null) {
            b.lambdaHaadf(lambdaHaadf(v));
        }
        if ((v = lookup.apply(LAMBDA_CHEM)) != null) {
            b.lambdaChem(TextValues.number(LAMBDA_CHEM, v));
        }
        if ((v = lookup.apply(LAMBDA_TV)) != null) {
            b.lambdaTv(TextValues.number(LAMBDA_TV, v));
        }
        if ((v = lookup.apply(N_ITER)) != null) {
            b.iterations(TextValues.integer(N_ITER, v));
        }
        if ((v = lookup.apply(N_ITER_TV)) != null) {
            b.tvIterations(TextValues.integer(N_ITER_TV, v));
        }
        if ((v = lookup.apply(BKG)) != null) {
            b.background(TextValues.number(BKG, v));
        }
        if ((v = lookup.apply(THRESHOLD)) != null) {
            b.initialThreshold(threshold(TextValues.number(THRESHOLD, v)));
        }
        if ((v = lookup.apply(REGULARIZE)) != null) {
            b.regularize(TextValues.bool(REGULARIZE, v));
        }
        return b.build();
    }

    /** "auto" (or blank) means 1 / number of elements. */
    public static double lambdaHaadf(String v) {
        String t = v.trim();
        return t.isEmpty() || t.equalsIgnoreCase(AUTO) ? Double.NaN : TextValues.number(LAMBDA_HAADF, t);
    }

    /** 0 means no initial threshold (normalised maps have no pixel below 0 anyway). */
    public static double threshold(double t) {
        return t == 0 ? Double.NaN : t;
    }

    /** The text form of lambda_haadf: "auto" for the default. */
    public static String lambdaHaadfText(FusionParameters p) {
        return Double.isNaN(p.lambdaHaadf()) ? AUTO : Double.toString(p.lambdaHaadf());
    }
}
