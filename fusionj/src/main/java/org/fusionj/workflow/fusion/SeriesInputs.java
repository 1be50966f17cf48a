package org.fusionj.workflow.fusion;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.fusionj.core.Elements;
import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.ElementMap;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.fusion.series.FrameSource;
import org.fusionj.workflow.ImagePlanes;

/**
 * A series as ImageJ images: a HAADF stack (one slice per frame: a time series, drift-corrected frames, the tilts
 * of a tilt series) and the maps as either one hyperstack with one channel per element and the same number of
 * frames (or slices), or one stack per element with one slice per frame. Everything is checked when it is built;
 * a frame's pixels are copied only when the frame is fused, so memory does not grow with the series.
 */
public final class SeriesInputs implements FrameSource {

    private final ImagePlus haadf;
    private final String[] symbols;
    /** Per element: the stack and the 1-based slice index of frame 0, and the step between frames. */
    private final ImageStack[] stacks;
    private final int[] first;
    private final int[] step;
    private final String[] titles;
    private final int frames;

    /**
     * @param haadf    the HAADF frames
     * @param maps     one hyperstack (channels = elements) or one stack per element
     * @param elements element symbols in map order, e.g. "Sc,Dy,O"
     */
    public SeriesInputs(ImagePlus haadf, List<ImagePlus> maps, String elements) {
        this.symbols = Elements.parseList(elements);
        ImagePlanes.requireGreyscale(haadf);
        if (haadf.getNChannels() > 1) {
            throw new InvalidInputException(haadf.getTitle() + " has " + haadf.getNChannels() + " channels; the "
                    + "HAADF series needs one channel and one slice per frame");
        }
        this.haadf = haadf;
        this.frames = haadf.getStackSize();
        if (maps == null || maps.isEmpty()) {
            throw new InvalidInputException("no map series given: fusion needs at least one map per frame");
        }
        int n = symbols.length;
        stacks = new ImageStack[n];
        first = new int[n];
        step = new int[n];
        titles = new String[n];
        if (maps.size() == 1 && maps.get(0).getNChannels() > 1) {
            ImagePlus hyper = maps.get(0);
            ImagePlanes.requireGreyscale(hyper);
            int channels = hyper.getNChannels();
            if (channels != n) {
                throw new InvalidInputException(hyper.getTitle() + " has " + channels + " channels but " + n
                        + " element symbol(s) (" + String.join(",", symbols) + "); give one symbol per channel");
            }
            int perChannel = hyper.getStackSize() / channels;
            requireFrames(hyper.getTitle(), perChannel);
            for (int e = 0; e < n; e++) {
                stacks[e] = hyper.getStack();
                first[e] = e + 1;
                step[e] = channels;
                titles[e] = hyper.getTitle() + ":" + symbols[e];
            }
        } else {
            if (maps.size() != n) {
                throw new InvalidInputException(maps.size() + " map series but " + n + " element symbol(s) ("
                        + String.join(",", symbols) + "); give one stack per element, or one hyperstack with a "
                        + "channel per element");
            }
            for (int e = 0; e < n; e++) {
                ImagePlus m = maps.get(e);
                ImagePlanes.requireGreyscale(m);
                requireFrames(m.getTitle(), m.getStackSize());
                stacks[e] = m.getStack();
                first[e] = 1;
                step[e] = 1;
                titles[e] = m.getTitle();
            }
        }
        for (int e = 0; e < n; e++) {
            if (stacks[e].getWidth() != haadf.getWidth() || stacks[e].getHeight() != haadf.getHeight()) {
                throw new InvalidInputException(titles[e] + " is " + stacks[e].getWidth() + " x "
                        + stacks[e].getHeight() + " but the HAADF series " + haadf.getTitle() + " is "
                        + haadf.getWidth() + " x " + haadf.getHeight() + "; every frame must have the HAADF's size");
            }
        }
    }

    private void requireFrames(String title, int count) {
        if (count != frames) {
            throw new InvalidInputException(title + " has " + count + " frame(s) but the HAADF series "
                    + haadf.getTitle() + " has " + frames + "; every series needs one frame per HAADF frame");
        }
    }

    @Override
    public int frameCount() {
        return frames;
    }

    @Override
    public String[] symbols() {
        return symbols.clone();
    }

    @Override
    public FusionProblem frame(int index) {
        if (index < 0 || index >= frames) {
            throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
        }
        ImagePlane h = plane(haadf.getTitle() + ":frame " + (index + 1), haadf.getStack(), index + 1);
        List<ElementMap> maps = new ArrayList<>();
        for (int e = 0; e < symbols.length; e++) {
            maps.add(ElementMap.of(symbols[e], plane(titles[e] + ":frame " + (index + 1), stacks[e],
                    first[e] + index * step[e])));
        }
        return new FusionProblem(h, maps);
    }

    private static ImagePlane plane(String name, ImageStack stack, int slice) {
        ImageProcessor ip;
        synchronized (stack) {
            ip = stack.getProcessor(slice);
        }
        float[] px = (float[]) ip.convertToFloatProcessor().getPixels();
        if (ip instanceof FloatProcessor) {
            px = px.clone();
        }
        return new ImagePlane(name, ip.getWidth(), ip.getHeight(), px);
    }

    /** The HAADF image (its calibration goes to every result). */
    public ImagePlus haadf() {
        return haadf;
    }
}
