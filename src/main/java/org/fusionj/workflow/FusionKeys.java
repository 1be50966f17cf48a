package org.fusionj.workflow;

import java.util.Locale;
import java.util.function.Function;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionPreset;
import org.fusionj.core.fusion.WeightMethod;

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
            b.gamma(number(GAMMA, v));
        }
        if ((v = lookup.apply(WEIGHT_METHOD)) != null) {
            b.weightMethod(WeightMethod.fromCode(integer(WEIGHT_METHOD, v)));
        }
        if ((v = lookup.apply(LAMBDA_HAADF)) != null) {
            b.lambdaHaadf(lambdaHaadf(v));
        }
        if ((v = lookup.apply(LAMBDA_CHEM)) != null) {
            b.lambdaChem(number(LAMBDA_CHEM, v));
        }
        if ((v = lookup.apply(LAMBDA_TV)) != null) {
            b.lambdaTv(number(LAMBDA_TV, v));
        }
        if ((v = lookup.apply(N_ITER)) != null) {
            b.iterations(integer(N_ITER, v));
        }
        if ((v = lookup.apply(N_ITER_TV)) != null) {
            b.tvIterations(integer(N_ITER_TV, v));
        }
        if ((v = lookup.apply(BKG)) != null) {
            b.background(number(BKG, v));
        }
        if ((v = lookup.apply(THRESHOLD)) != null) {
            b.initialThreshold(threshold(number(THRESHOLD, v)));
        }
        if ((v = lookup.apply(REGULARIZE)) != null) {
            b.regularize(bool(REGULARIZE, v));
        }
        return b.build();
    }

    /** "auto" (or blank) means 1 / number of elements. */
    public static double lambdaHaadf(String v) {
        String t = v.trim();
        return t.isEmpty() || t.equalsIgnoreCase(AUTO) ? Double.NaN : number(LAMBDA_HAADF, t);
    }

    /** 0 means no initial threshold (normalised maps have no pixel below 0 anyway). */
    public static double threshold(double t) {
        return t == 0 ? Double.NaN : t;
    }

    /** The text form of lambda_haadf: "auto" for the default. */
    public static String lambdaHaadfText(FusionParameters p) {
        return Double.isNaN(p.lambdaHaadf()) ? AUTO : Double.toString(p.lambdaHaadf());
    }

    public static double number(String key, String v) {
        try {
            double d = Double.parseDouble(v.trim());
            if (Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a number, got '" + v + "'");
        }
    }

    public static int integer(String key, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new InvalidInputException(key + " must be a whole number, got '" + v + "'");
        }
    }

    public static boolean bool(String key, String v) {
        String t = v.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw new InvalidInputException(key + " must be true or false, got '" + v + "'");
        };
    }
}
