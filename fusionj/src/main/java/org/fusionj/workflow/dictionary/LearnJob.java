package org.fusionj.workflow.dictionary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.core.dictionary.LearnResult;
import org.fusionj.core.dictionary.OnlineDictionaryLearner;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.workflow.ImagePlanes;
import org.fusionj.workflow.OutputFolder;

/**
 * One dictionary-learning run as every front-end does it: STEM image(s) in, a dictionary image (montage +
 * metadata) out, optionally saved as TIFF. Input and the output file are checked before any work.
 */
public final class LearnJob {

    /**
     * @param result  the dictionary and the warnings for the log
     * @param image   its montage image (not shown)
     * @param written the saved file, or null
     * @param millis  wall time of the learning
     */
    public record Outcome(LearnResult result, ImagePlus image, Path written, long millis) {

        public Dictionary dictionary() {
            return result.dictionary();
        }
    }

    private final LearnParameters params;
    private final int threads;
    private ProgressListener progress = ProgressListener.NONE;
    private CancellationToken cancel = CancellationToken.NEVER;
    private ImagePlus txm;
    private Path saveFile;
    private boolean overwrite;

    public LearnJob(LearnParameters params, int threads) {
        this.params = params;
        this.threads = threads;
    }

    public LearnJob progress(ProgressListener listener) {
        progress = listener;
        return this;
    }

    public LearnJob cancellation(CancellationToken token) {
        cancel = token;
        return this;
    }

    /** The TXM image (its current slice) from which coupled mode estimates the noise and PSF it is not given. */
    public LearnJob txm(ImagePlus image) {
        txm = image;
        return this;
    }

    /** Also save the dictionary as a TIFF file. */
    public LearnJob saveTo(Path file, boolean overwriteExisting) {
        saveFile = file;
        overwrite = overwriteExisting;
        return this;
    }

    /**
     * @param stem      the STEM image or stack
     * @param allSlices learn from every slice (true) or the current one
     */
    public Outcome run(ImagePlus stem, boolean allSlices) throws IOException {
        return run(List.of(stem), allSlices);
    }

    /**
     * Learns from several STEM images (files) at once: they must share size and bit depth; the first one's
     * calibration is stored with the dictionary.
     */
    public Outcome run(List<ImagePlus> stems, boolean allSlices) throws IOException {
        if (stems.isEmpty()) {
            throw new org.fusionj.core.InvalidInputException("no STEM image to learn from");
        }
        ImagePlus stem = stems.get(0);
        List<ImagePlane> planes = new java.util.ArrayList<>();
        for (ImagePlus imp : stems) {
            if (imp.getBitDepth() != stem.getBitDepth()) {
                throw new org.fusionj.core.InvalidInputException("the STEM images mix bit depths: " + stem.getTitle()
                        + " is " + stem.getBitDepth() + "-bit, " + imp.getTitle() + " is " + imp.getBitDepth()
                        + "-bit");
            }
            planes.addAll(slices(imp, allSlices));
        }
        ImagePlane txmPlane = txm == null ? null : slices(txm, false).get(0);
        if (saveFile != null) {
            OutputFolder.checkFileWritable(saveFile, overwrite);
        }
        long t0 = System.nanoTime();
        LearnResult raw = OnlineDictionaryLearner.learn(planes, txmPlane, params, threads, progress, cancel);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        Calibration cal = stem.getCalibration();
        Dictionary d = raw.dictionary();
        Dictionary withSource = new Dictionary(d.patchSize(), d.atomCount(), d.codingAtoms(), d.rebuildAtoms(),
                d.scale(), d.info().withSource(stem.getBitDepth(), cal.scaled() ? cal.pixelWidth : Double.NaN,
                        cal.scaled() ? cal.getUnit() : ""));
        LearnResult result = new LearnResult(withSource, raw.warnings(), raw.unusedAtomReplacements());
        String title = stripExtension(stem.getTitle()) + "-dictionary-" + d.mode().key();
        ImagePlus image = DictionaryImages.toImage(withSource, title);
        Path written = saveFile == null ? null : DictionaryImages.save(image, saveFile, overwrite);
        return new Outcome(result, image, written, millis);
    }

    /** All slices, or the current one, of a greyscale image. */
    static List<ImagePlane> slices(ImagePlus imp, boolean all) {
        List<ImagePlane> planes = ImagePlanes.fromSlices(imp);
        return all ? planes : List.of(planes.get(Math.max(0, imp.getCurrentSlice() - 1)));
    }

    static String stripExtension(String title) {
        int dot = title.lastIndexOf('.');
        return dot > 0 ? title.substring(0, dot) : title;
    }
}
