package org.fusionj.ij1;

import java.awt.Point;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.gui.ImageWindow;
import ij.gui.Roi;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.workflow.fusion.FusionJob;

/**
 * Live preview for the fusion dialog: fuses a crop (the HAADF's current rectangle ROI, else a centred
 * {@value #CROP_SIZE}-pixel square) on a background thread whenever a parameter changes, and shows the fused
 * maps in one reused window. A newer change cancels a preview still running.
 */
final class FusionPreview {

    static final int CROP_SIZE = 128;
    private static final String WINDOW_TITLE = "Fusion preview";

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fusionj-preview");
        t.setDaemon(true);
        return t;
    });
    private CancellationToken running;
    private ImagePlus shown;

    /** The region to preview: the ROI's bounds on the HAADF, else a centred square. */
    static Rectangle cropOf(ImagePlus haadf) {
        Roi roi = haadf.getRoi();
        if (roi != null && roi.isArea()) {
            return roi.getBounds().intersection(new Rectangle(haadf.getWidth(), haadf.getHeight()));
        }
        int w = Math.min(CROP_SIZE, haadf.getWidth());
        int h = Math.min(CROP_SIZE, haadf.getHeight());
        return new Rectangle((haadf.getWidth() - w) / 2, (haadf.getHeight() - h) / 2, w, h);
    }

    synchronized void update(FusionDialog.Choice c, Rectangle crop) {
        if (running != null) {
            running.cancel();
        }
        CancellationToken token = new CancellationToken();
        running = token;
        ImagePlus haadf = crop(c.haadf(), crop);
        List<ImagePlus> maps = new ArrayList<>();
        for (ImagePlus m : c.maps()) {
            maps.add(crop(m, crop));
        }
        worker.submit(() -> {
            try {
                FusionJob.Outcome o = new FusionJob(c.params(), Prefs.getThreads()).cancellation(token)
                        .run(haadf, maps, c.elements());
                show(o.images().fusedMaps(), token);
            } catch (CancelledException superseded) {
                // a newer preview is on its way
            } catch (InvalidInputException | java.io.IOException e) {
                IJ.showStatus("Fusion preview: " + e.getMessage());
            }
        });
    }

    private static ImagePlus crop(ImagePlus imp, Rectangle r) {
        if (r.width == imp.getWidth() && r.height == imp.getHeight()) {
            return imp;
        }
        ImageStack s = imp.getStack().crop(r.x, r.y, 0, r.width, r.height, imp.getStackSize());
        ImagePlus out = new ImagePlus(imp.getTitle(), s);
        out.setCalibration(imp.getCalibration());
        return out;
    }

    private synchronized void show(ImagePlus fused, CancellationToken token) {
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
        fused.setTitle(WINDOW_TITLE);
        if (location != null) {
            ImageWindow.setNextLocation(location);
        }
        fused.show();
        shown = fused;
    }

    synchronized void close() {
        if (running != null) {
            running.cancel();
        }
        if (shown != null) {
            shown.changes = false;
            shown.close();
            shown = null;
        }
    }

    /** Stops the worker thread; the preview cannot be used afterwards. */
    synchronized void dispose() {
        close();
        worker.shutdownNow();
    }
}
