package org.fusionj.ij1;

import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.TextField;
import java.util.Vector;

import ij.ImagePlus;
import ij.gui.GenericDialog;

import ij.ImageStack;
import ij.process.FloatProcessor;

import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.Series2dPhantom;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.workflow.SpectralImages;
import org.fusionj.workflow.registration.SimulatedSeries;

/**
 * Run by {@link RegisterSeriesRecordReplayIT} in a separate JVM with a display, as a user would: opens a small
 * simulated series (48^3 voxels, 4 energies, drifting particles; what Simulate Spectro-Tomography Series... makes),
 * opens the real Register Spectro-Tomography Series dialog with the recorder on, changes every option away from its
 * default where that is cheap, turns the preview on and waits for its window, presses OK, prints the recorded
 * options, then replays them as a macro would into a second output folder (see {@link DialogRecordReplay}).
 * Arguments: OUT1 OUT2 [2d] ({@link #TWO_D}: a 2-D stack instead).
 */
public final class RegisterSeriesRecordReplayMain {

    static final String RECORDED = DialogRecordReplay.RECORDED;
    static final String PREVIEW_SHOWN = DialogRecordReplay.PREVIEW_SHOWN;
    static final String PREVIEW_AFTER_OK = DialogRecordReplay.PREVIEW_AFTER_OK;
    static final String SERIES = "Simulated series";
    static final int SIZE = 48;
    static final int ENERGIES = 4;
    /** The third argument that asks for a 2-D stack (one image per energy) instead of a series of volumes. */
    static final String TWO_D = "2d";

    /**
     * A 2-D stack (drifting, magnified 2-D phantom, energies as slices, in the metadata): rigid / ncc, 2 levels,
     * 20 iterations, save; the preview on, its window showing the stack's current image (the first) registered to
     * the highest energy.
     */
    private static void twoD(String[] args) throws Exception {
        Series2dPhantom p = new Series2dPhantom(SIZE, ENERGIES, 1.5, 0.01, 0.01, 3);
        ImageStack st = new ImageStack(SIZE, SIZE);
        for (int e = 0; e < ENERGIES; e++) {
            st.addSlice(null, new FloatProcessor(SIZE, SIZE, p.image(e).data()));
        }
        ImagePlus stack = new ImagePlus(SERIES, st);
        SpectralImages.store(stack, p.energies());
        stack.show();
        DialogRecordReplay.run("Register Spectro-Tomography Series...", RegisterSeriesPlugin::new, gd -> {
            // choices: series, flat, dark (both *None*), transform, metric, interpolation
            Vector<?> choices = gd.getChoices();
            ((Choice) choices.get(0)).select(SERIES);
            ((Choice) choices.get(3)).select("rigid");
            ((Choice) choices.get(4)).select("ncc");
            Vector<?> numbers = gd.getNumericFields();
            ((TextField) numbers.get(1)).setText("2");
            ((TextField) numbers.get(2)).setText("20");
            // strings: energies, energies_file, i0, fixed_energy, difference_energy (largest), output
            ((TextField) gd.getStringFields().get(5)).setText(args[0]);
            ((Checkbox) gd.getCheckboxes().get(4)).setState(true); // save
        }, "Registration preview", im -> im.getWidth() + "x" + im.getHeight() + "x" + im.getStackSize(), args[0],
                args[1]);
    }

    private RegisterSeriesRecordReplayMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 2 && args[2].equals(TWO_D)) {
            twoD(args);
            return;
        }
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
        // choices: series, flat, dark (both *None*: volumes take no correction), transform, metric, interpolation
        Vector<?> choices = gd.getChoices();
        ((Choice) choices.get(0)).select(SERIES);
        ((Choice) choices.get(3)).select("rigid");
        ((Choice) choices.get(4)).select("ncc");
        ((Choice) choices.get(5)).select("cubic");
        Vector<?> numbers = gd.getNumericFields();
        ((TextField) numbers.get(0)).setText("1.5");
        ((TextField) numbers.get(1)).setText("3");
        ((TextField) numbers.get(2)).setText("20");
        ((TextField) numbers.get(3)).setText("3");
        ((TextField) numbers.get(4)).setText("50");
        // strings: energies, energies_file, i0 (blank), fixed_energy, difference_energy, output
        Vector<?> strings = gd.getStringFields();
        ((TextField) strings.get(3)).setText("highest");
        ((TextField) strings.get(4)).setText("6530"); // difference_energy: the lowest energy
        ((TextField) strings.get(5)).setText(out);
        Vector<?> boxes = gd.getCheckboxes();
        ((Checkbox) boxes.get(0)).setState(true); // median
        ((Checkbox) boxes.get(1)).setState(true); // per_particle
        ((Checkbox) boxes.get(2)).setState(true); // init_neighbour
        // boxes.get(3) is chain: off (per_particle registers to the fixed energy only)
        ((Checkbox) boxes.get(4)).setState(true); // save
    }
}
