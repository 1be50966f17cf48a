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
import org.fusionj.core.tomo.TomoMethod;
import org.fusionj.core.tomo.TomoVolumes;
import org.fusionj.workflow.fusion.ConvergencePlots;

/** The images of a tomography run: the element volumes as one hyperstack, and the convergence plots. */
public final class TomoImages {

    private TomoImages() {
    }

    /**
     * The volumes as a calibrated hyperstack: one channel per element (labelled with its symbol), {@code depth}
     * x-y slices along the beam at zero tilt (z), the images' width and height. Voxels: the tilt series' pixel
     * width and height, and its pixel width along z (the detector pixel: cubes for square pixels).
     */
    public static ImagePlus volumes(String title, List<String> symbols, List<float[]> volumes, int width, int height,
                                    int depth, Calibration cal) {
        for (float[] v : volumes) {
            if ((long) width * height * depth != v.length) {
                throw new IllegalArgumentException("volume of " + v.length + " voxels is not " + width + " x "
                        + height + " x " + depth);
            }
        }
        Calibration c = calibration(cal);
        // Each x-y image copied straight from the solvers' layout (y * depth + z) * width + x: no depth-ordered copy
        // of every volume beside the images (n_e volumes less at the hyperstack's peak; the same pixels as
        // TomoVolumes.toDepthStack gives).
        return composite(title, symbols, (e, z, px) -> {
            float[] v = volumes.get(e);
            for (int y = 0; y < height; y++) {
                System.arraycopy(v, (y * depth + z) * width, px, y * width, width);
            }
        }, width, height, depth, "z", 1, c, c.pixelWidth, c.pixelHeight, c.pixelWidth);
    }

    /** Fills image {@code k} of channel {@code e} of a hyperstack being built. */
    private interface PlaneSource {
        void copy(int e, int k, float[] px);
    }

    private static ImagePlus composite(String title, List<String> symbols, float[][] stacks, int w, int h, int n,
                                       String axis, int first, Calibration cal, double pixelWidth, double pixelHeight,
                                       double pixelDepth) {
        int plane = w * h;
        return composite(title, symbols, (e, k, px) -> System.arraycopy(stacks[e], k * plane, px, 0, plane), w, h, n,
                axis, first, cal, pixelWidth, pixelHeight, pixelDepth);
    }

    /**
     * The x-z sections of a result (ImageJ's XZ reslice): one image per slice along the tilt axis (y), each the
     * width (x) by the depth (z, along the beam at zero tilt), one channel per element, cubic voxels of the tilt
     * series' pixel width. A slice is what the projector reconstructs on its own: the tomogram's natural view.
     */
    public static ImagePlus xzSections(TomoFusionResult r, String title, Calibration cal) {
        return xzSections(r, title, cal, 0);
    }

    /** The same for a slab whose first slice is row {@code y0} of the tilt images (the slice labels say y). */
    public static ImagePlus xzSections(TomoFusionResult r, String title, Calibration cal, int y0) {
        // The solvers' layout (y * depth + z) * width + x is already a stack of x-z images.
        float[][] stacks = r.volumes().toArray(float[][]::new);
        Calibration c = calibration(cal);
        return composite(title, r.symbols(), stacks, r.width(), r.depth(), r.height(), "y", y0, c, c.pixelWidth,
                c.pixelWidth, c.pixelHeight);
    }

    /**
     * The y-z sections of a result (ImageJ's YZ view, as Orthogonal Views draws it): one image per column x, each
     * the depth (z, horizontal) by the height (y), one channel per element, cubic voxels.
     */
    public static ImagePlus yzSections(TomoFusionResult r, String title, Calibration cal) {
        int w = r.width();
        int h = r.height();
        int d = r.depth();
        int ne = r.elementCount();
        float[][] stacks = new float[ne][w * h * d];
        for (int e = 0; e < ne; e++) {
            float[] v = r.volumes().get(e);
            float[] out = stacks[e];
            for (int y = 0; y < h; y++) {
                for (int z = 0; z < d; z++) {
                    int src = (y * d + z) * w;
                    for (int x = 0; x < w; x++) {
                        out[(x * h + y) * d + z] = v[src + x];
                    }
                }
            }
        }
        Calibration c = calibration(cal);
        return composite(title, r.symbols(), stacks, d, h, w, "x", 0, c, c.pixelWidth, c.pixelHeight, c.pixelWidth);
    }

    /**
     * A hyperstack of {@code n} images of {@code w x h} per element (channel {@code e} from {@code stacks[e]},
     * image after image), slices labelled "Au z=1" (counted from {@code first}: 1 for slices, 0 or a slab's first
     * row for image coordinates), calibrated with the given pixel sizes in {@code cal}'s unit;
     * each channel's display range set on its middle image.
     */
    private static ImagePlus composite(String title, List<String> symbols, PlaneSource planes, int w, int h, int n,
                                       String axis, int first, Calibration cal, double pixelWidth, double pixelHeight,
                                       double pixelDepth) {
        ImageStack stack = new ImageStack(w, h);
        int ne = symbols.size();
        int plane = w * h;
        for (int k = 0; k < n; k++) {
            for (int e = 0; e < ne; e++) {
                float[] px = new float[plane];
                planes.copy(e, k, px);
                stack.addSlice(symbols.get(e) + " " + axis + "=" + (k + first), new FloatProcessor(w, h, px));
            }
        }
        ImagePlus imp = new ImagePlus(title, stack);
        imp.setDimensions(ne, n, 1);
        imp.setOpenAsHyperStack(true);
        Calibration c = cal.copy();
        c.pixelWidth = pixelWidth;
        c.pixelHeight = pixelHeight;
        c.pixelDepth = pixelDepth;
        imp.setCalibration(c);
        ImagePlus out = ne > 1 ? new CompositeImage(imp, CompositeImage.GRAYSCALE) : imp;
        out.setCalibration(c);
        for (int e = 0; e < ne; e++) {
            out.setPosition(e + 1, n / 2 + 1, 1);
            out.getProcessor().resetMinAndMax();
            if (out instanceof CompositeImage ci) {
                ci.getChannelProcessor().resetMinAndMax();
                ci.setDisplayRange(out.getProcessor().getMin(), out.getProcessor().getMax());
            }
        }
        out.setPosition(1, n / 2 + 1, 1);
        return out;
    }

    /** A copy of the tilt series' calibration (a blank one when there is none). */
    private static Calibration calibration(Calibration cal) {
        return cal == null ? new Calibration() : cal.copy();
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

    /**
     * The three cost curves; a term the method does not have is drawn flat at 0 and says so in its title. The
     * chemical curve of {@code chemical_sirt} is SIRT's least-squares residual (no lambda_chem), the others' the
     * Poisson (KL) cost.
     */
    public static ConvergencePlots convergence(TomoFusionResult r, TomoFusionParameters p) {
        CostLog c = r.costs();
        String m = p.method().key();
        boolean sirt = r.method() == TomoMethod.CHEMICAL_SIRT;
        return new ConvergencePlots(
                plot(String.format(Locale.ROOT, "HAADF term, lambda_haadf = %.3g", p.lambdaHaadf()),
                        "1/2 ||P h - b||^2", c.haadf(), m),
                sirt ? plot("Chemical term, SIRT's least-squares residual", "1/2 ||P x - b||^2", c.chem(), m)
                        : plot(String.format(Locale.ROOT, "Chemical term, lambda_chem = %.3g", p.lambdaChem()),
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
