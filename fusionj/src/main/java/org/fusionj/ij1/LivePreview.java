package org.fusionj.ij1;

import java.awt.Point;
import java.awt.Rectangle;
import java.io.IOException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.ImageWindow;
import ij.gui.Roi;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;

/**
 * What the dialogs' live previews share: one daemon worker thread, a newer request cancels the one still running,
 * refused input goes to the status bar, and each result replaces the previous preview window at the same place.
 */
final class LivePreview {

    /** One preview computation; it shows its result with {@link LivePreview#show}. */
    interface Task {
        void run(CancellationToken token) throws IOException;
    }

    private final String title;
    private final ExecutorService worker;
    private CancellationToken running;
    private ImagePlus shown;

    /** @param title the preview window's title, also the prefix of its status messages */
    LivePreview(String title, String threadName) {
        this.title = title;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** The region to preview: the image's area ROI (clipped to the image), else a centred square of {@code size}. */
    static Rectangle cropRegion(ImagePlus imp, int size) {
        Roi roi = imp.getRoi();
        if (roi != null && roi.isArea()) {
            return roi.getBounds().intersection(new Rectangle(imp.getWidth(), imp.getHeight()));
        }
        int w = Math.min(size, imp.getWidth());
        int h = Math.min(size, imp.getHeight());
        return new Rectangle((imp.getWidth() - w) / 2, (imp.getHeight() - h) / 2, w, h);
    }

    /** Cancels the preview still running and runs {@code task} on the worker. */
    synchronized void submit(Task task) {
        if (running != null) {
            running.cancel();
        }
        CancellationToken token = new CancellationToken();
        running = token;
        worker.submit(() -> {
            try {
                task.run(token);
            } catch (CancelledException superseded) {
                // a newer preview is on its way
            } catch (InvalidInputException | IOException e) {
                IJ.showStatus(title + ": " + e.getMessage());
            }
        });
    }

    /** Shows {@code result} in place of the previous preview, unless a newer request has cancelled its run. */
    synchronized void show(ImagePlus result, CancellationToken token) {
        if (token.isCancelled()) {
            return;
        }
        Point location = null;
        if (shown != null && shown.getWindow() != null) {
            location = shown.getWindow().getLocation();
            shown.changes = false;
            shown.close();
        }
        result.setTitle(title);
        if (location != null) {
            ImageWindow.setNextLocation(location);
        }
        result.show();
        shown = result;
    }

    /** Cancels the running preview and closes its window. */
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

    /** Closes the preview and stops the worker thread; the preview cannot be used afterwards. */
    synchronized void dispose() {
        close();
        worker.shutdownNow();
    }
}
