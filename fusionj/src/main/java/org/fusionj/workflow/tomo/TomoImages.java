package org.fusionj.workflow.tomo;

import java.util.List;
import java.util.Locale;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

import org.fusionj.core.fusion.CostLog;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.core.tomo.TomoFusionResult;
import org.fusionj.core.tomo.TomoVolumes;
import org.fusionj.workflow.fusion.ConvergencePlots;

/** The images of a tomography run: the element volumes as one hyperstack, and the convergence plots. */
public final class TomoImages {

    private TomoImages() {
    }

    /**
     * The volumes as a calibrated hyperstack: one channel per element (labelled with its symbol), {@code depth}
     * x-y slices along the beam at zero tilt (z), the images' width and height. Voxels are cubes of the tilt
     * series' pixel width.
     */
    public static ImagePlus volumes(String title, List<String> symbols, List<float[]> volumes, int width, int height,
                                    int depth, Calibration cal) {
        ImageStack stack = new ImageStack(width, height);
        int ne = symbols.size();
        float[][] stacks = new float[ne][];
        for (int e = 0; e < ne; e++) {
            stacks[e] = TomoVolumes.toDepthStack(volumes.get(e), width, height, depth);
        }
        int plane = width * height;
        for (int z = 0; z < depth; z++) {
            for (int e = 0; e < ne; e++) {
                float[] px = new float[plane];
                System.arraycopy(stacks[e], z * plane, px, 0, plane);
                stack.addSlice(symbols.get(e) + " z=" + (z + 1), new FloatProcessor(width, height, px));
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(ne, depth, 1);
        imp.setOpenAsHyperStack(true);
        Calibration c = cal == null ? new Calibration() : cal.copy();
        c.pixelDepth = c.pixelWidth;
        imp.setCalibration(c);
        ImagePlus out = ne > 1 ? new CompositeImage(imp, CompositeImage.GRAYSCALE) : imp;
        out.setCalibration(c);
        for (int e = 0; e < ne; e++) {
            out.setPosition(e + 1, depth / 2 + 1, 1);
            out.getProcessor().resetMinAndMax();
            if (out instanceof CompositeImage ci) {
                ci.getChannelProcessor().resetMinAndMax();
                ci.setDisplayRange(out.getProcessor().getMin(), out.getProcessor().getMax());
            }
        }
        out.setPosition(1, depth / 2 + 1, 1);
        return out;
    }

    /**
     * The inverse of {@link #volumes}: channel {@code channel} (1-based) of a volumes hyperstack (e.g. a saved
     * {@code volumes.tif} or {@code truth.tif}) in the solvers' layout {@code (y * depth + z) * width + x}.
     */
    public static float[] volume(ImagePlus hyperstack, int channel) {
        int w = hyperstack.getWidth();
        int h = hyperstack.getHeight();
        int d = hyperstack.getNSlices();
        float[] depthStack = new float[w * h * d];
        for (int z = 1; z <= d; z++) {
            float[] px = (float[]) hyperstack.getStack().getProcessor(hyperstack.getStackIndex(channel, z, 1))
                    .convertToFloatProcessor().getPixels();
            System.arraycopy(px, 0, depthStack, (z - 1) * w * h, w * h);
        }
        return TomoVolumes.fromDepthStack(depthStack, w, h, d);
    }

    /** The hyperstack of a result. */
    public static ImagePlus volumes(TomoFusionResult r, String title, Calibration cal) {
        return volumes(title, r.symbols(), r.volumes(), r.width(), r.height(), r.depth(), cal);
    }

    /** The three cost curves; a term the method does not have is drawn flat at 0 and says so in its title. */
    public static ConvergencePlots convergence(TomoFusionResult r, TomoFusionParameters p) {
        CostLog c = r.costs();
        String m = p.method().key();
        return new ConvergencePlots(
                plot(String.format(Locale.ROOT, "HAADF term, lambda_haadf = %.3g", p.lambdaHaadf()),
                        "1/2 ||P h - b||^2", c.haadf(), m),
                plot(String.format(Locale.ROOT, "Chemical term, lambda_chem = %.3g", p.lambdaChem()),
                        "Poisson cost", c.chem(), m),
                plot(String.format(Locale.ROOT, "TV term, lambda_tv = %.3g", p.lambdaTv()), "sum TV", c.tv(), m));
    }

    private static ij.gui.Plot plot(String title, String yLabel, double[] values, String method) {
        boolean any = false;
        for (double v : values) {
            any |= !Double.isNaN(v);
        }
        if (!any) {
            return ConvergencePlots.plot(title + " (not part of " + method + ")", yLabel, new double[values.length]);
        }
        ij.gui.Plot plot = ConvergencePlots.plot(title, yLabel, values);
        // 5% room above and below: a curve that levels off at its minimum would otherwise run along the frame.
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        double pad = hi > lo ? 0.05 * (hi - lo) : Math.max(1e-12, 0.05 * Math.abs(hi));
        plot.setLimits(1, Math.max(2, values.length), lo - pad, hi + pad);
        return plot;
    }

    /** The cost curves as CSV: {@code iteration,haadf,chem,tv}, NaN where a term is not part of the method. */
    public static String costsCsv(CostLog c) {
        StringBuilder sb = new StringBuilder("iteration,haadf,chem,tv\n");
        for (int i = 0; i < c.length(); i++) {
            sb.append(i + 1).append(',').append(num(c.haadf()[i])).append(',').append(num(c.chem()[i])).append(',')
                    .append(num(c.tv()[i])).append('\n');
        }
        return sb.toString();
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, "%.9g", v);
    }
}
