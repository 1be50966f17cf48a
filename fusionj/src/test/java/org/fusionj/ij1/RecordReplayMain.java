package org.fusionj.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.TextField;
import java.util.Vector;

import ij.ImagePlus;
import ij.gui.GenericDialog;

import org.fusionj.io.ImageFiles;

/**
 * Run by {@link RecordReplayIT} in a separate JVM with a display, as a user would: opens the DyScO3 images,
 * opens the real dialog with the macro recorder on, fills it in (turning the preview on and waiting for the
 * preview window), presses OK, prints the recorded options, then replays them as a macro would into a second
 * output folder (see {@link DialogRecordReplay}). Arguments: NPZ OUT1 OUT2.
 */
public final class RecordReplayMain {

    static final String RECORDED = DialogRecordReplay.RECORDED;
    static final String PREVIEW_SHOWN = DialogRecordReplay.PREVIEW_SHOWN;

    private RecordReplayMain() {
    }

    public static void main(String[] args) throws Exception {
        String npz = args[0];
        for (String key : new String[] {"HAADF", "Sc", "Dy", "O"}) {
            ImagePlus imp = ImageFiles.open(npz + ":" + key);
            imp.setTitle(key);
            imp.show();
        }
        DialogRecordReplay.run("Fuse Multi-Modal...", FuseMultiModalPlugin::new, gd -> fillIn(gd, args[1]),
                "Fusion preview", p -> p.getWidth() + "x" + p.getHeight() + "x" + p.getNChannels(), args[1],
                args[2]);
    }

    /** Sets the fields a user would change: the DyScO3 images, the tutorial preset, save to {@code out}. */
    private static void fillIn(GenericDialog gd, String out) {
        Vector<?> choices = gd.getChoices();
        ((Choice) choices.get(0)).select("HAADF");
        ((Choice) choices.get(1)).select("Sc");
        ((Choice) choices.get(2)).select("Dy");
        ((Choice) choices.get(3)).select("O");
        ((Choice) choices.get(7)).select("tutorial");
        Vector<?> strings = gd.getStringFields();
        ((TextField) strings.get(0)).setText("Sc,Dy,O");
        ((TextField) strings.get(strings.size() - 1)).setText(out); // the output folder, the last text field
        ((Checkbox) gd.getCheckboxes().get(1)).setState(true); // save
    }
}
