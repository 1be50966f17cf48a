package org.fusionj.workflow.xanes;

import java.util.List;
import java.util.function.Function;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.xanes.EdgeEstimator;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.EnergyWindow;
import org.fusionj.core.xanes.XanesEdge;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.core.segment.Connectivity;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.schema.CommonParams;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;

/**
 * The one set of parameter names for XANES mapping: dialog and macro keys, SciJava parameters, CLI flags and
 * HDF5 attributes.
 */
public final class XanesKeys {

    public static final String SERIES = "series";
    public static final String ENERGIES = "energies";
    public static final String ENERGIES_FILE = "energies_file";
    public static final String EDGE = "edge";
    public static final String E0 = "e0";
    public static final String PRE_EDGE = "pre_edge";
    public static final String POST_EDGE = "post_edge";
    public static final String POST_ORDER = "post_order";
    public static final String JUMP_THRESHOLD = "jump_threshold";
    public static final String EDGE_WINDOW = "edge_window";
    public static final String WHITE_LINE_WINDOW = "white_line_window";
    public static final String METHODS = "methods";
    public static final String EDGE_JUMP = "edge_jump";
    public static final String MASK = "mask";
    public static final String REFERENCES = "references";
    public static final String SUM_TO_ONE = "sum_to_one";
    public static final String PARTICLES = "particles";
    public static final String CONNECTIVITY = "connectivity";
    public static final String MIN_VOXELS = "min_voxels";
    public static final String BIN_WIDTH = "bin_width";
    public static final String ROI_SPECTRA = "roi_spectra";
    public static final String COLOUR_BAR = "colour_bar";
    public static final String HDF5 = "hdf5";
    public static final String EDGE_ESTIMATOR = "edge_estimator";
    /** The eV around each voxel's first estimate of its edge that the edge model is fitted to. */
    public static final String EDGE_FIT_WINDOW = "edge_fit_window";
    public static final String FLATTEN = "flatten";
    public static final String LCF_MAX_SHIFT = "lcf_max_shift";
    public static final String PHASES = "phases";
    public static final String COMPONENTS = "components";
    /** Register a 2-D stack first ({@link XanesJob#registerFirst}); the registration's options follow it. */
    public static final String REGISTER = "register";
    /** With {@link #REGISTER}: map only the pixels inside the registration's Otsu mask at every energy. */
    public static final String REGISTRATION_MASK = "registration_mask";
    /** With {@link #REGISTER}: the raw counts' correction, named as the registration names it. */
    public static final String FLAT = RegistrationKeys.FLAT;
    public static final String DARK = RegistrationKeys.DARK;
    public static final String I0 = RegistrationKeys.I0;

    /** The phase analyses ({@link #PHASES}): none, or one of the three. */
    public static final List<String> PHASE_CHOICES = List.of("none", "pca", "kmeans", "nmf");

    /** The edge choice meaning "E0 and windows as typed". */
    public static final String CUSTOM = "custom";

    /** The operation's name in the schema (docs table, dialog memory). */
    public static final String OPERATION = "xanes";

    /**
     * The XANES parameters, declared once, in dialog order: the CLI's {@code --name value}, the dialog's fields,
     * the SciJava command's fields and the docs' table come from here. The mapping's own, then {@code register}
     * with the registration options that apply to it ({@link RegistrationKeys#BEFORE_XANES_SCHEMA}: the series
     * registration's, taken as they are) and {@code registration_mask}, then {@code threads}.
     */
    public static final Schema SCHEMA = Schema.of(OPERATION,
            Param.choice(EDGE, List.of(edgeChoices()), "Mn K").otherSpellings(XanesKeys::edgeLabel)
                    .help("preset (E0 and windows): Ti K 4966, V K 5465, Cr K 5989, Mn K 6539, Fe K 7112, Co K 7709, "
                            + "Ni K 8333, Cu K 8979, Zn K 9659 eV; or `custom` (give `e0`)"),
            Param.number(E0, 0).range(0, 100000).unit("eV").digits(2).field(8, "eV (0 = the preset's)")
                    .help("edge energy; 0 = the preset's. Oxides sit some eV above the metal's tabulated value"),
            Param.text(PRE_EDGE, null).unit("eV").help("`from,to` relative to E0; blank = the preset's "
                    + "(-150,-30)"),
            Param.text(POST_EDGE, null).unit("eV").help("`from,to` relative to E0; blank = the preset's (50,300)"),
            Param.integer(POST_ORDER, 1).range(0, XanesParameters.MAX_POST_ORDER)
                    .help("post-edge polynomial: 0 constant, 1 line, 2 quadratic"),
            Param.bool(FLATTEN, false).help("flattened normalisation (Athena's and Larch's `flat`): above E0 the "
                    + "post-edge line's slope is taken out, so the post-edge of a normalised spectrum is flat at 1"),
            Param.number(JUMP_THRESHOLD, XanesParameters.DEFAULT_JUMP_THRESHOLD).range(0, 1000).digits(1)
                    .help("k of the mask: a voxel is mapped when its edge jump is at least k times its pre-edge "
                            + "noise"),
            Param.text(EDGE_WINDOW, null).unit("eV").help("`from,to` relative to E0 where the half-height and "
                    + "maximum-derivative searches look; blank = the preset's (-20,20)"),
            Param.text(WHITE_LINE_WINDOW, null).unit("eV").help("`from,to` relative to E0 of the white-line peak; "
                    + "blank = the preset's (0,30)"),
            Param.text(METHODS, EdgeMethod.HALF_HEIGHT.key()).field(30, null)
                    .help("comma-separated: half_height, half_height_cubic, max_derivative, white_line"),
            Param.choice(EDGE_ESTIMATOR, EdgeEstimator.values(), EdgeEstimator.FIT)
                    .help("`fit`: a model of the edge fitted around E0, every definition read off the curve "
                            + "(unbiased at 3 eV steps); `interpolate`: between the samples (faster, biased when the "
                            + "steps are comparable to the edge width)"),
            Param.text(EDGE_FIT_WINDOW, XanesParameters.DEFAULT_FIT_WINDOW.key()).unit("eV")
                    .help("`from,to` relative to each voxel's first estimate of its edge: the samples the edge model "
                            + "(`edge_estimator=fit`) is fitted to; it must reach below and above the edge and hold at "
                            + "least 9 energies. Keep it on the rise and the white line (the model has no post-edge "
                            + "oscillations); blank = -15,25"),
            Param.bool(EDGE_JUMP, false).help("also output the edge-jump map"),
            Param.bool(SUM_TO_ONE, true).help("linear-combination fitting: fractions sum to one"),
            Param.number(LCF_MAX_SHIFT, 0).range(0, 50).unit("eV").digits(2).field(6, "eV (0 = none)")
                    .help("linear-combination fitting: fit an energy shift per reference, up to this many eV either "
                            + "way, on the mean spectrum of the mapped voxels (a calibration offset between standards "
                            + "and sample); 0 = no shift"),
            Param.bool(PARTICLES, false).cliSwitch().help("label particles: per-particle table, histograms and "
                    + "mean spectra"),
            Param.choice(CONNECTIVITY, Connectivity.values(), Connectivity.TWENTY_SIX).listed("26", "6").help("particles: voxels touching by faces (6) "
                    + "or also by edges and corners (26)"),
            Param.integer(MIN_VOXELS, 10).range(1, 1_000_000_000).unit("voxels")
                    .help("particles: smaller components are not particles"),
            Param.number(BIN_WIDTH, 0.25).above(0).atMost(1000).unit("eV").digits(3).field(6, "eV")
                    .help("histogram bin width of the per-particle edge energies"),
            Param.choice(PHASES, PHASE_CHOICES, "none")
                    .help("phases without reference spectra, on the mapped voxels' normalised spectra from -20 to +30 "
                            + "eV: `pca` (scores, scree), `kmeans` (cluster labels, mean spectra), `nmf` (weights, "
                            + "component spectra)"),
            Param.integer(COMPONENTS, 3).range(1, 50).help("phases: PCA or NMF components, or k-means clusters "
                    + "(at least 2)"),
            Param.bool(ROI_SPECTRA, false).only(Route.DIALOG).help("mean spectra of the ROI Manager's ROIs; an ROI "
                    + "tied to a slice covers that slice, else all"),
            Param.bool(COLOUR_BAR, false).only(Route.DIALOG).help("an image of the edge-energy colour scale with "
                    + "its range in eV"),
            Param.bool(HDF5, false).cliSwitch().help("also save xanes.h5 with every map"),
            Param.bool(REGISTER, false).cliSwitch().help("2-D stacks (one image per energy): register the stack "
                    + "first, after the flat/dark/i0 correction when given, and map the registered stack; the "
                    + "registration's options below are those of Register Spectro-Tomography Series "
                    + "(registration.md), its files are saved with the maps"))
            // the registration's options that apply with `register`: its names, defaults and ranges, not copies
            .with(RegistrationKeys.BEFORE_XANES_SCHEMA.params().toArray(new Param[0]))
            .with(Param.bool(REGISTRATION_MASK, false).cliSwitch().help("with `register`: map only the pixels "
                    + "inside the registration's Otsu mask at every energy (the jump threshold still applies); instead of a "
                    + "mask image"),
            CommonParams.THREADS);

    /** Simulate XANES Series (dialog) and {@code fusionj simulate-xanes} (CLI). */
    public static final Schema SIMULATE_SCHEMA = Schema.of("simulate-xanes",
            Param.integer("width", 64).range(1, 2048).unit("pixels").help("volume width"),
            Param.integer("height", 64).range(1, 2048).unit("pixels").help("volume height"),
            Param.integer("depth", 16).range(1, 2048).unit("slices").help("volume depth"),
            Param.integer("particles", 3).range(0, 100).help("spheres of material"),
            Param.number("snr", 50).above(0).atMost(1e6).digits(1).help("signal-to-noise ratio of the edge jump"),
            Param.integer("seed", 1).range(0, Integer.MAX_VALUE).help("random seed"));

    private XanesKeys() {
    }

    /** Edge choices for a dialog: the presets' labels, then "custom". */
    public static String[] edgeChoices() {
        XanesEdge[] edges = XanesEdge.values();
        String[] choices = new String[edges.length + 1];
        for (int i = 0; i < edges.length; i++) {
            choices[i] = edges[i].label();
        }
        choices[edges.length] = CUSTOM;
        return choices;
    }

    /** The preset label of "mn_k", "MN-K", "Mn" ({@link XanesEdge#parse}'s spellings), or null. */
    private static String edgeLabel(String text) {
        try {
            return XanesEdge.parse(text).label();
        } catch (InvalidInputException notAnEdge) {
            return null;
        }
    }

    /**
     * Parameters from text values looked up by key, through {@link #SCHEMA} (null or blank: the default). The edge
     * preset sets E0 and the windows; values given explicitly override it; "custom" needs {@code e0}.
     */
    public static XanesParameters parameters(Function<String, String> lookup) {
        return parameters(SCHEMA.read(lookup));
    }

    /** The parameter record of values read through {@link #SCHEMA} (without LCF, which needs reference files). */
    public static XanesParameters parameters(ParamValues v) {
        String edge = v.text(EDGE);
        double e0 = v.number(E0);
        XanesParameters.Builder b;
        if (edge == null || edge.isBlank() || edge.equalsIgnoreCase(CUSTOM)) {
            if (!(e0 > 0)) {
                throw new InvalidInputException("give the edge energy e0 (eV) or an edge preset such as Mn K");
            }
            b = XanesParameters.defaults(e0).toBuilder();
        } else {
            b = XanesEdge.parse(edge).parameters().toBuilder();
            if (e0 > 0) {
                b.e0(e0);
            }
        }
        String t;
        if (!(t = orEmpty(v.text(PRE_EDGE))).isEmpty()) {
            b.preEdge(EnergyWindow.parse(PRE_EDGE, t));
        }
        if (!(t = orEmpty(v.text(POST_EDGE))).isEmpty()) {
            b.postEdge(EnergyWindow.parse(POST_EDGE, t));
        }
        b.postEdgeOrder(v.integer(POST_ORDER));
        b.jumpThreshold(v.number(JUMP_THRESHOLD));
        if (!(t = orEmpty(v.text(EDGE_WINDOW))).isEmpty()) {
            b.edgeWindow(EnergyWindow.parse(EDGE_WINDOW, t));
        }
        if (!(t = orEmpty(v.text(WHITE_LINE_WINDOW))).isEmpty()) {
            b.whiteLineWindow(EnergyWindow.parse(WHITE_LINE_WINDOW, t));
        }
        b.methods(EdgeMethod.parseList(v.text(METHODS)));
        b.edgeJumpMap(v.bool(EDGE_JUMP));
        if (v.schema().has(EDGE_ESTIMATOR)) {
            b.edgeEstimator(EdgeEstimator.parse(v.text(EDGE_ESTIMATOR)));
        }
        if (v.schema().has(EDGE_FIT_WINDOW) && !(t = orEmpty(v.text(EDGE_FIT_WINDOW))).isEmpty()) {
            b.edgeFitWindow(EnergyWindow.parse(EDGE_FIT_WINDOW, t));
        }
        if (v.schema().has(FLATTEN)) {
            b.flatten(v.bool(FLATTEN));
        }
        return b.build();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s.trim();
    }

    /**
     * The phase analysis asked for through {@link #SCHEMA} (default window, seed 1, 200 iterations), or null for
     * none.
     */
    public static XanesPhases.Options phaseOptions(ParamValues v) {
        // one of PHASE_CHOICES in its listed spelling: the schema's reader refused anything else
        String phases = v.text(PHASES) == null ? "none" : v.text(PHASES);
        if (phases.equals("none")) {
            return null;
        }
        int k = v.integer(COMPONENTS);
        if (phases.equals("kmeans") && k < 2) {
            throw new InvalidInputException("components must be at least 2 for kmeans (clusters), got " + k);
        }
        XanesPhases.Options d = XanesPhases.Options.defaults();
        return new XanesPhases.Options(d.window(), phases.equals("pca") ? k : 0, phases.equals("kmeans") ? k : 0,
                phases.equals("nmf") ? k : 0, d.seed(), d.iterations());
    }

    /** The connectivity of particle labelling read through {@link #SCHEMA}. */
    public static Connectivity connectivity(ParamValues v) {
        return Connectivity.parse(v.text(CONNECTIVITY));
    }
}
