package org.fusionj.core.xanes;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/**
 * Absorption-edge presets: the tabulated K-edge energy of the element (the metal's first inflection point) and
 * default windows relative to it. Oxidised compounds sit a few eV (up to about 20 eV) above the metal edge, which the
 * default edge window (E0 - 20 to E0 + 20 eV) and white-line window (E0 to E0 + 30 eV) allow for; set E0 or the
 * windows freely through {@link XanesParameters.Builder} for anything else (L edges, other compounds).
 *
 * <p>For the Mn K edge the paper's example windows (edge 6547 to 6560 eV, white line 6556 to 6565 eV) are
 * {@code edge_window=8,21} and {@code white_line_window=17,26} relative to 6539 eV.
 */
public enum XanesEdge {
    TI_K("Ti", 4966),
    V_K("V", 5465),
    CR_K("Cr", 5989),
    MN_K("Mn", 6539),
    FE_K("Fe", 7112),
    CO_K("Co", 7709),
    NI_K("Ni", 8333),
    CU_K("Cu", 8979),
    ZN_K("Zn", 9659);

    /**
     * Default pre-edge window relative to E0 (a line is fitted here): Athena's usual -150 to -30 eV. Only the
     * measured energies count, so on a scan starting 50 eV below the edge it acts as -50 to -30 eV. A wide window
     * matters: on a scan with 15 eV steps below the edge, -50 to -20 eV holds about five energies and the line
     * extrapolated to the edge carries 1.6 times the noise of one value (measured on {@link XanesPhantom}).
     */
    public static final EnergyWindow PRE_EDGE = new EnergyWindow(-150, -30);
    /**
     * Default post-edge window relative to E0 (a polynomial is fitted here): from 50 eV above E0, clear of the
     * white lines of oxides (up to about E0 + 30 eV), to 300 eV above or the end of the scan.
     */
    public static final EnergyWindow POST_EDGE = new EnergyWindow(50, 300);
    /** Default window for the half-height and maximum-derivative searches. */
    public static final EnergyWindow EDGE = new EnergyWindow(-20, 20);
    /** Default window for the white-line peak. */
    public static final EnergyWindow WHITE_LINE = new EnergyWindow(0, 30);

    private final String symbol;
    private final double e0Ev;

    XanesEdge(String symbol, double e0Ev) {
        this.symbol = symbol;
        this.e0Ev = e0Ev;
    }

    /** Element symbol, e.g. "Mn". */
    public String symbol() {
        return symbol;
    }

    /** Tabulated edge energy in eV. */
    public double e0Ev() {
        return e0Ev;
    }

    /** "Mn K": the label shown in dialogs and accepted by {@link #parse}. */
    public String label() {
        return symbol + " K";
    }

    public EnergyWindow preEdge() {
        return PRE_EDGE;
    }

    public EnergyWindow postEdge() {
        return POST_EDGE;
    }

    public EnergyWindow edgeWindow() {
        return EDGE;
    }

    public EnergyWindow whiteLineWindow() {
        return WHITE_LINE;
    }

    /** Default parameters for this edge (see {@link XanesParameters#forEdge}). */
    public XanesParameters parameters() {
        return XanesParameters.forEdge(this);
    }

    /** Reads "Mn K", "mn_k", "MN_K", "Mn-K" or just "Mn". */
    public static XanesEdge parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (XanesEdge edge : values()) {
            if (edge.name().equals(t) || edge.symbol.toUpperCase(Locale.ROOT).equals(t)) {
                return edge;
            }
        }
        StringBuilder known = new StringBuilder();
        for (XanesEdge edge : values()) {
            known.append(known.length() == 0 ? "" : ", ").append(edge.label());
        }
        throw new InvalidInputException("unknown absorption edge '" + text + "' (presets: " + known
                + "; or give E0 in eV)");
    }
}
