package org.fusionj.workflow.fusion;

import java.awt.Color;
import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.LUT;

import org.fusionj.core.fusion.FusionResult;
import org.fusionj.workflow.ImagePlanes;

/**
 * The result images a user sees: the fused maps as one composite stack (one colour per element), the model
 * HAADF, and the convergence plots. No window is opened here; front-ends decide whether to show them.
 *
 * @param fusedMaps   composite stack, one channel per element, labelled with the element symbol
 * @param modelHaadf  the model HAADF {@code A x^gamma}
 * @param convergence the three cost curves
 */
public record FusionImages(ImagePlus fusedMaps, ImagePlus modelHaadf, ConvergencePlots convergence) {

    /** Channel colours in element order: the primaries first so that three-element maps read as RGB. */
    private static final Color[] CHANNEL_COLOURS = {
        Color.RED, Color.GREEN, Color.BLUE, Color.CYAN, Color.MAGENTA, Color.YELLOW, Color.ORANGE, Color.PINK,
    };

    /**
     * @param result      the solver's result
     * @param cal         calibration to give every image (the HAADF's); may be null
     * @param sourceTitle title of the HAADF image, used in the result titles
     */
    public static FusionImages of(FusionResult result, Calibration cal, String sourceTitle,
                                  ConvergencePlots convergence) {
        ImagePlus fused = fusedStack(result, cal, sourceTitle);
        ImagePlus model = ImagePlanes.toImagePlus("Model HAADF of " + sourceTitle, result.modelHaadf().clone(),
                result.width(), result.height(), cal);
        fused.setProp(RESULT, "fused maps");
        model.setProp(RESULT, "model HAADF");
        return new FusionImages(fused, model, convergence);
    }

    /** The property FusionJ's result images carry, so that no dialog offers them as input (e.g. as maps). */
    public static final String RESULT = "FusionJ.result";

    private static ImagePlus fusedStack(FusionResult result, Calibration cal, String sourceTitle) {
        int w = result.width();
        int h = result.height();
        List<String> symbols = result.symbols();
        ImageStack stack = new ImageStack(w, h);
        for (int e = 0; e < symbols.size(); e++) {
            stack.addSlice(symbols.get(e), new FloatProcessor(w, h, result.fusedMaps().get(e).clone()));
        }
        ImagePlus imp = new ImagePlus("Fused maps of " + sourceTitle, stack);
        if (cal != null) {
            imp.setCalibration(cal.copy());
        }
        int n = symbols.size();
        if (n == 1) {
            imp.getProcessor().resetMinAndMax();
            return imp;
        }
        imp.setDimensions(n, 1, 1);
        CompositeImage composite = new CompositeImage(imp, CompositeImage.COMPOSITE);
        for (int c = 1; c <= n; c++) {
            LUT lut = LUT.createLutFromColor(CHANNEL_COLOURS[(c - 1) % CHANNEL_COLOURS.length]);
            double max = max(result.fusedMaps().get(c - 1));
            lut.min = 0;
            lut.max = max > 0 ? max : 1;
            composite.setChannelLut(lut, c);
        }
        composite.setProperty("Info", "Fused multi-modal EM maps: " + String.join(", ", symbols));
        return composite;
    }

    /**
     * A hyperstack with a channel per element (any number of frames) as a composite, one colour per element as in
     * a single fusion, each channel displayed from 0 to its maximum over every frame; one element: the image.
     */
    static ImagePlus coloured(ImagePlus hyper, String[] symbols) {
        int n = symbols.length;
        if (n == 1) {
            hyper.getProcessor().resetMinAndMax();
            return hyper;
        }
        CompositeImage composite = new CompositeImage(hyper, CompositeImage.COMPOSITE);
        ImageStack stack = hyper.getStack();
        for (int c = 1; c <= n; c++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int slice = c; slice <= stack.getSize(); slice += n) {
                max = Math.max(max, max((float[]) stack.getPixels(slice)));
            }
            LUT lut = LUT.createLutFromColor(CHANNEL_COLOURS[(c - 1) % CHANNEL_COLOURS.length]);
            lut.min = 0;
            lut.max = max > 0 ? max : 1;
            composite.setChannelLut(lut, c);
        }
        composite.setProperty("Info", "Fused multi-modal EM maps: " + String.join(", ", symbols) + "; "
                + hyper.getNFrames() + " frame(s)");
        return composite;
    }

    private static double max(float[] px) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : px) {
            m = Math.max(m, v);
        }
        return m;
    }
}
