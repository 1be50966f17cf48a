package org.fusionj.ij1;

import java.io.IOException;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.DictionaryMode;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.TextValues;
import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.dictionary.LearnJob;

/**
 * {@code Plugins > FusionJ > Learn Dictionary...}: learns a dictionary from a STEM image or stack (all slices or
 * the current one) and shows it as a montage of atoms whose info carries everything needed to re-use it; save it
 * as TIFF (here or with File > Save As > Tiff) to enhance with it later. Recordable; in a macro no window but the
 * dictionary opens.
 */
public final class LearnDictionaryPlugin implements PlugIn {

    static final String TITLE = "Learn Dictionary";
    static final String NONE = "*None*";

    @Override
    public void run(String arg) {
        String[] titles = FusionDialog.openImageTitles();
        if (titles.length == 0) {
            PluginErrors.report(TITLE, "Open the STEM image (or stack) to learn from first.");
            return;
        }
        LearnParameters d = LearnParameters.defaults();
        ImagePlus current = WindowManager.getCurrentImage();
        GenericDialog gd = new GenericDialog(TITLE + "...");
        gd.addChoice(DictionaryKeys.STEM, titles, current != null ? current.getTitle() : titles[0]);
        gd.addCheckbox(DictionaryKeys.ALL_SLICES, true);
        gd.addChoice(DictionaryKeys.MODE, new String[] {DictionaryMode.PLAIN.key(), DictionaryMode.COUPLED.key()},
                d.mode().key());
        gd.addMessage("plain: denoises (the paper's). coupled: also restores resolution, learnt on pairs simulated\n"
                + "from the STEM image with the TXM's blur and noise.");
        gd.addNumericField(DictionaryKeys.PATCH, d.patchSize(), 0, 4, "pixels");
        gd.addNumericField(DictionaryKeys.ATOMS, d.atoms(), 0);
        gd.addNumericField(DictionaryKeys.ALPHA, d.alpha(), 3);
        gd.addNumericField(DictionaryKeys.STEPS, d.steps(), 0);
        gd.addNumericField(DictionaryKeys.BATCH, d.batchSize(), 0);
        gd.addNumericField(DictionaryKeys.TRAINING_PATCHES, d.trainingPatches(), 0);
        gd.addNumericField(DictionaryKeys.SEED, d.seed(), 0);
        String[] txmChoices = new String[titles.length + 1];
        txmChoices[0] = NONE;
        System.arraycopy(titles, 0, txmChoices, 1, titles.length);
        gd.addChoice(DictionaryKeys.TXM, txmChoices, NONE);
        gd.addStringField(DictionaryKeys.PSF_SIGMA, DictionaryKeys.AUTO, 8);
        gd.addStringField(DictionaryKeys.NOISE, DictionaryKeys.AUTO, 8);
        gd.addMessage("Coupled mode: PSF sigma (pixels) and noise (image units), or auto to estimate them from\n"
                + "the TXM image (its current slice).");
        gd.addCheckbox("save", false);
        gd.addFileField("output", "", 24);
        gd.addCheckbox("overwrite", false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        PluginRun.reporting(TITLE, () -> run(gd));
    }

    private static void run(GenericDialog gd) throws IOException {
        ImagePlus stem = WindowManager.getImage(gd.getNextChoice());
        boolean allSlices = gd.getNextBoolean();
        LearnParameters.Builder b = LearnParameters.builder()
                .mode(DictionaryMode.parse(gd.getNextChoice()))
                .patchSize((int) gd.getNextNumber())
                .atoms((int) gd.getNextNumber())
                .alpha(gd.getNextNumber())
                .steps((int) gd.getNextNumber())
                .batchSize((int) gd.getNextNumber())
                .trainingPatches((int) gd.getNextNumber())
                .seed((long) gd.getNextNumber());
        String txmTitle = gd.getNextChoice();
        b.psfSigma(autoOrNumber(DictionaryKeys.PSF_SIGMA, gd.getNextString()));
        b.noiseSigma(autoOrNumber(DictionaryKeys.NOISE, gd.getNextString()));
        boolean save = gd.getNextBoolean();
        String output = gd.getNextString().trim();
        boolean overwrite = gd.getNextBoolean();
        if (gd.invalidNumber()) {
            throw new InvalidInputException("a numeric field holds no number: " + gd.getErrorMessage());
        }
        if (stem == null) {
            throw new InvalidInputException("the chosen STEM image is no longer open");
        }
        LearnParameters params = b.build();
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, save, output, overwrite, "file");
        LearnJob job = new LearnJob(params, run);
        if (!NONE.equals(txmTitle)) {
            ImagePlus txm = WindowManager.getImage(txmTitle);
            if (txm == null) {
                throw new InvalidInputException("the chosen TXM image is no longer open");
            }
            job.txm(txm);
        }
        IJ.resetEscape();
        LearnJob.Outcome o = job.run(stem, allSlices);
        IJ.showProgress(1.0);
        o.result().warnings().forEach(w -> IJ.log(TITLE + ": warning: " + w));
        o.image().show();
        var i = o.dictionary().info();
        IJ.showStatus(String.format("%s: %d atoms, s = %.4g%s in %d ms%s", TITLE, o.dictionary().atomCount(),
                o.dictionary().scale(), i.mode() == DictionaryMode.COUPLED
                        ? String.format(", PSF %.3g px, noise %.3g", i.psfSigma(), i.noiseSigma()) : "",
                o.millis(), o.written() == null ? "" : ", saved to " + o.written()));
    }

    static double autoOrNumber(String key, String text) {
        String t = text.trim();
        return t.isEmpty() || t.equalsIgnoreCase(DictionaryKeys.AUTO) ? Double.NaN : TextValues.number(key, t);
    }
}
