package org.fusionj.workflow.fusion;

import java.util.List;
import java.util.function.Function;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionPreset;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.workflow.TextValues;
import org.fusionj.workflow.schema.CommonParams;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;

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
    public static final String HAADF_SERIES = "haadf_series";
    public static final String MAP_SERIES = "map_series";
    public static final String FRAME_AXIS = "frame_axis";

    /** The value users type for {@link #LAMBDA_HAADF} to get 1 / number of elements. */
    public static final String AUTO = "auto";

    /**
     * The fusion parameters, declared once: the dialog shows them in this order, the CLI takes them as
     * {@code --name value}, the SciJava command has a field of each name, the docs' table is rendered from here.
     */
    public static final Schema SCHEMA = Schema.of("fuse",
            Param.choice(PRESET, FusionPreset.values(), FusionPreset.FUSIONJ)
                    .help("the numerics: `fusionj` (isotropic TV, exact weights, the true objective) or `tutorial` "
                            + "(the published notebooks', for users migrating from them)"),
            Param.number(GAMMA, 1.6).range(1, 10).digits(2)
                    .help("exponent of the forward model HAADF ~ sum w x^gamma; physically 1.4 to 2"),
            Param.integer(WEIGHT_METHOD, WeightMethod.Z_OVER_MEAN.code()).range(0, WeightMethod.values().length - 1)
                    .help("0: w = 1; 1: Z / mean(Z); 2: Z^gamma / mean(Z^gamma); 3: Z / sum(Z); "
                            + "4: Z^gamma / sum(Z^gamma)"),
            Param.autoNumber(LAMBDA_HAADF, AUTO).above(0).atMost(1000).field(8, null)
                    .help("weight of the HAADF term; `auto` = 1 / number of elements, which stops one element "
                            + "from dominating"),
            Param.number(LAMBDA_CHEM, 0.08).above(0).atMost(1000).digits(4).auto(AUTO).sciJavaAuto(0).field(8, null)
                    .help("weight of the map term; typically 0.05 to 0.3. If its cost curve oscillates, lower it. "
                            + "`auto` (with `lambda_tv` `auto`): chosen per element from the data, see Automatic "
                            + "parameters (SciJava: 0)"),
            Param.number(LAMBDA_TV, 0.15).above(0).atMost(1000).digits(4).auto(AUTO).sciJavaAuto(0).field(8, null)
                    .help("TV strength; usually below 0.2. Too low leaves noise, too high blurs away real "
                            + "features: err low. `auto` (with `lambda_chem` `auto`): chosen per element with "
                            + "`n_iter_tv` and the iterations, `n_iter` being the most (SciJava: 0)"),
            Param.integer(N_ITER, 30).range(1, 10000)
                    .help("outer iterations; 10 to 15 usually converge, 30 makes sure"),
            Param.integer(N_ITER_TV, 3).range(1, 1000).help("FGP iterations per TV step"),
            Param.number(BKG, 0.24).above(0).atMost(1000).digits(4)
                    .help("offset in the Poisson denominator x + bkg; keep it small (it subtracts nothing)"),
            Param.number(THRESHOLD, 0).atLeast(0).below(1).digits(3)
                    .help("initial map pixels below this (on the [0, 1] scale) start at 0; 0 = none; the "
                            + "Co3O4-Mn3O4 tutorial uses 0.2"),
            Param.bool(REGULARIZE, true).help("apply the TV step"),
            Param.text(HAADF_SERIES, null).only(Route.CLI, Route.SCIJAVA).field(40, null)
                    .help("a series kept in files, read one frame at a time (instead of `haadf`): a folder of "
                            + "images (one per frame, natural name order), a pattern (`frames/haadf_*.tif`), a "
                            + "text file listing the files (`.txt`, one a line) or an HDF5/EMD dataset with a frame "
                            + "axis (`file.h5:/path`, 3-D); in ImageJ a field of Fuse Series from Files..., not of Fuse Multi-Modal..."),
            Param.text(MAP_SERIES, null).only(Route.CLI, Route.SCIJAVA).field(40, null)
                    .help("with `haadf_series`: one series per element, comma-separated in the order of "
                            + "`elements`, each in one of the same forms, with the HAADF's frame count and size"),
            Param.choice(FRAME_AXIS, List.of("first", "last"), "first")
                    .otherSpellings(t -> t.equals("0") ? "first" : t.equals("2") ? "last" : null) // FrameAxis's
                    .only(Route.CLI, Route.SCIJAVA)
                    .help("HDF5/EMD series: `first` = (frames, rows, cols), as h5py and HyperSpy write stacks; "
                            + "`last` = (rows, cols, frames), as Velox EMD stores image series"),
            CommonParams.THREADS);

    private FusionKeys() {
    }

    /**
     * Parameters from text values looked up by key, through {@link #SCHEMA} (null or blank: the default, which is
     * {@link FusionParameters#defaults()}); out-of-range values are refused naming the key.
     */
    public static FusionParameters parameters(Function<String, String> lookup) {
        return parameters(SCHEMA.read(lookup));
    }

    /**
     * Whether the values ask for automatic parameters ({@code lambda_chem = auto} and {@code lambda_tv = auto}; the
     * two are chosen together, so one without the other is refused).
     */
    public static boolean automatic(ParamValues v) {
        boolean chem = v.isAuto(LAMBDA_CHEM);
        boolean tv = v.isAuto(LAMBDA_TV);
        if (chem != tv) {
            throw new InvalidInputException("lambda_chem and lambda_tv are chosen together: give auto for both, or "
                    + "numbers for both (got lambda_chem " + (chem ? AUTO : v.text(LAMBDA_CHEM)) + ", lambda_tv "
                    + (tv ? AUTO : v.text(LAMBDA_TV)) + ")");
        }
        return chem;
    }

    /**
     * The parameter record of values read through {@link #SCHEMA}. With automatic lambdas ({@link #automatic}) the
     * record holds the defaults in their place, which {@link FusionJob#automatic} replaces by the chosen values.
     */
    public static FusionParameters parameters(ParamValues v) {
        boolean auto = automatic(v);
        FusionParameters d = FusionParameters.defaults();
        return FusionParameters.builder()
                .preset(FusionPreset.fromKey(v.text(PRESET)))
                .gamma(v.number(GAMMA))
                .weightMethod(WeightMethod.fromCode(v.integer(WEIGHT_METHOD)))
                .lambdaHaadf(v.number(LAMBDA_HAADF))
                .lambdaChem(auto ? d.lambdaChem() : v.number(LAMBDA_CHEM))
                .lambdaTv(auto ? d.lambdaTv() : v.number(LAMBDA_TV))
                .iterations(v.integer(N_ITER))
                .tvIterations(v.integer(N_ITER_TV))
                .background(v.number(BKG))
                .initialThreshold(threshold(v.number(THRESHOLD)))
                .regularize(v.bool(REGULARIZE))
                .build();
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
