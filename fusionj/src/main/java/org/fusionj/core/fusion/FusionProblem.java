package org.fusionj.core.fusion;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;

/**
 * The images to fuse, checked once on construction: at least one map, every map the size of the HAADF image,
 * no NaN or infinite pixels, no constant image (it cannot be normalised), no element twice.
 *
 * @param haadf the elastic (Z-contrast) image
 * @param maps  the inelastic maps, one per element
 */
public record FusionProblem(ImagePlane haadf, List<ElementMap> maps) {

    public FusionProblem {
        maps = List.copyOf(maps);
        if (maps.isEmpty()) {
            throw new InvalidInputException("no elemental maps given: fusion needs at least one map");
        }
        haadf.requireFinite();
        requireNotConstant(haadf);
        Set<String> seen = new HashSet<>();
        for (ElementMap m : maps) {
            ImagePlane img = m.image();
            if (!img.sameSizeAs(haadf)) {
                throw new InvalidInputException("map " + img.name() + " (" + m.symbol() + ") is " + img.sizeText()
                        + " but the HAADF image " + haadf.name() + " is " + haadf.sizeText()
                        + "; all maps must have the HAADF's size");
            }
            if (!seen.add(m.symbol())) {
                throw new InvalidInputException("element " + m.symbol() + " is given twice");
            }
            img.requireFinite();
            requireNotConstant(img);
        }
    }

    private static void requireNotConstant(ImagePlane img) {
        float[] px = img.pixels();
        float first = px[0];
        for (float v : px) {
            if (v != first) {
                return;
            }
        }
        throw new InvalidInputException(img.name() + " is constant (every pixel is " + first
                + "), so it cannot be normalised to [0, 1]");
    }

    public int width() {
        return haadf.width();
    }

    public int height() {
        return haadf.height();
    }

    public int elementCount() {
        return maps.size();
    }

    public int[] atomicNumbers() {
        return maps.stream().mapToInt(ElementMap::atomicNumber).toArray();
    }

    public String[] symbols() {
        return maps.stream().map(ElementMap::symbol).toArray(String[]::new);
    }
}
