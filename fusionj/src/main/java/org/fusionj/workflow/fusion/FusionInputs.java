package org.fusionj.workflow.fusion;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.Elements;
import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.ElementMap;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.workflow.ImagePlanes;

/**
 * Turns what a user picked (a HAADF image, maps as separate images or one stack, element symbols) into a checked
 * {@link FusionProblem}. Shared by the ImageJ plugin, the SciJava command and the CLI, so all of them refuse the
 * same input with the same words.
 */
public final class FusionInputs {

    private FusionInputs() {
    }

    /**
     * @param haadf    the HAADF image (2-D)
     * @param maps     either one stack with one slice per element, or one 2-D image per element
     * @param elements element symbols, one per map, in map order (e.g. "Sc,Dy,O")
     */
    public static FusionProblem problem(ImagePlus haadf, List<ImagePlus> maps, String elements) {
        String[] symbols = Elements.parseList(elements);
        ImagePlane haadfPlane = ImagePlanes.fromSingleImage(haadf);
        List<ImagePlane> planes = mapPlanes(maps);
        if (planes.size() != symbols.length) {
            throw new InvalidInputException(planes.size() + " elemental map(s) (" + names(planes) + ") but "
                    + symbols.length + " element symbol(s) (" + String.join(",", symbols)
                    + "); give one symbol per map, in the same order");
        }
        List<ElementMap> elementMaps = new ArrayList<>();
        for (int i = 0; i < symbols.length; i++) {
            elementMaps.add(ElementMap.of(symbols[i], planes.get(i)));
        }
        return new FusionProblem(haadfPlane, elementMaps);
    }

    private static List<ImagePlane> mapPlanes(List<ImagePlus> maps) {
        if (maps == null || maps.isEmpty()) {
            throw new InvalidInputException("no elemental maps given: fusion needs at least one map");
        }
        if (maps.size() == 1 && maps.get(0).getStackSize() > 1) {
            return ImagePlanes.fromSlices(maps.get(0));
        }
        List<ImagePlane> planes = new ArrayList<>();
        for (ImagePlus imp : maps) {
            planes.add(ImagePlanes.fromSingleImage(imp));
        }
        return planes;
    }

    private static String names(List<ImagePlane> planes) {
        List<String> names = new ArrayList<>();
        for (ImagePlane p : planes) {
            names.add(p.name());
        }
        return String.join(", ", names);
    }
}
