package org.fusionj.ij1;

import java.awt.Point;
import java.awt.Rectangle;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.ImageWindow;
import ij.gui.Roi;
import ij.process.ImageProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.workflow.dictionary.EnhanceJob;

/**
 * Live preview for the enhancement dialog: enhances a crop of the TXM's current slice (its rectangle ROI, else a
 * centred {@value #CROP_SIZE}-pixel square) on a background thread whenever a parameter changes, and shows it in
 * one reused window. A newer change cancels a preview still running.
 */
final class DictionaryPreview {

    static final int CROP_SIZE = 128;
    private static final String WINDOW_TITLE = "Dictionary preview";

    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "fusionj-dictionary-preview");
        t.setDaemon(true);
        return t;
    });
    private CancellationToken running;
    private ImagePlus shown;

    synchronized void update(EnhanceWithDictionaryPlugin.Choice c) {
        if (running != null) {
            running.cancel();
        }
        CancellationToken token = new CancellationToken();
        running = token;
        ImagePlus crop = crop(c.txm());
        worker.submit(() -> {
            try {
                EnhanceJob.Outcome o = new EnhanceJob(c.dictionary(), c.settings(), Prefs.getThreads())
                        .cancellation(token).matchPixelSize(c.matchPixelSize()).run(crop);
                show(o.enhanced(), token);
            } catch (CancelledException superseded) {
                // a newer preview is on its way
            } catch (InvalidInputException | java.io.IOException e) {
                IJ.showStatus("Dictionary preview: " + e.getMessage());
            }
        });
    }

    private static ImagePlus crop(ImagePlus txm) {
        Roi roi = txm.getRoi();
        Rectangle r;
        if (roi != null && roi.isArea()) {
            r = roi.getBounds().intersection(new Rectangle(txm.getWidth(), txm.getHeight()));
        } else {
            int w = Math.min(CROP_SIZE, txm.getWidth());
            int h = Math.min(CROP_SIZE, txm.getHeight());
            r = new Rectangle((txm.getWidth() - w) / 2, (txm.getHeight() - h) / 2, w, h);
        }
        ImageProcessor ip = txm.getProcessor().duplicate();
        ip.setRoi(r);
        ImagePlus out = new ImagePlus(txm.getTitle(), ip.crop());
        out.setCalibration(txm.getCalibration());
        return out;
    }

    private synchronized void show(ImagePlus enhanced, CancellationToken token) {
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
        enhanced.setTitle(WINDOW_TITLE);
        if (location != null) {
            ImageWindow.setNextLocation(location);
        }
        enhanced.show();
        shown = enhanced;
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
