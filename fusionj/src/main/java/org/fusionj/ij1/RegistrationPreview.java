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
 * Live preview for the series dialog: registers the series window's current frame to the fixed frame on a
 * background thread and shows the middle slice, fixed (magenta) over moving (green), before | after, in one
 * reused window. A newer change cancels a preview still running.
 */
final class RegistrationPreview {

    private final LivePreview preview = new LivePreview("Registration preview", "fusionj-registration-preview");

    /** Registers frame {@code movingFrame} to {@code fixedFrame} (1-based) of {@code series}. */
    void update(ImagePlus series, int fixedFrame, int movingFrame, RegistrationParameters params) {
        preview.submit(token -> {
            try (RowBlocks blocks = new RowBlocks(Prefs.getThreads())) {
                Volume fixed = Volumes.frame(series, fixedFrame);
                Volume moving = Volumes.frame(series, movingFrame);
                PairRegistrar r = new PairRegistrar(params, blocks, token);
                PairResult result = r.register(r.prepare(fixed, "the fixed frame"), r.prepare(moving,
                        "the preview frame"), null);
                Volume after = r.resample(moving, fixed, result);
                preview.show(new ImagePlus("", RegistrationOverlay.of(fixed, moving, after, fixed.nz() / 2)), token);
                IJ.showStatus(String.format("Registration preview, frame %d: MSE %.5f -> %.5f (left before, right "
                        + "after; magenta fixed, green moving)", movingFrame, result.before().mse(),
                        result.after().mse()));
            }
        });
    }

    /** Stops the worker thread and closes the preview window. */
    void dispose() {
        preview.dispose();
    }
}
