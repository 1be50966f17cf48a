package org.fusionj.ij1;

import java.io.IOException;
import java.util.Map;

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
import org.fusionj.workflow.schema.ParamValues;
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
        ImagePlus current = WindowManager.getCurrentImage();
        DialogForm form = new DialogForm(TITLE + "...", DictionaryKeys.LEARN_SCHEMA);
        GenericDialog gd = form.dialog();
        form.choice(DictionaryKeys.STEM, titles, current != null ? current.getTitle() : titles[0], false);
        form.params(DictionaryKeys.ALL_SLICES, DictionaryKeys.MODE);
        form.message("plain: denoises (the paper's). coupled: also restores resolution, learnt on pairs simulated\n"
                + "from the STEM image with the TXM's blur and noise.");
        form.params(DictionaryKeys.PATCH, DictionaryKeys.ATOMS, DictionaryKeys.ALPHA, DictionaryKeys.STEPS,
                DictionaryKeys.BATCH, DictionaryKeys.TRAINING_PATCHES, DictionaryKeys.SEED);
        String[] txmChoices = new String[titles.length + 1];
        txmChoices[0] = NONE;
        System.arraycopy(titles, 0, txmChoices, 1, titles.length);
        form.choice(DictionaryKeys.TXM, txmChoices, NONE, false);
        form.params(DictionaryKeys.PSF_SIGMA, DictionaryKeys.NOISE);
        form.message("Coupled mode: PSF sigma (pixels) and noise (image units), or auto to estimate them from\n"
                + "the TXM image (its current slice).");
        form.checkbox("save", false, false);
        form.file("output", 24);
        form.checkbox("overwrite", false, false);
        DialogHelp.add(gd, "dictionary");
        form.showAndRun(TITLE, LearnDictionaryPlugin::run);
    }

    private static void run(Map<String, String> v) throws IOException {
        ImagePlus stem = WindowManager.getImage(v.get(DictionaryKeys.STEM));
        ParamValues values = DictionaryKeys.LEARN_SCHEMA.read(v::get);
        boolean allSlices = values.bool(DictionaryKeys.ALL_SLICES);
        String txmTitle = v.get(DictionaryKeys.TXM);
        boolean save = Boolean.parseBoolean(v.get("save"));
        String output = v.get("output").trim();
        boolean overwrite = Boolean.parseBoolean(v.get("overwrite"));
        if (stem == null) {
            throw new InvalidInputException("the chosen STEM image is no longer open");
        }
        LearnParameters params = DictionaryKeys.learnParameters(values);
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

}
