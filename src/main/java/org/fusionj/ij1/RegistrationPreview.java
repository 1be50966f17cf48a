package org.fusionj.ij1;

import java.awt.Point;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.ImageWindow;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
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

    private static final String WINDOW_TITLE = "Registration preview";

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fusionj-registration-preview");
        t.setDaemon(true);
        return t;
    });
    private CancellationToken running;
    private ImagePlus shown;

    /** Registers frame {@code movingFrame} to {@code fixedFrame} (1-based) of {@code series}. */
    synchronized void update(ImagePlus series, int fixedFrame, int movingFrame, RegistrationParameters params) {
        if (running != null) {
            running.cancel();
        }
        CancellationToken token = new CancellationToken();
        running = token;
        worker.submit(() -> {
            try (RowBlocks blocks = new RowBlocks(Prefs.getThreads())) {
                Volume fixed = Volumes.frame(series, fixedFrame);
                Volume moving = Volumes.frame(series, movingFrame);
                PairRegistrar r = new PairRegistrar(params, blocks, token);
                PairResult result = r.register(r.prepare(fixed, "the fixed frame"), r.prepare(moving,
                        "the preview frame"), null);
                Volume after = r.resample(moving, fixed, result);
                ImagePlus imp = new ImagePlus(WINDOW_TITLE, RegistrationOverlay.of(fixed, moving, after,
                        fixed.nz() / 2));
                show(imp, token);
                IJ.showStatus(String.format("Registration preview, frame %d: MSE %.5f -> %.5f (left before, right "
                        + "after; magenta fixed, green moving)", movingFrame, result.before().mse(),
                        result.after().mse()));
            } catch (CancelledException superseded) {
                // a newer preview is on its way
            } catch (InvalidInputException e) {
                IJ.showStatus("Registration preview: " + e.getMessage());
            }
        });
    }

    private synchronized void show(ImagePlus imp, CancellationToken token) {
        if (token.isCancelled()) {
            return;
        }
        Point location = null;
        if (shown != null && shown.getWindow() != null) {
            ImageWindow win = shown.getWindow();
            location = win.getLocation();
            shown.changes = false;
            shown.close();
        }
        if (location != null) {
            ImageWindow.setNextLocation(location);
        }
        imp.show();
        shown = imp;
    }

    /** Stops the worker thread and closes the preview window. */
    synchronized void dispose() {
        if (running != null) {
            running.cancel();
        }
        if (shown != null) {
            shown.changes = false;
            shown.close();
            shown = null;
        }
        worker.shutdownNow();
    }
}
