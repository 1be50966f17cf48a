package org.fusionj.workflow.xanes;

import java.util.function.Function;

import org.fusionj.workflow.TextValues;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.EnergyWindow;
import org.fusionj.core.xanes.XanesEdge;
import org.fusionj.core.xanes.XanesParameters;

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

    /** The edge choice meaning "E0 and windows as typed". */
    public static final String CUSTOM = "custom";

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

    /**
     * Parameters from text values looked up by key (null keeps the default). The edge preset sets E0 and the
     * windows; values given explicitly override it; "custom" needs {@code e0}.
     */
    public static XanesParameters parameters(Function<String, String> lookup) {
        String edge = lookup.apply(EDGE);
        String e0 = lookup.apply(E0);
        XanesParameters.Builder b;
        if (edge == null || edge.isBlank() || edge.equalsIgnoreCase(CUSTOM)) {
            if (e0 == null || TextValues.number(E0, e0) <= 0) {
                throw new InvalidInputException("give the edge energy e0 (eV) or an edge preset such as Mn K");
            }
            b = XanesParameters.defaults(TextValues.number(E0, e0)).toBuilder();
        } else {
            b = XanesEdge.parse(edge).parameters().toBuilder();
            if (e0 != null && TextValues.number(E0, e0) > 0) {
                b.e0(TextValues.number(E0, e0));
            }
        }
        String v;
        if ((v = lookup.apply(PRE_EDGE)) != null) {
            b.preEdge(EnergyWindow.parse(PRE_EDGE, v));
        }
        if ((v = lookup.apply(POST_EDGE)) != null) {
            b.postEdge(EnergyWindow.parse(POST_EDGE, v));
        }
        if ((v = lookup.apply(POST_ORDER)) != null) {
            b.postEdgeOrder(TextValues.integer(POST_ORDER, v));
        }
        if ((v = lookup.apply(JUMP_THRESHOLD)) != null) {
            b.jumpThreshold(TextValues.number(JUMP_THRESHOLD, v));
        }
        if ((v = lookup.apply(EDGE_WINDOW)) != null) {
            b.edgeWindow(EnergyWindow.parse(EDGE_WINDOW, v));
        }
        if ((v = lookup.apply(WHITE_LINE_WINDOW)) != null) {
            b.whiteLineWindow(EnergyWindow.parse(WHITE_LINE_WINDOW, v));
        }
        if ((v = lookup.apply(METHODS)) != null) {
            b.methods(EdgeMethod.parseList(v));
        }
        if ((v = lookup.apply(EDGE_JUMP)) != null) {
            b.edgeJumpMap(TextValues.bool(EDGE_JUMP, v));
        }
        return b.build();
    }
}
