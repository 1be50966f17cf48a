package org.fusionj.core.spectrum;

import org.fusionj.core.Keyed;

/** The spectroscopy a spectrum image comes from; it decides the line table and the background model. */
public enum SpectrumKind implements Keyed {

    /** Energy-dispersive X-ray spectroscopy: emission lines on a slowly varying background (side windows). */
    EDX("edx", "xray_lines.tsv"),

    /** Electron energy-loss spectroscopy: ionisation edges on a power-law background (pre-edge fit). */
    EELS("eels", "eels_edges.tsv");

    private final String key;
    private final String tableResource;

    SpectrumKind(String key, String tableResource) {
        this.key = key;
        this.tableResource = tableResource;
    }

    @Override
    public String key() {
        return key;
    }

    /** The bundled table's resource name, beside this class. */
    String tableResource() {
        return tableResource;
    }
}
