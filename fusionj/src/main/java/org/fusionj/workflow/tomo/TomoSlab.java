package org.fusionj.workflow.tomo;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;

import org.fusionj.core.InvalidInputException;

/**
 * A slab of a few slices along the tilt axis (rows {@code y0 .. y0 + rows - 1} of every tilt image): the projector
 * works slice by slice along the tilt axis, so the slab is a reconstruction problem of its own, small enough for a
 * live preview. It is not quite the whole run's problem: the 3-D TV sees the slab's ends as boundaries, and the
 * volumes and the Poisson offset are scaled by the slab's own data (an element absent from the slab is scaled up
 * to its noise); docs/fusion-tomography.md gives the measured difference.
 *
 * @param y0   first row (slice) of the slab, 0-based
 * @param rows number of rows
 */
public record TomoSlab(int y0, int rows) {

    /** Slices a preview reconstructs when the HAADF has no area ROI. */
    public static final int DEFAULT_ROWS = 8;
    /** The most slices a preview reconstructs (a taller ROI is cut to its middle rows). */
    public static final int MAX_ROWS = 32;

    public TomoSlab {
        if (y0 < 0 || rows < 1) {
            throw new IllegalArgumentException("slab rows " + y0 + " + " + rows);
        }
    }

    /**
     * The slab of images {@code height} rows tall: rows {@code from .. to - 1} (e.g. an ROI's) clipped to the
     * images and cut to their middle {@link #MAX_ROWS}; {@link #DEFAULT_ROWS} around the middle when the range is
     * null or empty.
     */
    public static TomoSlab of(int height, Integer from, Integer to) {
        int a = from == null ? 0 : Math.max(0, from);
        int b = to == null ? 0 : Math.min(height, to);
        if (b <= a) {
            int n = Math.min(DEFAULT_ROWS, height);
            return new TomoSlab((height - n) / 2, n);
        }
        int n = Math.min(MAX_ROWS, b - a);
        return new TomoSlab(a + (b - a - n) / 2, n);
    }

    /**
     * The slab's rows of every image of {@code imp} (a tilt series): slice labels (which may hold the angles) and
     * calibration kept; the image itself when the slab is all of it.
     */
    public ImagePlus crop(ImagePlus imp) {
        if (y0 + rows > imp.getHeight()) {
            throw new InvalidInputException(imp.getTitle() + ": the preview slab (" + label() + ") does not fit "
                    + "images " + imp.getHeight() + " rows tall");
        }
        if (y0 == 0 && rows == imp.getHeight()) {
            return imp;
        }
        ImageStack src = imp.getStack();
        ImageStack out = new ImageStack(imp.getWidth(), rows);
        for (int s = 1; s <= src.getSize(); s++) {
            ImageProcessor ip = src.getProcessor(s);
            ip.setRoi(0, y0, imp.getWidth(), rows);
            out.addSlice(src.getSliceLabel(s), ip.crop());
        }
        ImagePlus c = new ImagePlus(imp.getTitle(), out);
        c.setCalibration(imp.getCalibration());
        return c;
    }

    /** "y = 60 to 67": the slab's rows in ImageJ's (0-based) pixel coordinates. */
    public String label() {
        return "y = " + y0 + " to " + (y0 + rows - 1);
    }
}
