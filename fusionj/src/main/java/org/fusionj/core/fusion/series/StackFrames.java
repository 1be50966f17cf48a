package org.fusionj.core.fusion.series;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.ElementMap;
import org.fusionj.core.fusion.FusionProblem;

/**
 * A series held in memory as planes: one HAADF plane per frame and, per element, one map plane per frame. Counts
 * and sizes are checked on construction; each frame is checked again (finite, not constant) when it is asked for.
 */
public final class StackFrames implements FrameSource {

    private final List<ImagePlane> haadf;
    private final List<List<ImagePlane>> maps;
    private final String[] symbols;

    /**
     * @param haadf   the HAADF frames
     * @param maps    per element (in {@code symbols} order), its frames
     * @param symbols element symbols
     */
    public StackFrames(List<ImagePlane> haadf, List<List<ImagePlane>> maps, String[] symbols) {
        if (haadf.isEmpty()) {
            throw new InvalidInputException("the HAADF series has no frames");
        }
        if (maps.size() != symbols.length) {
            throw new InvalidInputException(maps.size() + " map series for " + symbols.length + " elements ("
                    + String.join(",", symbols) + ")");
        }
        ImagePlane first = haadf.get(0);
        for (ImagePlane h : haadf) {
            requireSize(h, first);
        }
        for (int e = 0; e < symbols.length; e++) {
            List<ImagePlane> frames = maps.get(e);
            if (frames.size() != haadf.size()) {
                throw new InvalidInputException("the " + symbols[e] + " series has " + frames.size()
                        + " frames but the HAADF series " + haadf.size() + "; every series needs one frame per "
                        + "HAADF frame");
            }
            for (ImagePlane m : frames) {
                requireSize(m, first);
            }
        }
        this.haadf = List.copyOf(haadf);
        List<List<ImagePlane>> copy = new ArrayList<>();
        for (List<ImagePlane> m : maps) {
            copy.add(List.copyOf(m));
        }
        this.maps = copy;
        this.symbols = symbols.clone();
    }

    private static void requireSize(ImagePlane p, ImagePlane first) {
        if (!p.sameSizeAs(first)) {
            throw new InvalidInputException(p.name() + " is " + p.sizeText() + " but " + first.name() + " is "
                    + first.sizeText() + "; every frame of every series must have the same size");
        }
    }

    @Override
    public int frameCount() {
        return haadf.size();
    }

    @Override
    public String[] symbols() {
        return symbols.clone();
    }

    @Override
    public FusionProblem frame(int index) {
        List<ElementMap> m = new ArrayList<>(symbols.length);
        for (int e = 0; e < symbols.length; e++) {
            m.add(ElementMap.of(symbols[e], maps.get(e).get(index)));
        }
        try {
            return new FusionProblem(haadf.get(index), m);
        } catch (InvalidInputException ex) {
            throw new InvalidInputException("frame " + (index + 1) + " of " + haadf.size() + ": " + ex.getMessage());
        }
    }
}
