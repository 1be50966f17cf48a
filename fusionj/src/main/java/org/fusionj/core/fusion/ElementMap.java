package org.fusionj.core.fusion;

import org.fusionj.core.Elements;
import org.fusionj.core.ImagePlane;

/**
 * One elemental map (EDX or EELS) and the element it shows.
 *
 * @param symbol       canonical element symbol, e.g. "Dy"
 * @param atomicNumber Z of that element
 * @param image        the measured map
 */
public record ElementMap(String symbol, int atomicNumber, ImagePlane image) {

    /** A map for an element given by symbol; Z is looked up. */
    public static ElementMap of(String symbol, ImagePlane image) {
        int z = Elements.atomicNumber(symbol);
        return new ElementMap(Elements.symbol(z), z, image);
    }
}
