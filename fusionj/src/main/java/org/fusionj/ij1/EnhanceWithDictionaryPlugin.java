package org.fusionj.ij1;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.dictionary.DictionaryImages;
import org.fusionj.workflow.dictionary.DictionaryKeys;
import org.fusionj.workflow.dictionary.DictionaryMetadata;
import org.fusionj.workflow.dictionary.EnhanceJob;
import org.fusionj.workflow.dictionary.EnhanceSettings;
import org.fusionj.workflow.schema.ParamValues;

/**
 * {@code Plugins > FusionJ > Enhance with Dictionary...}: enhances every slice of a TXM image or stack with a
 * dictionary (an open montage window or a saved TIFF) and shows the result in a new window with the input's
 * calibration. Alpha and the OMP error target default to "auto", from the TXM image's noise. A live preview
 * enhances a crop (the TXM's rectangle ROI, else a centred square). Recordable; in a macro no window but the
 * result opens.
 */
public final class EnhanceWithDictionaryPlugin implements PlugIn {

    static final String TITLE = "Enhance with Dictionary";
    static final String FROM_FILE = "*File*";

    /** What the dialog holds. */
    record Choice(ImagePlus txm, Dictionary dictionary, EnhanceSettings settings, boolean matchPixelSize,
            boolean save, String output, boolean overwrite, Path dictionaryFile) {
    }

    @Override
    public void run(String arg) {
        String[] titles = FusionDialog.openImageTitles();
        if (titles.length == 0) {
            PluginErrors.report(TITLE, "Open the TXM image (or stack) to enhance first.");
            return;
        }
        List<String> dictionaries = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (String t : titles) {
            ImagePlus imp = WindowManager.getImage(t);
            Object info = imp == null ? null : imp.getProperty("Info");
            (info instanceof String s && s.contains(DictionaryMetadata.HEADER) ? dictionaries : others).add(t);
        }
        ImagePlus current = WindowManager.getCurrentImage();
        String txmGuess = current != null && others.contains(current.getTitle()) ? current.getTitle()
                : others.isEmpty() ? titles[0] : others.get(0);
        dictionaries.add(FROM_FILE);
        DialogForm form = new DialogForm(TITLE + "...", DictionaryKeys.ENHANCE_SCHEMA);
        GenericDialog gd = form.dialog();
        form.choice(DictionaryKeys.TXM, titles, txmGuess, false);
        form.choice(DictionaryKeys.DICTIONARY, dictionaries.toArray(String[]::new), dictionaries.get(0), false);
        form.file("dictionary_file", 24);
        form.params(DictionaryKeys.CODER, DictionaryKeys.ALPHA, DictionaryKeys.SPARSITY, DictionaryKeys.ERROR_TARGET);
        form.message("alpha: lasso penalty, or auto (from the TXM noise). error_target (omp): residual RMS per\n"
                + "pixel, auto, or none for a fixed number of atoms.");
        form.params(DictionaryKeys.STRIDE, DictionaryKeys.WEIGHTING, DictionaryKeys.MATCH_PIXEL_SIZE);
        form.checkbox("save", false, false);
        form.file("output", 24);
        form.checkbox("overwrite", false, false);
        // Last, and read straight from the component: a preview is no part of the recorded macro.
        gd.addCheckbox("preview", false);
        DialogHelp.add(gd, "dictionary");
        // A refused value disables OK (the listener returns false), as this dialog always did.
        form.okOnlyWhenValid().showAndRun(TITLE, EnhanceWithDictionaryPlugin::choice,
                form.macro() ? null : new DictionaryPreview(), EnhanceWithDictionaryPlugin::enhance);
    }

    /** The choice the dialog's values make ({@link DialogForm.Reader}): images looked up, a dictionary file read. */
    private static Choice choice(Map<String, String> v) throws IOException {
        ImagePlus txm = WindowManager.getImage(v.get(DictionaryKeys.TXM));
        String dictTitle = v.get(DictionaryKeys.DICTIONARY);
        String dictFile = v.get("dictionary_file").trim();
        ParamValues values = DictionaryKeys.ENHANCE_SCHEMA.read(v::get);
        boolean match = values.bool(DictionaryKeys.MATCH_PIXEL_SIZE);
        boolean save = Boolean.parseBoolean(v.get("save"));
        String output = v.get("output").trim();
        boolean overwrite = Boolean.parseBoolean(v.get("overwrite"));
        if (txm == null) {
            throw new InvalidInputException("the chosen TXM image is no longer open");
        }
        EnhanceSettings settings = DictionaryKeys.enhanceSettings(values);
        Dictionary dictionary;
        Path dictionaryFile;
        if (FROM_FILE.equals(dictTitle)) {
            if (dictFile.isEmpty()) {
                throw new InvalidInputException("choose a dictionary window or give dictionary_file");
            }
            dictionaryFile = Path.of(dictFile);
            dictionary = DictionaryImages.open(dictionaryFile);
        } else {
            ImagePlus dictImage = WindowManager.getImage(dictTitle);
            if (dictImage == null) {
                throw new InvalidInputException("the chosen dictionary window is no longer open");
            }
            dictionary = DictionaryImages.fromImage(dictImage);
            dictionaryFile = RunContext.fileOf(dictImage);
        }
        return new Choice(txm, dictionary, settings, match, save, output, overwrite, dictionaryFile);
    }

    private static void enhance(Choice c) throws IOException {
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, c.save(), c.output(), c.overwrite(), "file")
                .inputs(c.dictionaryFile() == null ? List.of() : List.of(c.dictionaryFile()));
        EnhanceJob job = new EnhanceJob(c.dictionary(), c.settings(), run).matchPixelSize(c.matchPixelSize());
        IJ.resetEscape();
        EnhanceJob.Outcome o = job.run(c.txm());
        IJ.showProgress(1.0);
        if (!o.note().isEmpty()) {
            IJ.log(TITLE + ": " + o.note());
        }
        o.enhanced().show();
        IJ.showStatus(String.format("%s: %s, %d patches in %d ms%s", TITLE, o.parameters().coder().describe(),
                o.patches(), o.millis(), o.written() == null ? "" : ", saved to " + o.written()));
    }
}
