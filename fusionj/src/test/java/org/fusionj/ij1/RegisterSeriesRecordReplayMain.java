package org.fusionj.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.TextField;
import java.util.Vector;

import ij.ImagePlus;
import ij.gui.GenericDialog;

import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.workflow.registration.SimulatedSeries;

/**
 * Run by {@link RegisterSeriesRecordReplayIT} in a separate JVM with a display, as a user would: opens a small
 * simulated series (48^3 voxels, 4 energies, drifting particles; what Simulate Spectro-Tomography Series... makes),
 * opens the real Register Spectro-Tomography Series dialog with the recorder on, changes every option away from its
 * default where that is cheap, turns the preview on and waits for its window, presses OK, prints the recorded
 * options, then replays them as a macro would into a second output folder (see {@link DialogRecordReplay}).
 * Arguments: OUT1 OUT2.
 */
public final class RegisterSeriesRecordReplayMain {

    static final String RECORDED = DialogRecordReplay.RECORDED;
    static final String PREVIEW_SHOWN = DialogRecordReplay.PREVIEW_SHOWN;
    static final String PREVIEW_AFTER_OK = DialogRecordReplay.PREVIEW_AFTER_OK;
    static final String SERIES = "Simulated series";
    static final int SIZE = 48;
    static final int ENERGIES = 4;

    private RegisterSeriesRecordReplayMain() {
    }

    public static void main(String[] args) throws Exception {
        ImagePlus series = SimulatedSeries.toImage(SERIES, new SeriesPhantom(SIZE, ENERGIES, PhantomNoise.DEFAULT,
                1), 2);
        series.show();
        DialogRecordReplay.run("Register Spectro-Tomography Series...", RegisterSeriesPlugin::new,
                gd -> fillIn(gd, args[0]), "Registration preview",
                p -> p.getWidth() + "x" + p.getHeight() + "x" + p.getStackSize(), args[0], args[1]);
    }

    /**
     * Chooses the series, rigid / ncc / cubic, median, smoothing 1.5, 3 levels, 20 iterations, per-particle with
     * dilation 3 and 50 voxels minimum, neighbour initialisation, save to {@code out}.
     */
    private static void fillIn(GenericDialog gd, String out) {
        Vector<?> choices = gd.getChoices();
        ((Choice) choices.get(0)).select(SERIES);
        ((Choice) choices.get(1)).select("rigid");
        ((Choice) choices.get(2)).select("ncc");
        ((Choice) choices.get(3)).select("cubic");
        Vector<?> numbers = gd.getNumericFields();
        ((TextField) numbers.get(0)).setText("1.5");
        ((TextField) numbers.get(1)).setText("3");
        ((TextField) numbers.get(2)).setText("20");
        ((TextField) numbers.get(3)).setText("3");
        ((TextField) numbers.get(4)).setText("50");
        Vector<?> strings = gd.getStringFields();
        ((TextField) strings.get(2)).setText("highest");
        ((TextField) strings.get(3)).setText(out);
        Vector<?> boxes = gd.getCheckboxes();
        ((Checkbox) boxes.get(0)).setState(true); // median
        ((Checkbox) boxes.get(1)).setState(true); // per_particle
        ((Checkbox) boxes.get(2)).setState(true); // init_neighbour
        // boxes.get(3) is chain: off (per_particle registers to the fixed energy only)
        ((Checkbox) boxes.get(4)).setState(true); // save
    }
}
