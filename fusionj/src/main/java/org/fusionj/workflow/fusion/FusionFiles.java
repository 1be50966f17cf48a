package org.fusionj.workflow.fusion;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.io.ImageFiles;

/**
 * Opens fusion inputs named as files (CLI, SciJava command). A keyless NPZ is picked apart by name: the HAADF
 * from its array {@code HAADF}, the maps from the arrays named like the elements.
 */
public final class FusionFiles {

    private FusionFiles() {
    }

    public static ImagePlus openHaadf(String spec) throws IOException {
        return ImageFiles.open(ImageFiles.isKeylessArchive(spec) ? spec + ":HAADF" : spec);
    }

    /**
     * @param specs    one file per element, one stack, or one NPZ with an array per element
     * @param elements the element symbols, in map order
     */
    public static List<ImagePlus> openMaps(List<String> specs, String elements) throws IOException {
        if (specs.isEmpty()) {
            throw new InvalidInputException("no map files given (one file per element, or one stack)");
        }
        List<ImagePlus> maps = new ArrayList<>();
        if (specs.size() == 1 && ImageFiles.isKeylessArchive(specs.get(0))) {
            for (String el : Elements.parseList(elements)) {
                maps.add(ImageFiles.open(specs.get(0) + ":" + el));
            }
            return maps;
        }
        for (String spec : specs) {
            maps.add(ImageFiles.open(spec));
        }
        return maps;
    }
}
