package org.fusionj.core.tomo;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.fusionj.core.InvalidInputException;

/**
 * The tilt series to reconstruct, checked once on construction: at least one element, every element series of the
 * HAADF series' image size (its own angles), no element twice, no constant series (all zero, say: nothing to
 * reconstruct). Each {@link TiltSeries} has checked its own angles and pixels.
 *
 * @param haadf    the HAADF (Z-contrast) tilt series, usually at many angles
 * @param elements one chemical tilt series per element, usually at fewer angles
 */
public record TomoFusionProblem(TiltSeries haadf, List<ElementTiltSeries> elements) {

    public TomoFusionProblem {
        elements = List.copyOf(elements);
        if (elements.isEmpty()) {
            throw new InvalidInputException("no chemical tilt series given: fused tomography needs at least one "
                    + "element");
        }
        requireNotConstant(haadf);
        Set<String> seen = new HashSet<>();
        for (ElementTiltSeries e : elements) {
            TiltSeries s = e.series();
            if (s.width() != haadf.width() || s.height() != haadf.height()) {
                throw new InvalidInputException("tilt series " + s.name() + " (" + e.symbol() + ") has images of "
                        + s.width() + " x " + s.height() + " but the HAADF series " + haadf.name() + " has "
                        + haadf.width() + " x " + haadf.height() + "; every series must be aligned to the HAADF "
                        + "and have its image size");
            }
            if (!seen.add(e.symbol())) {
                throw new InvalidInputException("element " + e.symbol() + " is given twice");
            }
            requireNotConstant(s);
        }
    }

    private static void requireNotConstant(TiltSeries s) {
        if (s.isConstant()) {
            throw new InvalidInputException(s.name() + " is constant (every pixel is " + s.pixels()[0]
                    + "): there is nothing to reconstruct");
        }
    }

    /** Detector pixels across the tilt axis: the width of every slice. */
    public int width() {
        return haadf.width();
    }

    /** Pixels along the tilt axis: the number of slices. */
    public int height() {
        return haadf.height();
    }

    public int elementCount() {
        return elements.size();
    }

    public int[] atomicNumbers() {
        return elements.stream().mapToInt(ElementTiltSeries::atomicNumber).toArray();
    }

    public String[] symbols() {
        return elements.stream().map(ElementTiltSeries::symbol).toArray(String[]::new);
    }
}
