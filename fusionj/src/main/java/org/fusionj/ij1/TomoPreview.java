package org.fusionj.ij1;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.Prefs;
import ij.gui.Roi;

import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.tomo.TomoFusionJob;
import org.fusionj.workflow.tomo.TomoImages;
import org.fusionj.workflow.tomo.TomoSlab;

/**
 * Live preview for the Fused Multi-Modal Tomography dialog: reconstructs a slab of a few slices along the tilt axis
 * (the rows of the HAADF's area ROI, at most {@value TomoSlab#MAX_ROWS}; else {@value TomoSlab#DEFAULT_ROWS} rows
 * around the middle) with the dialog's parameters, on a background thread, and shows its x-z sections (the
 * tomographic slices, one channel per element) in one reused window. A newer change cancels a preview still
 * running; everything but reading the dialog runs off the event thread.
 */
final class TomoPreview implements DialogForm.Preview {

    static final String TITLE = "Tomography preview";

    private final LivePreview preview = new LivePreview(TITLE, "fusionj-tomo-preview");

    /** The slab of the HAADF's area ROI's rows, else of the middle rows. */
    static TomoSlab slabOf(ImagePlus haadf) {
        Roi roi = haadf.getRoi();
        if (roi != null && roi.isArea()) {
            java.awt.Rectangle r = roi.getBounds();
            return TomoSlab.of(haadf.getHeight(), r.y, r.y + r.height);
        }
        return TomoSlab.of(haadf.getHeight(), null, null);
    }

    /** Reads the inputs (images, angle files, parameters) on the worker, reconstructs the slab and shows it. */
    @Override
    public void update(Map<String, String> values) {
        preview.submit(token -> {
            FusedTomographyPlugin.Inputs in = FusedTomographyPlugin.inputs(values);
            TomoSlab slab = slabOf(in.haadf());
            List<ImagePlus> maps = new ArrayList<>();
            for (ImagePlus m : in.maps()) {
                maps.add(slab.crop(m));
            }
            long start = System.nanoTime();
            TomoFusionJob.Outcome o = new TomoFusionJob(in.params(), RunContext.threads(Prefs.getThreads())
                    .cancellation(token)).run(slab.crop(in.haadf()), in.haadfAngles(), maps, in.mapAngles(),
                    in.elements());
            ImagePlus sections = TomoImages.xzSections(o.result(), TITLE, in.haadf().getCalibration(), slab.y0());
            preview.show(sections, token);
            if (!token.isCancelled()) {
                IJ.showStatus(String.format(Locale.ROOT, "%s: x-z sections of %s (%s) in %.1f s", TITLE,
                        slab.label(), in.params().method().key(), (System.nanoTime() - start) / 1e9));
            }
        });
    }

    @Override
    public void close() {
        preview.close();
    }

    /** Stops the worker thread; the preview cannot be used afterwards. */
    @Override
    public void dispose() {
        preview.dispose();
    }
}
