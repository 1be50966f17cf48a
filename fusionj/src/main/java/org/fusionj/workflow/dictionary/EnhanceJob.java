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
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;
import org.fusionj.workflow.ResultChecks;
import org.fusionj.workflow.RunContext;

/**
 * One enhancement run as every front-end does it: a TXM image or stack (every slice) and a dictionary in, a new
 * calibrated 32-bit image out, optionally saved as TIFF. Refuses a TXM image of another bit depth than the STEM
 * images the dictionary was learnt on (its scale s is in their units), NaN pixels, and images smaller than a
 * patch, a stride larger than the patch and constant slices, before any work (the output and memory too).
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
    private final RunContext run;
    private boolean matchPixelSize;

    /** @param run threads, progress, cancel and where to save (the output is the enhanced TIFF file) */
    public EnhanceJob(Dictionary dictionary, EnhanceSettings settings, RunContext run) {
        this.dictionary = dictionary;
        this.settings = settings;
        this.run = run;
    }

    /** Resample the TXM image to the dictionary's pixel size before coding (and back after). */
    public EnhanceJob matchPixelSize(boolean match) {
        matchPixelSize = match;
        return this;
    }

    public Outcome run(ImagePlus txm) throws IOException {
        ImagePlanes.requireGreyscale(txm);
        checkBitDepth(txm);
        checkStride();
        List<ImagePlane> slices = ImagePlanes.fromSlices(txm);
        for (ImagePlane p : slices) {
            p.requireFinite();
            requireNotConstant(p);
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
        long pixels = (long) txm.getWidth() * txm.getHeight();
        OutputPlan plan = run.inputs(RunContext.filesOf(List.of(txm))).filePlan();
        if (plan != null) {
            plan = plan.estimatedBytes(4 * pixels * slices.size() + (64 << 10));
        }
        MemoryEstimate memory = new MemoryEstimate(String.format(Locale.ROOT, "enhancing %d slice(s) of %d x %d "
                + "pixels", slices.size(), txm.getWidth(), txm.getHeight()), peakBytes(pixels, slices.size(),
                resample ? factor : 1));
        try (OutputFolder out = run.begin(plan, memory)) {
            return enhance(txm, slices, resample, factor, note, out);
        }
    }

    /**
     * Bytes a run allocates at its peak beyond what is in use when it is checked (the input and its float slices):
     * the enhanced stack (a float per pixel; each slice's result becomes its slice) and, for the slice being coded,
     * two double accumulators, the coders' working room (about one float per pixel, measured) and, when resampling,
     * the resampled copy.
     */
    static long peakBytes(long pixels, int slices, double resampleFactor) {
        boolean resampled = resampleFactor != 1;
        double coded = pixels * Math.max(1, resampleFactor * resampleFactor);
        return MemoryEstimate.floats((double) pixels * slices + coded + (resampled ? coded : 0))
                + MemoryEstimate.doubles(2 * coded);
    }

    private Outcome enhance(ImagePlus txm, List<ImagePlane> slices, boolean resample, double factor, String note,
                            OutputFolder folder) throws IOException {
        ProgressListener progress = run.progress();
        CancellationToken cancel = run.cancel();
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
            float[] px = enhancer.enhance(plane, run.threads(), (f, m) -> progress.progress((slice + f) / count,
                    "slice " + (slice + 1) + " of " + count + ": " + m), cancel);
            ResultChecks.requireFinite("the enhanced slice " + (s + 1), px, "check alpha (" + params.coder()
                    .describe() + ") and the dictionary (learn it again with the defaults)");
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
        if (folder != null) {
            folder.stageTiff(folder.names().get(0), enhanced);
            written = folder.commit().get(0);
        }
        return new Outcome(enhanced, params, noise, patches, note, written, millis);
    }

    /**
     * A stride larger than the patch leaves pixels between patches that no patch covers (98 % of them at stride
     * 1000): refused, since users expect every pixel enhanced.
     */
    private void checkStride() {
        int p = dictionary.patchSize();
        if (settings.stride() > p) {
            throw new InvalidInputException("stride " + settings.stride() + " is larger than the dictionary's patch "
                    + "size " + p + ", so the pixels between patches would not be enhanced; use a stride from 1 to "
                    + p + " (1 is best, 2 to 4 are faster)");
        }
    }

    /** A constant slice has no structure to enhance and no noise to estimate (fuse and learn refuse them too). */
    private static void requireNotConstant(ImagePlane p) {
        float[] px = p.pixels();
        for (float v : px) {
            if (v != px[0]) {
                return;
            }
        }
        throw new InvalidInputException(p.name() + " is constant (every pixel is " + px[0] + "): there is nothing to "
                + "enhance; check that the right image was given");
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
