package org.fusionj.workflow.dictionary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.EnhanceParameters;
import org.fusionj.core.dictionary.NoiseEstimator;
import org.fusionj.core.dictionary.PatchEnhancer;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.workflow.ImagePlanes;
import org.fusionj.workflow.OutputFolder;

/**
 * One enhancement run as every front-end does it: a TXM image or stack (every slice) and a dictionary in, a new
 * calibrated 32-bit image out, optionally saved as TIFF. Refuses a TXM image of another bit depth than the STEM
 * images the dictionary was learnt on (its scale s is in their units), NaN pixels, and images smaller than a
 * patch, before any work.
 */
public final class EnhanceJob {

    /**
     * @param enhanced   the enhanced image (not shown), same size and calibration as the input
     * @param parameters the kernel parameters used (automatic alpha or error target resolved)
     * @param noise      the noise estimate of the first slice (image units)
     * @param patches    number of patches coded, all slices
     * @param note       what pixel-size matching did, or ""
     * @param written    the saved file, or null
     * @param millis     wall time
     */
    public record Outcome(ImagePlus enhanced, EnhanceParameters parameters, double noise, long patches, String note,
            Path written, long millis) {
    }

    private final Dictionary dictionary;
    private final EnhanceSettings settings;
    private final int threads;
    private ProgressListener progress = ProgressListener.NONE;
    private CancellationToken cancel = CancellationToken.NEVER;
    private boolean matchPixelSize;
    private Path saveFile;
    private boolean overwrite;

    public EnhanceJob(Dictionary dictionary, EnhanceSettings settings, int threads) {
        this.dictionary = dictionary;
        this.settings = settings;
        this.threads = threads;
    }

    public EnhanceJob progress(ProgressListener listener) {
        progress = listener;
        return this;
    }

    public EnhanceJob cancellation(CancellationToken token) {
        cancel = token;
        return this;
    }

    /** Resample the TXM image to the dictionary's pixel size before coding (and back after). */
    public EnhanceJob matchPixelSize(boolean match) {
        matchPixelSize = match;
        return this;
    }

    public EnhanceJob saveTo(Path file, boolean overwriteExisting) {
        saveFile = file;
        overwrite = overwriteExisting;
        return this;
    }

    public Outcome run(ImagePlus txm) throws IOException {
        ImagePlanes.requireGreyscale(txm);
        checkBitDepth(txm);
        List<ImagePlane> slices = ImagePlanes.fromSlices(txm);
        for (ImagePlane p : slices) {
            p.requireFinite();
        }
        double factor = resampleFactor(txm);
        boolean resample = matchPixelSize && !Double.isNaN(factor) && Math.abs(factor - 1) > 1e-3;
        String note = "";
        if (matchPixelSize) {
            note = Double.isNaN(factor) ? "pixel sizes not matched: the TXM image or the dictionary is uncalibrated, "
                    + "or their units differ" : !resample ? "pixel sizes already match"
                    : String.format(Locale.ROOT, "TXM resampled by %.4g to the dictionary's pixel size %.4g %s",
                            factor, dictionary.info().pixelSize(), dictionary.info().pixelUnit());
        }
        if (saveFile != null) {
            OutputFolder.checkFileWritable(saveFile, overwrite);
        }
        long t0 = System.nanoTime();
        double noise = NoiseEstimator.sigma(slices.get(0));
        EnhanceParameters params = settings.resolve(noise, dictionary.scale());
        PatchEnhancer enhancer = new PatchEnhancer(dictionary, params);
        ImageStack out = new ImageStack(txm.getWidth(), txm.getHeight());
        long patches = 0;
        for (int s = 0; s < slices.size(); s++) {
            cancel.throwIfCancelled();
            ImagePlane plane = resample ? resize(slices.get(s), factor) : slices.get(s);
            int slice = s;
            int count = slices.size();
            patches += enhancer.patchCount(plane.width(), plane.height());
            float[] px = enhancer.enhance(plane, threads, (f, m) -> progress.progress((slice + f) / count,
                    "slice " + (slice + 1) + " of " + count + ": " + m), cancel);
            FloatProcessor fp = new FloatProcessor(plane.width(), plane.height(), px);
            if (resample) {
                fp.setInterpolationMethod(ImageProcessor.BILINEAR);
                fp = (FloatProcessor) fp.resize(txm.getWidth(), txm.getHeight());
            }
            out.addSlice(txm.getStack().getSliceLabel(s + 1), fp);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        ImagePlus enhanced = new ImagePlus(LearnJob.stripExtension(txm.getTitle()) + "-enhanced", out);
        enhanced.setCalibration(txm.getCalibration().copy());
        if (txm.isHyperStack()) {
            enhanced.setDimensions(txm.getNChannels(), txm.getNSlices(), txm.getNFrames());
        }
        enhanced.setProperty("Info", String.format(Locale.ROOT, "Enhanced with a %s dictionary (%d atoms of %d x %d)"
                + ", %s, stride %d, %s weighting; TXM noise estimate %.4g%s%n", dictionary.mode().key(),
                dictionary.atomCount(), dictionary.patchSize(), dictionary.patchSize(), params.coder().describe(),
                params.stride(), params.weighting().key(), noise, note.isEmpty() ? "" : "; " + note));
        enhanced.getProcessor().resetMinAndMax();
        Path written = null;
        if (saveFile != null) {
            OutputFolder folder = OutputFolder.open(saveFile.toAbsolutePath().getParent(),
                    List.of(saveFile.getFileName().toString()), overwrite);
            try {
                folder.stageTiff(saveFile.getFileName().toString(), enhanced);
                written = folder.commit().get(0);
            } catch (IOException | RuntimeException e) {
                folder.discard();
                throw e;
            }
        }
        return new Outcome(enhanced, params, noise, patches, note, written, millis);
    }

    private void checkBitDepth(ImagePlus txm) {
        int learnt = dictionary.info().bitDepth();
        if (learnt != 0 && txm.getBitDepth() != learnt) {
            throw new InvalidInputException(txm.getTitle() + " is " + txm.getBitDepth() + "-bit but the dictionary "
                    + "was learnt on " + learnt + "-bit STEM images, whose intensity units its scale s is in; "
                    + "convert both to the same type (Image > Type) and learn the dictionary again");
        }
    }

    /** TXM pixel size / dictionary pixel size, or NaN when either is uncalibrated or the units differ. */
    private double resampleFactor(ImagePlus txm) {
        Calibration cal = txm.getCalibration();
        if (!cal.scaled() || !dictionary.info().calibrated()
                || !cal.getUnit().equals(dictionary.info().pixelUnit())) {
            return Double.NaN;
        }
        return cal.pixelWidth / dictionary.info().pixelSize();
    }

    private ImagePlane resize(ImagePlane plane, double factor) {
        int w = Math.max(1, (int) Math.round(plane.width() * factor));
        int h = Math.max(1, (int) Math.round(plane.height() * factor));
        FloatProcessor fp = new FloatProcessor(plane.width(), plane.height(), plane.pixels().clone());
        fp.setInterpolationMethod(ImageProcessor.BILINEAR);
        float[] px = (float[]) fp.resize(w, h).getPixels();
        return new ImagePlane(plane.name(), w, h, px);
    }
}
