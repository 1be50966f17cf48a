package org.fusionj.ij1;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;

import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.FusionJob;

/**
 * Live preview for the fusion dialog: fuses a crop (the HAADF's current rectangle ROI, else a centred
 * {@value #CROP_SIZE}-pixel square) on a background thread whenever a parameter changes, and shows the fused
 * maps in one reused window. A newer change cancels a preview still running.
 */
final class FusionPreview {

    static final int CROP_SIZE = 128;

    private final LivePreview preview = new LivePreview("Fusion preview", "fusionj-preview");

    /** The region to preview: the ROI's bounds on the HAADF, else a centred square. */
    static Rectangle cropOf(ImagePlus haadf) {
        return LivePreview.cropRegion(haadf, CROP_SIZE);
    }

    void update(FusionDialog.Choice c, Rectangle crop) {
        ImagePlus haadf = crop(c.haadf(), crop);
        List<ImagePlus> maps = new ArrayList<>();
        for (ImagePlus m : c.maps()) {
            maps.add(crop(m, crop));
        }
        preview.submit(token -> {
            FusionJob.Outcome o = new FusionJob(c.params(), RunContext.threads(Prefs.getThreads())
                    .cancellation(token)).automatic(c.auto()).run(haadf, maps, c.elements());
            preview.show(o.images().fusedMaps(), token);
            if (o.auto() != null) {
                // The preview's choice is made on the crop; the run chooses again on the whole image.
                ij.IJ.showStatus("Preview: " + o.autoSummary());
            }
        });
    }

    /** The region of every slice, calibration kept; the image itself when the region is all of it. */
    private static ImagePlus crop(ImagePlus imp, Rectangle r) {
        if (r.width == imp.getWidth() && r.height == imp.getHeight()) {
            return imp;
        }
        ImageStack s = imp.getStack().crop(r.x, r.y, 0, r.width, r.height, imp.getStackSize());
        ImagePlus out = new ImagePlus(imp.getTitle(), s);
        out.setCalibration(imp.getCalibration());
        return out;
    }

    void close() {
        preview.close();
    }

    /** Stops the worker thread; the preview cannot be used afterwards. */
    void dispose() {
        preview.dispose();
    }
}
