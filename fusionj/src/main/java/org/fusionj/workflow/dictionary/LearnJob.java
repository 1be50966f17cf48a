package org.fusionj.workflow.dictionary;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import ij.ImagePlus;
import ij.measure.Calibration;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.DictionaryMode;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.core.dictionary.LearnResult;
import org.fusionj.core.dictionary.OnlineDictionaryLearner;
import org.fusionj.workflow.ImagePlanes;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;
import org.fusionj.workflow.RunContext;

/**
 * One dictionary-learning run as every front-end does it: STEM image(s) in, a dictionary image (montage +
 * metadata) out, optionally saved as TIFF. Input, the output file and the memory are checked before any work.
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
    private final RunContext run;
    private ImagePlus txm;

    /** @param run threads, progress, cancel and where to save (the output is the dictionary's TIFF file) */
    public LearnJob(LearnParameters params, RunContext run) {
        this.params = params;
        this.run = run;
    }

    /** The TXM image (its current slice) from which coupled mode estimates the noise and PSF it is not given. */
    public LearnJob txm(ImagePlus image) {
        txm = image;
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
            throw new InvalidInputException("no STEM image to learn from");
        }
        ImagePlus stem = stems.get(0);
        List<ImagePlane> planes = new ArrayList<>();
        for (ImagePlus imp : stems) {
            if (imp.getBitDepth() != stem.getBitDepth()) {
                throw new InvalidInputException("the STEM images mix bit depths: " + stem.getTitle()
                        + " is " + stem.getBitDepth() + "-bit, " + imp.getTitle() + " is " + imp.getBitDepth()
                        + "-bit");
            }
            planes.addAll(slices(imp, allSlices));
        }
        ImagePlane txmPlane = txm == null ? null : slices(txm, false).get(0);
        List<ImagePlus> inputs = new ArrayList<>(stems);
        if (txm != null) {
            inputs.add(txm);
        }
        OutputPlan plan = run.inputs(RunContext.filesOf(inputs)).filePlan();
        long pixels = 0;
        for (ImagePlane p : planes) {
            pixels += p.size();
        }
        MemoryEstimate memory = new MemoryEstimate(String.format(Locale.ROOT, "learning %d atoms of %d x %d from %d "
                + "training patches", params.atoms(), params.patchSize(), params.patchSize(), params.trainingPatches()),
                peakBytes(params, pixels, run.threads()));
        try (OutputFolder out = run.begin(plan, memory)) {
            long t0 = System.nanoTime();
            LearnResult raw = OnlineDictionaryLearner.learn(planes, txmPlane, params, run.threads(), run.progress(),
                    run.cancel());
            long millis = (System.nanoTime() - t0) / 1_000_000;
            Calibration cal = stem.getCalibration();
            Dictionary d = raw.dictionary();
            requireFinite(d);
            Dictionary withSource = new Dictionary(d.patchSize(), d.atomCount(), d.codingAtoms(), d.rebuildAtoms(),
                    d.scale(), d.info().withSource(stem.getBitDepth(), cal.scaled() ? cal.pixelWidth : Double.NaN,
                            cal.scaled() ? cal.getUnit() : ""));
            LearnResult result = new LearnResult(withSource, raw.warnings(), raw.unusedAtomReplacements());
            String title = stripExtension(stem.getTitle()) + "-dictionary-" + d.mode().key();
            ImagePlus image = DictionaryImages.toImage(withSource, title);
            Path written = null;
            if (out != null) {
                out.stageTiff(plan.names().get(0), image);
                written = out.commit().get(0);
            }
            return new Outcome(result, image, written, millis);
        }
    }

    /**
     * Bytes a run allocates at its peak, its inputs (and their float slices) aside: the simulated TXM images as
     * doubles in coupled mode, the training patches (doubles, one array each) and the dictionary with its
     * statistics and per-thread batch buffers.
     */
    static long peakBytes(LearnParameters p, long pixels, int threads) {
        double len = (double) p.patchSize() * p.patchSize() * (p.mode() == DictionaryMode.COUPLED ? 2 : 1);
        double training = (double) p.trainingPatches() * (8 * len + 16);
        double coupled = p.mode() == DictionaryMode.COUPLED ? 8.0 * pixels : 0;
        double dictionary = 8.0 * (4 * len * p.atoms() + 2.0 * p.atoms() * p.atoms())
                + 8.0 * threads * p.batchSize() * (p.atoms() + len);
        return (long) Math.min(Long.MAX_VALUE / 2, training + coupled + dictionary);
    }

    /** A dictionary with NaN atoms comes from parameters out of range; refuse it rather than save it. */
    private void requireFinite(Dictionary d) {
        for (double[] atoms : new double[][] {d.codingAtoms(), d.rebuildAtoms()}) {
            for (double v : atoms) {
                if (!Double.isFinite(v)) {
                    throw new InvalidInputException("the learnt dictionary has NaN or infinite atoms, so nothing was "
                            + "saved; alpha " + params.alpha() + " or the noise/psf_sigma settings are likely out of "
                            + "range: try the defaults");
                }
            }
        }
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
