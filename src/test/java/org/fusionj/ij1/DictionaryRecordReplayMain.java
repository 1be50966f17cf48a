package org.fusionj.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ItemEvent;
import java.util.Vector;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.workflow.dictionary.LearnJob;

/**
 * Run by {@link DictionaryRecordReplayIT} in a separate JVM with a display, as a user would: opens the STEM and TXM
 * crops, learns a small dictionary (shown as its montage window), opens the real Enhance with Dictionary dialog
 * with the recorder on, chooses OMP, turns the preview on and waits for its window, presses OK, prints the
 * recorded options, then replays them as a macro would into a second file. Arguments: DATA_DIR OUT1 OUT2.
 */
public final class DictionaryRecordReplayMain {

    static final String RECORDED = "RECORDED OPTIONS: ";
    static final String PREVIEW_SHOWN = "PREVIEW WINDOW: ";

    private DictionaryRecordReplayMain() {
    }

    public static void main(String[] args) throws Exception {
        ImagePlus stem = IJ.openImage(args[0] + "/stem_crop128.tif");
        stem.show();
        ImagePlus dictionary = new LearnJob(LearnParameters.builder().atoms(96).steps(20).batchSize(128)
                .trainingPatches(3000).build(), 2).run(stem, true).image();
        dictionary.show();
        ImagePlus txm = IJ.openImage(args[0] + "/txm_crop128.tif");
        txm.show();
        new Recorder(false);
        Recorder.setCommand("Enhance with Dictionary...");
        Thread plugin = new Thread(() -> new EnhanceWithDictionaryPlugin().run(""), "dictionary-plugin");
        plugin.start();
        GenericDialog gd = waitForDialog();
        fillIn(gd, txm.getTitle(), dictionary.getTitle(), args[1]);
        System.out.println(PREVIEW_SHOWN + waitForPreview());
        gd.actionPerformed(new ActionEvent(gd.getButtons()[0], ActionEvent.ACTION_PERFORMED, "OK"));
        plugin.join(120_000);
        String recorded = Recorder.getCommandOptions();
        System.out.println(RECORDED + recorded);
        Recorder.record = false;
        if (recorded == null) {
            System.exit(3);
        }
        Thread.currentThread().setName("Run$_fusionj_replay");
        Macro.setOptions(Thread.currentThread(), recorded.replace(args[1], args[2]));
        new EnhanceWithDictionaryPlugin().run("");
        Macro.setOptions(Thread.currentThread(), null);
        System.exit(0);
    }

    private static GenericDialog waitForDialog() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            for (Window w : Window.getWindows()) {
                if (w instanceof GenericDialog gd && w.isVisible()) {
                    return gd;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the Enhance with Dictionary dialog did not open");
    }

    /** Chooses the TXM crop, the dictionary window, OMP, save to {@code out}, and turns the preview on. */
    private static void fillIn(GenericDialog gd, String txm, String dictionary, String out) throws Exception {
        Vector<?> choices = gd.getChoices();
        java.awt.EventQueue.invokeAndWait(() -> {
            ((Choice) choices.get(0)).select(txm);
            ((Choice) choices.get(1)).select(dictionary);
            ((Choice) choices.get(2)).select("omp");
            Vector<?> strings = gd.getStringFields();
            ((TextField) strings.get(3)).setText(out);
            Vector<?> boxes = gd.getCheckboxes();
            ((Checkbox) boxes.get(1)).setState(true); // save
            Checkbox preview = (Checkbox) boxes.get(boxes.size() - 1);
            preview.setState(true);
            gd.itemStateChanged(new ItemEvent(preview, ItemEvent.ITEM_STATE_CHANGED, preview, ItemEvent.SELECTED));
        });
    }

    private static String waitForPreview() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            ImagePlus p = WindowManager.getImage("Dictionary preview");
            if (p != null) {
                return p.getWidth() + "x" + p.getHeight();
            }
            Thread.sleep(100);
        }
        return "none";
    }
}
