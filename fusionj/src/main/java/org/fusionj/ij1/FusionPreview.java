package org.fusionj.ij1;

import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.measure.Calibration;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.fusion.ElementMap;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.workflow.ImagePlanes;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.FusionJob;
import org.fusionj.workflow.fusion.SeriesInputs;

/**
 * Live preview for the fusion dialog: fuses a crop (the HAADF's current rectangle ROI, else a centred
 * {@value #CROP_SIZE}-pixel square) on a background thread whenever a parameter changes, and shows the fused
 * maps in one reused window. For a series, the frame shown in the HAADF window is previewed. A newer change cancels
 * a preview still running.
 */
final class FusionPreview {

    static final int CROP_SIZE = 128;

    private final LivePreview preview = new LivePreview("Fusion preview", "fusionj-preview");

    /** The region to preview: the ROI's bounds on the HAADF, else a centred square. */
    static Rectangle cropOf(ImagePlus haadf) {
        return LivePreview.cropRegion(haadf, CROP_SIZE);
    }

    void update(FusionDialog.Choice c, Rectangle crop) {
        List<ImagePlus> source = new ArrayList<>(c.maps());
        ImagePlus original = c.haadf();
        if (original.getStackSize() > 1) {
            source = currentFrame(c);
            original = source.remove(source.size() - 1);
        }
        ImagePlus haadf = crop(original, crop);
        List<ImagePlus> maps = new ArrayList<>();
        for (ImagePlus m : source) {
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

    /**
     * A series' frame shown in the HAADF window (the frame the user looks at): one image per element, then the
     * HAADF, each a copy of that frame with the HAADF's calibration.
     */
    private static List<ImagePlus> currentFrame(FusionDialog.Choice c) {
        SeriesInputs series = new SeriesInputs(c.haadf(), c.maps(), c.elements());
        FusionProblem frame = series.frame(c.haadf().getCurrentSlice() - 1);
        Calibration cal = c.haadf().getCalibration();
        List<ImagePlus> images = new ArrayList<>();
        for (ElementMap m : frame.maps()) {
            ImagePlane p = m.image();
            images.add(ImagePlanes.toImagePlus(m.symbol(), p.pixels(), p.width(), p.height(), cal));
        }
        ImagePlane h = frame.haadf();
        images.add(ImagePlanes.toImagePlus(c.haadf().getTitle(), h.pixels(), h.width(), h.height(), cal));
        return images;
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
