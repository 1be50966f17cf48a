package org.fusionj.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.TextField;
import java.util.Vector;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.GenericDialog;

/**
 * Run by {@link LearnDictionaryRecordReplayIT} in a separate JVM with a display, as a user would: opens the
 * 128 x 128 STEM crop, opens the real Learn Dictionary dialog with the recorder on, asks for a small, fast
 * dictionary saved to a file, presses OK, prints the recorded options, then replays them as a macro would into a
 * second file (see {@link DialogRecordReplay}). The dialog has no preview. Arguments: DATA_DIR OUT1 OUT2.
 */
public final class LearnDictionaryRecordReplayMain {

    static final String RECORDED = DialogRecordReplay.RECORDED;

    private LearnDictionaryRecordReplayMain() {
    }

    public static void main(String[] args) throws Exception {
        ImagePlus stem = IJ.openImage(args[0] + "/stem_crop128.tif");
        stem.show();
        DialogRecordReplay.runWithoutPreview("Learn Dictionary...", LearnDictionaryPlugin::new,
                gd -> fillIn(gd, stem.getTitle(), args[1]), args[1], args[2]);
    }

    /** Chooses the STEM crop, 6 x 6 patches, 48 atoms, alpha 0.15, 15 steps of 64, 2000 patches, seed 7, save. */
    private static void fillIn(GenericDialog gd, String stem, String out) {
        Vector<?> choices = gd.getChoices();
        ((Choice) choices.get(0)).select(stem);
        ((Choice) choices.get(1)).select("plain");
        Vector<?> numbers = gd.getNumericFields();
        ((TextField) numbers.get(0)).setText("6");
        ((TextField) numbers.get(1)).setText("48");
        ((TextField) numbers.get(2)).setText("0.15");
        ((TextField) numbers.get(3)).setText("15");
        ((TextField) numbers.get(4)).setText("64");
        ((TextField) numbers.get(5)).setText("2000");
        ((TextField) numbers.get(6)).setText("7");
        Vector<?> strings = gd.getStringFields();
        ((TextField) strings.get(2)).setText(out);
        ((Checkbox) gd.getCheckboxes().get(1)).setState(true); // save
    }
}
