package org.fusionj.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.registration.PairRegistrar;
import org.fusionj.core.registration.PairResult;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.Volume;
import org.fusionj.workflow.registration.Volumes;

/**
 * Live preview for the series dialog: registers the series window's current frame (of a 2-D stack: its current
 * image) to the fixed one on a background thread and shows the middle slice, fixed (magenta) over moving (green),
 * before | after, in one reused window. A newer change cancels a preview still running.
 */
final class RegistrationPreview {

    private final LivePreview preview = new LivePreview("Registration preview", "fusionj-registration-preview");

    /**
     * Registers frame {@code movingFrame} to {@code fixedFrame} (1-based) of {@code series}; of a 2-D stack (one
     * image per energy, as slices or frames: {@code twoD}) image {@code movingFrame} to image {@code fixedFrame},
     * with the planar transforms the run uses.
     */
    void update(ImagePlus series, int fixedFrame, int movingFrame, RegistrationParameters params, boolean twoD) {
        preview.submit(token -> {
            try (RowBlocks blocks = new RowBlocks(Prefs.getThreads())) {
                Volume fixed = twoD ? image(series, fixedFrame) : Volumes.frame(series, fixedFrame);
                Volume moving = twoD ? image(series, movingFrame) : Volumes.frame(series, movingFrame);
                PairRegistrar r = new PairRegistrar(params, blocks, token);
                PairResult result = r.register(r.prepare(fixed, "the fixed frame"), r.prepare(moving,
                        "the preview frame"), null);
                Volume after = r.resample(moving, fixed, result);
                preview.show(new ImagePlus("", RegistrationOverlay.of(fixed, moving, after, fixed.nz() / 2)), token);
                IJ.showStatus(String.format("Registration preview, %s %d: MSE %.5f -> %.5f (left before, right "
                        + "after; magenta fixed, green moving)", twoD ? "image" : "frame", movingFrame,
                        result.before().mse(), result.after().mse()));
            }
        });
    }

    /** Image {@code index} (1-based) of a 2-D stack (one channel: the stack index) as a volume of depth 1. */
    private static Volume image(ImagePlus stack, int index) {
        float[] px = (float[]) stack.getStack().getProcessor(index).convertToFloatProcessor().getPixels();
        return new Volume(stack.getWidth(), stack.getHeight(), 1, px.clone());
    }

    /** Cancels a running preview and closes its window (the preview box was cleared). */
    void close() {
        preview.close();
    }

    /** Stops the worker thread and closes the preview window. */
    void dispose() {
        preview.dispose();
    }
}
