package org.fusionj.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.TextField;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ItemEvent;
import java.util.Vector;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.frame.Recorder;

import org.fusionj.io.ImageFiles;

/**
 * Run by {@link RecordReplayIT} in a separate JVM with a display, as a user would: opens the DyScO3 images,
 * opens the real dialog with the macro recorder on, fills it in (turning the preview on and waiting for the
 * preview window), presses OK, prints the recorded options, then replays them as a macro would into a second
 * output folder. Arguments: NPZ OUT1 OUT2.
 */
public final class RecordReplayMain {

    static final String RECORDED = "RECORDED OPTIONS: ";
    static final String PREVIEW_SHOWN = "PREVIEW WINDOW: ";

    private RecordReplayMain() {
    }

    public static void main(String[] args) throws Exception {
        String npz = args[0];
        for (String key : new String[] {"HAADF", "Sc", "Dy", "O"}) {
            ImagePlus imp = ImageFiles.open(npz + ":" + key);
            imp.setTitle(key);
            imp.show();
        }
        new Recorder(false);
        Recorder.setCommand("Fuse Multi-Modal...");
        Thread plugin = new Thread(() -> new FuseMultiModalPlugin().run(""), "fusion-plugin");
        plugin.start();
        GenericDialog gd = waitForDialog();
        fillIn(gd, args[1]);
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
        new FuseMultiModalPlugin().run("");
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
        throw new IllegalStateException("the Fuse Multi-Modal dialog did not open");
    }

    /** Sets the fields a user would change: the tutorial preset, preview on, save to {@code out}. */
    private static void fillIn(GenericDialog gd, String out) throws Exception {
        Vector<?> choices = gd.getChoices();
        java.awt.EventQueue.invokeAndWait(() -> {
            ((Choice) choices.get(0)).select("HAADF");
            ((Choice) choices.get(1)).select("Sc");
            ((Choice) choices.get(2)).select("Dy");
            ((Choice) choices.get(3)).select("O");
            ((Choice) choices.get(7)).select("tutorial");
            Vector<?> strings = gd.getStringFields();
            ((TextField) strings.get(0)).setText("Sc,Dy,O");
            ((TextField) strings.get(2)).setText(out);
            Vector<?> boxes = gd.getCheckboxes();
            ((Checkbox) boxes.get(1)).setState(true); // save
            Checkbox preview = (Checkbox) boxes.get(boxes.size() - 1);
            preview.setState(true);
            gd.itemStateChanged(new ItemEvent(preview, ItemEvent.ITEM_STATE_CHANGED, preview, ItemEvent.SELECTED));
        });
    }

    private static String waitForPreview() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            ImagePlus p = WindowManager.getImage("Fusion preview");
            if (p != null) {
                return p.getWidth() + "x" + p.getHeight() + "x" + p.getNChannels();
            }
            Thread.sleep(100);
        }
        return "none";
    }

}
