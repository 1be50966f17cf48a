package org.fusionj.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.TextField;
import java.util.Vector;

import ij.ImageListener;
import ij.ImagePlus;
import ij.gui.GenericDialog;

import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.workflow.tomo.SimulatedTomo;

/**
 * Run by {@link TomoRecordReplayIT} in a separate JVM with a display, as a user would: opens the tilt series of a
 * small phantom ({@value #SIZE}^3, Au and Cu, angles in the slice labels), opens the real Fused Multi-Modal
 * Tomography dialog with the recorder on, chooses the series, a few iterations and Orthogonal Views, turns the
 * preview on and waits for its window, presses OK, prints the recorded options, then replays them as a macro would
 * into a second output folder (see {@link DialogRecordReplay}). Every image window that opens is printed after
 * {@link #OPENED}. Arguments: OUT1 OUT2.
 */
public final class TomoRecordReplayMain {

    static final String RECORDED = DialogRecordReplay.RECORDED;
    static final String PREVIEW_SHOWN = DialogRecordReplay.PREVIEW_SHOWN;
    static final String PREVIEW_AFTER_OK = DialogRecordReplay.PREVIEW_AFTER_OK;
    static final String OPENED = "OPENED: ";
    static final int SIZE = 24;

    private TomoRecordReplayMain() {
    }

    public static void main(String[] args) throws Exception {
        TomoPhantom ph = TomoPhantom.generate(TomoPhantomSpec.defaults(SIZE).toBuilder().symbols("Au", "Cu").build(),
                2);
        SimulatedTomo.series("HAADF tilt series", ph.problem().haadf()).show();
        for (ElementTiltSeries e : ph.problem().elements()) {
            SimulatedTomo.series(e.symbol() + " tilt series", e.series()).show();
        }
        ImagePlus.addImageListener(new ImageListener() {
            @Override
            public void imageOpened(ImagePlus imp) {
                System.out.println(OPENED + imp.getTitle());
            }

            @Override
            public void imageClosed(ImagePlus imp) {
            }

            @Override
            public void imageUpdated(ImagePlus imp) {
            }
        });
        DialogRecordReplay.run("Fused Multi-Modal Tomography...", FusedTomographyPlugin::new,
                gd -> fillIn(gd, args[0]), TomoPreview.TITLE,
                p -> p.getWidth() + "x" + p.getHeight() + "x" + p.getNChannels(), args[0], args[1]);
    }

    /**
     * The phantom's series, Au,Cu, lambda_tv 0.02, 6 iterations and 6 initial ones, composition_tv 0.2, Orthogonal
     * Views, save.
     */
    private static void fillIn(GenericDialog gd, String out) {
        Vector<?> choices = gd.getChoices();
        ((Choice) choices.get(0)).select("HAADF tilt series");
        ((Choice) choices.get(1)).select("Au tilt series");
        ((Choice) choices.get(2)).select("Cu tilt series");
        ((Choice) choices.get(choices.size() - 1)).select("orthogonal"); // views, the last choice
        Vector<?> strings = gd.getStringFields();
        ((TextField) strings.get(0)).setText("Au,Cu");
        ((TextField) strings.get(strings.size() - 1)).setText(out); // the output folder, the last text field
        Vector<?> numbers = gd.getNumericFields();
        ((TextField) numbers.get(4)).setText("0.02"); // lambda_tv
        ((TextField) numbers.get(5)).setText("6"); // n_iter
        ((TextField) numbers.get(9)).setText("6"); // n_iter_init
        ((TextField) numbers.get(10)).setText("0.2"); // composition_tv
        ((Checkbox) gd.getCheckboxes().get(2)).setState(true); // save (after regularize and tv_warm_start)
    }
}
