package org.fusionj.workflow.fusion;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.measure.Calibration;

import org.fusionj.core.Elements;
import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.ElementMap;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.fusion.series.FrameSource;

/**
 * A series kept in files ({@link FileFrames}): the HAADF frames and, per element, its map frames, each a folder,
 * a pattern, a list of files or an HDF5 dataset with a frame axis. Frame counts and sizes are checked when it is
 * built, before any work; {@link #frame} reads the frame's files only then (bounded memory: a frame's inputs
 * exist only while it is fused).
 */
public final class FileSeriesInputs implements FrameSource {

    private final FileFrames haadf;
    private final List<FileFrames> maps;
    private final String[] symbols;

    private FileSeriesInputs(FileFrames haadf, List<FileFrames> maps, String[] symbols) {
        this.haadf = haadf;
        this.maps = maps;
        this.symbols = symbols;
    }

    /**
     * @param haadfSpec the HAADF series (see {@link FileFrames#open})
     * @param mapSpecs  one series per element, comma-separated, in the order of {@code elements}
     * @param elements  element symbols, e.g. "Sc,Dy,O"
     * @param frameAxis the frame axis of HDF5 datasets: first or last
     */
    public static FileSeriesInputs open(String haadfSpec, String mapSpecs, String elements, String frameAxis)
            throws IOException {
        String[] symbols = Elements.parseList(elements);
        FileFrames.FrameAxis axis = FileFrames.FrameAxis.parse(frameAxis);
        List<String> specs = splitSpecs(mapSpecs);
        if (specs.size() != symbols.length) {
            throw new InvalidInputException(FusionKeys.MAP_SERIES + " names " + specs.size() + " series but "
                    + FusionKeys.ELEMENTS + " " + symbols.length + " (" + String.join(",", symbols) + "); give one "
                    + "series per element, comma-separated, in the same order");
        }
        FileFrames h = FileFrames.open(haadfSpec, axis);
        List<FileFrames> m = new ArrayList<>();
        for (int e = 0; e < symbols.length; e++) {
            FileFrames f = FileFrames.open(specs.get(e), axis);
            if (f.frameCount() != h.frameCount()) {
                throw new InvalidInputException("the " + symbols[e] + " series " + f.spec() + " has "
                        + f.frameCount() + " frame(s) but the HAADF series " + h.spec() + " has " + h.frameCount()
                        + "; every series needs one frame per HAADF frame");
            }
            if (f.width() != h.width() || f.height() != h.height()) {
                throw new InvalidInputException("the " + symbols[e] + " series " + f.spec() + " is " + f.width()
                        + " x " + f.height() + " but the HAADF series " + h.spec() + " is " + h.width() + " x "
                        + h.height() + "; every frame must have the HAADF's size");
            }
            m.add(f);
        }
        return new FileSeriesInputs(h, List.copyOf(m), symbols);
    }

    /** "a/*.tif, b/*.tif" as its series specs; a blank list is refused. */
    static List<String> splitSpecs(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String s : text.split(",")) {
                if (!s.isBlank()) {
                    out.add(s.trim());
                }
            }
        }
        if (out.isEmpty()) {
            throw new InvalidInputException(FusionKeys.MAP_SERIES + " is empty: give one series per element "
                    + "(a folder, a pattern, a list .txt or file.h5:/path), comma-separated");
        }
        return out;
    }

    @Override
    public int frameCount() {
        return haadf.frameCount();
    }

    @Override
    public String[] symbols() {
        return symbols.clone();
    }

    @Override
    public FusionProblem frame(int index) {
        int n = frameCount();
        if (index < 0 || index >= n) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + n);
        }
        String where = "frame " + (index + 1) + " of " + n;
        ImagePlane h = read(haadf, index, "HAADF " + where, where);
        List<ElementMap> m = new ArrayList<>(symbols.length);
        for (int e = 0; e < symbols.length; e++) {
            m.add(ElementMap.of(symbols[e], read(maps.get(e), index, symbols[e] + " " + where, where)));
        }
        try {
            return new FusionProblem(h, m);
        } catch (InvalidInputException ex) {
            throw new InvalidInputException(where + ": " + ex.getMessage());
        }
    }

    /** One frame of one series; a file that cannot be read is refused naming the frame and the file. */
    private static ImagePlane read(FileFrames frames, int index, String name, String where) {
        try {
            return frames.read(index, name);
        } catch (IOException ex) {
            throw new InvalidInputException(where + " (" + frames.frameLabel(index) + "): " + ex.getMessage());
        } catch (InvalidInputException ex) {
            throw new InvalidInputException(where + ": " + ex.getMessage());
        }
    }

    /** The HAADF series' calibration (its first file's, or its EMD dataset's; null if none). */
    public Calibration calibration() {
        return haadf.calibration();
    }

    /** A name for the results' titles: the HAADF series as given. */
    public String title() {
        String spec = haadf.spec().replace('\\', '/');
        String last = spec.endsWith("/") ? spec.substring(0, spec.length() - 1) : spec;
        return last.substring(last.lastIndexOf('/') + 1);
    }

    /** Every file the frames come from (outputs must never replace them). */
    public List<Path> files() {
        List<Path> all = new ArrayList<>(haadf.files());
        maps.forEach(f -> all.addAll(f.files()));
        return all;
    }

    public int width() {
        return haadf.width();
    }

    public int height() {
        return haadf.height();
    }
}
