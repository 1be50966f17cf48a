package org.fusionj.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.TextField;
import java.util.Vector;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;

import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.dictionary.LearnJob;

/**
 * Run by {@link DictionaryRecordReplayIT} in a separate JVM with a display, as a user would: opens the STEM and TXM
 * crops, learns a small dictionary (shown as its montage window), opens the real Enhance with Dictionary dialog
 * with the recorder on, chooses OMP, turns the preview on and waits for its window, presses OK, prints the
 * recorded options, then replays them as a macro would into a second file (see {@link DialogRecordReplay}).
 * Arguments: DATA_DIR OUT1 OUT2.
 */
public final class DictionaryRecordReplayMain {

    static final String RECORDED = DialogRecordReplay.RECORDED;
    static final String PREVIEW_SHOWN = DialogRecordReplay.PREVIEW_SHOWN;

    private DictionaryRecordReplayMain() {
    }

    public static void main(String[] args) throws Exception {
        ImagePlus stem = IJ.openImage(args[0] + "/stem_crop128.tif");
        stem.show();
        ImagePlus dictionary = new LearnJob(LearnParameters.builder().atoms(96).steps(20).batchSize(128)
                .trainingPatches(3000).build(), RunContext.threads(2)).run(stem, true).image();
        dictionary.show();
        ImagePlus txm = IJ.openImage(args[0] + "/txm_crop128.tif");
        txm.show();
        DialogRecordReplay.run("Enhance with Dictionary...", EnhanceWithDictionaryPlugin::new,
                gd -> fillIn(gd, txm.getTitle(), dictionary.getTitle(), args[1]), "Dictionary preview",
                p -> p.getWidth() + "x" + p.getHeight(), args[1], args[2]);
    }

    /** Chooses the TXM crop, the dictionary window, OMP and save to {@code out}. */
    private static void fillIn(GenericDialog gd, String txm, String dictionary, String out) {
        Vector<?> choices = gd.getChoices();
        ((Choice) choices.get(0)).select(txm);
        ((Choice) choices.get(1)).select(dictionary);
        ((Choice) choices.get(2)).select("omp");
        Vector<?> strings = gd.getStringFields();
        ((TextField) strings.get(3)).setText(out);
        ((Checkbox) gd.getCheckboxes().get(1)).setState(true); // save
    }
}
