package org.fusionj.ij1;

import java.awt.Rectangle;

import ij.ImagePlus;
import ij.Prefs;
import ij.process.ImageProcessor;

import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.dictionary.EnhanceJob;

/**
 * Live preview for the enhancement dialog: enhances a crop of the TXM's current slice (its rectangle ROI, else a
 * centred {@value #CROP_SIZE}-pixel square) on a background thread whenever a parameter changes, and shows it in
 * one reused window. A newer change cancels a preview still running.
 */
final class DictionaryPreview implements DialogForm.ChoicePreview<EnhanceWithDictionaryPlugin.Choice> {

    static final int CROP_SIZE = 128;

    private final LivePreview preview = new LivePreview("Dictionary preview", "fusionj-dictionary-preview");

    @Override
    public void update(EnhanceWithDictionaryPlugin.Choice c) {
        ImagePlus crop = crop(c.txm());
        preview.submit(token -> {
            EnhanceJob.Outcome o = new EnhanceJob(c.dictionary(), c.settings(),
                    RunContext.threads(Prefs.getThreads()).cancellation(token)).matchPixelSize(c.matchPixelSize())
                    .run(crop);
            preview.show(o.enhanced(), token);
        });
    }

    /** The preview region of the current slice, calibration kept. */
    private static ImagePlus crop(ImagePlus txm) {
        Rectangle r = LivePreview.cropRegion(txm, CROP_SIZE);
        ImageProcessor ip = txm.getProcessor().duplicate();
        ip.setRoi(r);
        ImagePlus out = new ImagePlus(txm.getTitle(), ip.crop());
        out.setCalibration(txm.getCalibration());
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
