package org.fusionj.workflow.registration;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.Volume;
import org.fusionj.workflow.ImagePlanes;

/** Conversions between ImageJ stacks and {@link Volume}s (always copies: the kernel never aliases a window). */
public final class Volumes {

    private Volumes() {
    }

    /** Frame {@code frame} (1-based) of a (hyper)stack as a volume of its slices. */
    public static Volume frame(ImagePlus imp, int frame) {
        ImageStack stack = imp.getStack();
        int w = imp.getWidth();
        int h = imp.getHeight();
        int depth = imp.getNSlices();
        float[] data = new float[w * h * depth];
        for (int z = 0; z < depth; z++) {
            int index = imp.getStackIndex(1, z + 1, frame);
            Object px = stack.getPixels(index);
            float[] f = px instanceof float[] fl ? fl
                    : (float[]) stack.getProcessor(index).convertToFloatProcessor().getPixels();
            System.arraycopy(f, 0, data, z * w * h, w * h);
        }
        return new Volume(w, h, depth, data);
    }

    /** A single 3-D volume (one frame, one channel, several slices). */
    public static Volume single(ImagePlus imp, String role) {
        ImagePlanes.requireGreyscale(imp);
        if (imp.getNChannels() > 1 || imp.getNFrames() > 1) {
            throw new InvalidInputException(role + " (" + imp.getTitle() + ") has " + imp.getNChannels()
                    + " channel(s) and " + imp.getNFrames() + " frame(s); a volume has one of each, its slices in z");
        }
        Volume v = frame(imp, 1);
        v.requireUsable3d(role + " (" + imp.getTitle() + ")");
        return v;
    }

    /** A new 32-bit stack showing a volume, with the given calibration (copied). */
    public static ImagePlus toImage(String title, Volume v, Calibration cal) {
        ImageStack stack = new ImageStack(v.nx(), v.ny());
        float[][] slices = v.toSlices();
        for (float[] s : slices) {
            stack.addSlice(new FloatProcessor(v.nx(), v.ny(), s));
        }
        ImagePlus imp = new ImagePlus(title, stack);
        if (cal != null) {
            imp.setCalibration(cal.copy());
        }
        imp.resetDisplayRange();
        return imp;
    }
}
