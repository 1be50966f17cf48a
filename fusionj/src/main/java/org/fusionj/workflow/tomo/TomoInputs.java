package org.fusionj.workflow.tomo;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.TiltSeries;
import org.fusionj.core.tomo.TomoFusionProblem;
import org.fusionj.workflow.ImagePlanes;

/**
 * ImageJ stacks and their tilt angles to the kernels' {@link TomoFusionProblem}: one stack per series, one image
 * per tilt. The user's pixels are copied, never modified.
 */
public final class TomoInputs {

    private TomoInputs() {
    }

    /**
     * @param haadf       the HAADF tilt series
     * @param haadfAngles its tilts in degrees (stack order)
     * @param maps        one tilt series per element, in the order of {@code elements}
     * @param mapAngles   the tilts of each map series
     * @param elements    element symbols, e.g. "Au,Ag,Cu"
     */
    public static TomoFusionProblem problem(ImagePlus haadf, double[] haadfAngles, List<ImagePlus> maps,
                                            List<double[]> mapAngles, String elements) {
        String[] symbols = Elements.parseList(elements);
        if (maps.size() != symbols.length) {
            throw new InvalidInputException(symbols.length + " element(s) (" + String.join(",", symbols) + ") but "
                    + maps.size() + " chemical tilt series; give one tilt series per element, in the same order");
        }
        if (mapAngles.size() != maps.size()) {
            throw new InvalidInputException(maps.size() + " chemical tilt series but " + mapAngles.size()
                    + " angle lists; give one angle list for all of them or one per series");
        }
        TiltSeries h = series(haadf, haadfAngles);
        List<ElementTiltSeries> els = new ArrayList<>();
        for (int e = 0; e < symbols.length; e++) {
            els.add(ElementTiltSeries.of(symbols[e], series(maps.get(e), mapAngles.get(e))));
        }
        return new TomoFusionProblem(h, els);
    }

    /** One tilt series: every image of {@code imp} (its whole stack), with its angles. */
    public static TiltSeries series(ImagePlus imp, double[] angles) {
        ImagePlanes.requireGreyscale(imp);
        ImageStack stack = imp.getStack();
        int w = stack.getWidth();
        int h = stack.getHeight();
        int n = stack.getSize();
        if ((long) w * h * n > Integer.MAX_VALUE - 8) {
            throw new InvalidInputException(imp.getTitle() + ": " + w + " x " + h + " x " + n + " pixels do not fit "
                    + "a Java array; bin the tilt series");
        }
        float[] px = new float[w * h * n];
        for (int s = 1; s <= n; s++) {
            ImageProcessor ip = stack.getProcessor(s);
            float[] f = ip instanceof FloatProcessor fp ? (float[]) fp.getPixels()
                    : (float[]) ip.convertToFloatProcessor().getPixels();
            System.arraycopy(f, 0, px, (s - 1) * w * h, w * h);
        }
        return new TiltSeries(imp.getTitle(), w, h, angles, px);
    }
}
