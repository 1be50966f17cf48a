package org.fusionj.core.tomo;

import java.util.Objects;

import org.fusionj.core.Elements;

/**
 * The chemical (EDX or EELS) tilt series of one element, with its own tilt angles.
 *
 * @param symbol       canonical element symbol, e.g. "Au"
 * @param atomicNumber Z of that element
 * @param series       the elemental maps, one per tilt (counts, or any signal proportional to the amount)
 */
public record ElementTiltSeries(String symbol, int atomicNumber, TiltSeries series) {

    public ElementTiltSeries {
        Objects.requireNonNull(series, "series");
    }

    /** The series of an element given by symbol; Z is looked up. */
    public static ElementTiltSeries of(String symbol, TiltSeries series) {
        int z = Elements.atomicNumber(symbol);
        return new ElementTiltSeries(Elements.symbol(z), z, series);
    }
}
