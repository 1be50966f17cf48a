package org.fusionj.ij1;

import java.awt.Rectangle;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.Prefs;
import ij.measure.Calibration;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.fusion.ElementMap;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.workflow.ImagePlanes;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.FileSeriesInputs;
import org.fusionj.workflow.fusion.FusionJob;
import org.fusionj.workflow.fusion.SeriesInputs;

/**
 * Live preview for the fusion dialog: fuses a crop (the HAADF's current rectangle ROI, else a centred
 * {@value #CROP_SIZE}-pixel square) on a background thread whenever a parameter changes, and shows the fused
 * maps in one reused window. For a series, the frame shown in the HAADF window is previewed; for a series kept in
 * files, its first frame. A newer change cancels a preview still running.
 */
final class FusionPreview implements DialogForm.ChoicePreview<FusionDialog.Choice> {

    static final int CROP_SIZE = 128;

    private final LivePreview preview = new LivePreview("Fusion preview", "fusionj-preview");

    /** The last series-from-files frame read; written and read on the preview's single worker thread only. */
    private FirstFrame firstFrame;

    /** The region to preview: the ROI's bounds on the HAADF, else a centred square. */
    static Rectangle cropOf(ImagePlus haadf) {
        return LivePreview.cropRegion(haadf, CROP_SIZE);
    }

    /** Fuse Multi-Modal's choice: a crop of it ({@link #cropOf}) fused and shown. */
    @Override
    public void update(FusionDialog.Choice c) {
        Rectangle crop = cropOf(c.haadf());
        List<ImagePlus> source = new ArrayList<>(c.maps());
        ImagePlus original = c.haadf();
        if (original.getStackSize() > 1) {
            SeriesInputs series = new SeriesInputs(c.haadf(), c.maps(), c.elements());
            source = frameImages(series.frame(c.haadf().getCurrentSlice() - 1), c.haadf().getCalibration(),
                    c.haadf().getTitle());
            original = source.remove(source.size() - 1);
        }
        ImagePlus haadf = crop(original, crop);
        List<ImagePlus> maps = new ArrayList<>();
        for (ImagePlus m : source) {
            maps.add(crop(m, crop));
        }
        preview.submit(token -> fuse(haadf, maps, c.elements(), c.params(), c.auto(), token));
    }

    /**
     * A series kept in files (Fuse Series from Files): its first frame, read on the worker (a folder is listed and
     * files are read: not on the event thread), cropped to a centred {@value #CROP_SIZE}-pixel square as an image
     * without ROI is, fused with {@code params} and shown in the same window as Fuse Multi-Modal's preview.
     *
     * @param haadfSeries the dialog's haadf_series, map_series, elements and frame_axis ({@link
     *                    FileSeriesInputs#open}); refusals go to the status bar
     */
    void updateFirstFrame(String haadfSeries, String mapSeries, String elements, String frameAxis,
            FusionParameters params, boolean auto) {
        String key = String.join("\n", haadfSeries, mapSeries, elements, frameAxis);
        preview.submit(token -> {
            FirstFrame frame = firstFrame;
            if (frame == null || !frame.key().equals(key)) {
                // The series changed (a path being typed): wait for the typing to pause before listing and reading
                // files; a newer change cancels this run meanwhile.
                settle(token);
                frame = readFirstFrame(key, haadfSeries, mapSeries, elements, frameAxis, token);
                firstFrame = frame;
            }
            List<ImagePlus> maps = new ArrayList<>();
            for (ImagePlus m : frame.maps()) {
                maps.add(m.duplicate());
            }
            fuse(frame.haadf().duplicate(), maps, elements, params, auto, token);
        });
    }

    /** The cropped first frame of the series named by {@code key}: read once, reused while only parameters change. */
    private record FirstFrame(String key, ImagePlus haadf, List<ImagePlus> maps) {
    }

    /** How long a changed series path must stay unchanged before its files are read (typing). */
    static final long SETTLE_MILLIS = 300;

    private static void settle(CancellationToken token) {
        long end = System.nanoTime() + SETTLE_MILLIS * 1_000_000L;
        while (System.nanoTime() < end) {
            token.throwIfCancelled();
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new org.fusionj.core.progress.CancelledException();
            }
        }
        token.throwIfCancelled();
    }

    private static FirstFrame readFirstFrame(String key, String haadfSeries, String mapSeries, String elements,
            String frameAxis, CancellationToken token) throws IOException {
        FileSeriesInputs series = FileSeriesInputs.open(haadfSeries, mapSeries, elements, frameAxis);
        token.throwIfCancelled();
        Calibration cal = series.calibration() == null ? new Calibration() : series.calibration();
        List<ImagePlus> images = frameImages(series.frame(0), cal, series.title() + " (frame 1)");
        ImagePlus full = images.remove(images.size() - 1);
        Rectangle crop = cropOf(full);
        List<ImagePlus> maps = new ArrayList<>();
        for (ImagePlus m : images) {
            maps.add(crop(m, crop));
        }
        return new FirstFrame(key, crop(full, crop), maps);
    }

    /** Fuses on the worker and shows the fused maps in the preview window (superseded runs are cancelled). */
    private void fuse(ImagePlus haadf, List<ImagePlus> maps, String elements, FusionParameters params, boolean auto,
            CancellationToken token) throws IOException {
        FusionJob.Outcome o = new FusionJob(params, RunContext.threads(Prefs.getThreads()).cancellation(token))
                .automatic(auto).run(haadf, maps, elements);
        preview.show(o.images().fusedMaps(), token);
        if (o.auto() != null) {
            // The preview's choice is made on the crop; the run chooses again on the whole image.
            ij.IJ.showStatus("Preview: " + o.autoSummary());
        }
    }

    /**
     * One frame of a series as images: one per element, then the HAADF, each a copy of that frame with
     * {@code cal} (for an open stack: the frame shown in the HAADF window, the frame the user looks at).
     */
    private static List<ImagePlus> frameImages(FusionProblem frame, Calibration cal, String haadfTitle) {
        List<ImagePlus> images = new ArrayList<>();
        for (ElementMap m : frame.maps()) {
            ImagePlane p = m.image();
            images.add(ImagePlanes.toImagePlus(m.symbol(), p.pixels(), p.width(), p.height(), cal));
        }
        ImagePlane h = frame.haadf();
        images.add(ImagePlanes.toImagePlus(haadfTitle, h.pixels(), h.width(), h.height(), cal));
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
