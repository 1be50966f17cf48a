package org.fusionj.workflow;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;

/** Conversions between ImageJ images and the kernels' {@link ImagePlane}; the user's pixels are always copied. */
public final class ImagePlanes {

    private ImagePlanes() {
    }

    /** The single 2-D image of {@code imp} as float pixels; refuses colour images and stacks. */
    public static ImagePlane fromSingleImage(ImagePlus imp) {
        requireGreyscale(imp);
        if (imp.getStackSize() > 1) {
            throw new InvalidInputException(imp.getTitle() + " is a stack of " + imp.getStackSize()
                    + " images; a single 2-D image is expected here");
        }
        return fromProcessor(imp.getTitle(), imp.getProcessor());
    }

    /** Every slice of {@code imp} as a plane named "title:label" (or "title:slice N"). */
    public static List<ImagePlane> fromSlices(ImagePlus imp) {
        requireGreyscale(imp);
        ImageStack stack = imp.getStack();
        if (stack.getSize() == 0) {
            throw new InvalidInputException(imp.getTitle() + " is an empty stack");
        }
        List<ImagePlane> planes = new ArrayList<>();
        for (int s = 1; s <= stack.getSize(); s++) {
            String label = stack.getShortSliceLabel(s);
            String name = imp.getTitle() + ":" + (label == null || label.isBlank() ? "slice " + s : label);
            planes.add(fromProcessor(name, stack.getProcessor(s)));
        }
        return planes;
    }

    private static ImagePlane fromProcessor(String name, ImageProcessor ip) {
        float[] px = (float[]) ip.convertToFloatProcessor().getPixels();
        if (ip instanceof FloatProcessor) {
            px = px.clone();
        }
        return new ImagePlane(name, ip.getWidth(), ip.getHeight(), px);
    }

    /** Refuses RGB and indexed-colour images, whose pixel values are not a signal. */
    public static void requireGreyscale(ImagePlus imp) {
        if (imp == null) {
            throw new InvalidInputException("no image given");
        }
        int type = imp.getType();
        if (type == ImagePlus.COLOR_RGB) {
            throw new InvalidInputException(imp.getTitle() + " is an RGB colour image; FusionJ needs the measured "
                    + "signal as grey values (if this is a grey image saved as RGB, use Image > Type > 32-bit)");
        }
        // ImageJ marks only files read as indexed colour COLOR_256; an 8-bit image given a palette in memory
        // stays GRAY8, so the LUT itself is checked (a monotonic display LUT such as Fire is fine).
        boolean palette = type == ImagePlus.GRAY8 && imp.getProcessor() != null
                && imp.getProcessor().isColorLut() && !imp.getProcessor().isPseudoColorLut();
        if (type == ImagePlus.COLOR_256 || palette) {
            throw new InvalidInputException(imp.getTitle() + " is an 8-bit indexed-colour image; FusionJ needs the "
                    + "measured signal as grey values (convert it with Image > Type > 32-bit if the indices are "
                    + "the signal)");
        }
    }

    /** A new 32-bit image of {@code pixels} (not copied) with the given calibration. */
    public static ImagePlus toImagePlus(String title, float[] pixels, int width, int height, Calibration cal) {
        ImagePlus imp = new ImagePlus(title, new FloatProcessor(width, height, pixels));
        if (cal != null) {
            imp.setCalibration(cal.copy());
        }
        imp.getProcessor().resetMinAndMax();
        return imp;
    }
}
