package org.fusionj.core.spectrum;

import org.fusionj.core.Keyed;

/** Where the exponent of an EELS power-law background comes from. */
public enum ExponentMode implements Keyed {

    /**
     * Fitted at each pixel (two-area method) when both halves of its pre-edge window hold enough counts, else taken
     * from the summed spectrum.
     */
    PER_PIXEL("pixel"),

    /** Fitted once to the summed spectrum; each pixel fits only the amplitude (robust at low counts). */
    FROM_SUM("sum");

    private final String key;

    ExponentMode(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
