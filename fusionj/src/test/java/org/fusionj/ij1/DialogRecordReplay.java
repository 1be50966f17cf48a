package org.fusionj.ij1;

import java.awt.Checkbox;
import java.awt.EventQueue;
import java.awt.Window;
import java.awt.event.ActionEvent;
import java.awt.event.ItemEvent;
import java.util.Vector;
import java.util.function.Function;
import java.util.function.Supplier;

import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;

/**
 * What the record/replay mains do for any dialog, as a user would: open the plugin's real dialog with the macro
 * recorder on, fill it in, turn the preview on (the dialog's last checkbox) and wait for the preview window, press
 * OK, print the recorded options, then replay them as a macro would with the output path swapped, and exit (3 when
 * nothing was recorded). The printed lines start with {@link #PREVIEW_SHOWN}, {@link #PREVIEW_AFTER_OK} (whether
 * the preview window is still open once the plugin has run) and {@link #RECORDED}.
 */
final class DialogRecordReplay {

    static final String RECORDED = "RECORDED OPTIONS: ";
    static final String PREVIEW_SHOWN = "PREVIEW WINDOW: ";
    static final String PREVIEW_AFTER_OK = "PREVIEW WINDOW AFTER OK: ";

    /** Fills in the dialog's fields; runs on the event thread. */
    interface Form {
        void fillIn(GenericDialog gd);
    }

    private DialogRecordReplay() {
    }

    /**
     * @param command   the menu command, e.g. {@code "Fuse Multi-Modal..."}
     * @param plugin    a new instance of the plugin, for the recorded run and for the replay
     * @param preview   the preview window's title
     * @param describe  what to print about the preview window
     * @param out       the output path the form enters; replaced by {@code replayOut} for the replay
     */
    static void run(String command, Supplier<PlugIn> plugin, Form form, String preview,
                    Function<ImagePlus, String> describe, String out, String replayOut) throws Exception {
        runDialog(command, plugin, form, preview, describe, out, replayOut);
    }

    /** The same for a dialog without a preview: fills it in, presses OK, prints the recording and replays it. */
    static void runWithoutPreview(String command, Supplier<PlugIn> plugin, Form form, String out, String replayOut)
            throws Exception {
        runDialog(command, plugin, form, null, null, out, replayOut);
    }

    private static void runDialog(String command, Supplier<PlugIn> plugin, Form form, String preview,
                                  Function<ImagePlus, String> describe, String out, String replayOut) throws Exception {
        new Recorder(false);
        Recorder.setCommand(command);
        Thread dialog = new Thread(() -> plugin.get().run(""), "dialog-plugin");
        dialog.start();
        GenericDialog gd = waitForDialog(command);
        if (preview == null) {
            EventQueue.invokeAndWait(() -> form.fillIn(gd));
        } else {
            EventQueue.invokeAndWait(() -> {
                form.fillIn(gd);
                Vector<?> boxes = gd.getCheckboxes();
                Checkbox previewBox = (Checkbox) boxes.get(boxes.size() - 1);
                previewBox.setState(true);
                gd.itemStateChanged(new ItemEvent(previewBox, ItemEvent.ITEM_STATE_CHANGED, previewBox,
                        ItemEvent.SELECTED));
            });
            System.out.println(PREVIEW_SHOWN + waitForPreview(preview, describe));
        }
        // OK as a mouse click delivers it: an action event dispatched to the button on the AWT event thread (ImageJ
        // records the options while the dialog closes there; pressing OK from another thread hid a plugin that
        // recorded nothing).
        java.awt.Button ok = gd.getButtons()[0];
        EventQueue.invokeAndWait(() -> ok.dispatchEvent(new ActionEvent(ok, ActionEvent.ACTION_PERFORMED,
                ok.getLabel())));
        dialog.join(120_000);
        if (preview != null) {
            System.out.println(PREVIEW_AFTER_OK + (WindowManager.getImage(preview) == null ? "closed" : "open"));
        }
        String recorded = Recorder.getCommandOptions();
        System.out.println(RECORDED + recorded);
        Recorder.record = false;
        if (recorded == null) {
            System.exit(3);
        }
        Thread.currentThread().setName("Run$_fusionj_replay");
        Macro.setOptions(Thread.currentThread(), recorded.replace(out, replayOut));
        plugin.get().run("");
        Macro.setOptions(Thread.currentThread(), null);
        System.exit(0);
    }

    private static GenericDialog waitForDialog(String command) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            for (Window w : Window.getWindows()) {
                if (w instanceof GenericDialog gd && w.isVisible()) {
                    return gd;
                }
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the " + command.replace("...", "") + " dialog did not open");
    }

    private static String waitForPreview(String title, Function<ImagePlus, String> describe)
            throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            ImagePlus p = WindowManager.getImage(title);
            if (p != null) {
                return describe.apply(p);
            }
            Thread.sleep(100);
        }
        return "none";
    }
}
