package org.fusionj.ij1;

import java.awt.AWTEvent;
import java.awt.Checkbox;
import java.io.IOException;
import java.util.Map;
import java.util.Vector;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.SeriesInput;
import org.fusionj.workflow.registration.StackRegistration;

/**
 * {@code Plugins > FusionJ > Register Spectro-Tomography Series...}: every energy of a hyperstack (energies as
 * frames) registered in 3-D to one fixed energy. Shows the registered hyperstack (calibration kept), a table per
 * energy and a plot of MSE vs energy; saves them with the transforms when an output folder is given. Recordable; in
 * a macro no window but the results opens. The preview registers the series window's current frame (of a 2-D
 * stack, its current image).
 */
public final class RegisterSeriesPlugin implements PlugIn {

    static final String TITLE = "Register Spectro-Tomography Series";

    @Override
    public void run(String arg) {
        String[] titles = FusionDialog.openImageTitles();
        if (titles.length == 0) {
            PluginErrors.report(TITLE, "Open the series first: a hyperstack with the energies as frames "
                    + "(Plugins > FusionJ > Simulate Spectro-Tomography Series... makes one).");
            return;
        }
        ImagePlus current = WindowManager.getCurrentImage();
        DialogForm form = new DialogForm(TITLE + "...", RegistrationKeys.SERIES_SCHEMA);
        GenericDialog gd = form.dialog();
        form.choice(RegistrationKeys.SERIES, titles, current != null ? current.getTitle() : titles[0], false);
        form.string(RegistrationKeys.ENERGIES, "", 30, false);
        form.file(RegistrationKeys.ENERGIES_FILE, 30);
        form.message("Energies (eV): typed, or a text/CSV file, or both blank to use the image's metadata.");
        form.param(RegistrationKeys.FIXED_ENERGY);
        RegistrationDialogFields.add(form, true);
        form.checkbox("save", false, false);
        form.directory("output", 24);
        form.checkbox("overwrite", false, false);
        // Last, and read straight from the component: a preview is no part of the recorded macro.
        gd.addCheckbox("preview", false);
        DialogHelp.add(gd, "registration");
        RegistrationPreview preview = form.macro() ? null : new RegistrationPreview();
        if (preview != null) {
            gd.addDialogListener((dialog, e) -> listen(form, e, preview));
        }
        gd.showDialog();
        if (preview != null) {
            preview.dispose();
        }
        if (gd.wasCanceled()) {
            return;
        }
        PluginRun.reporting(TITLE, () -> {
            // ImageJ records the options while the listener reads them as the dialog closes (see listen); a macro's
            // run has no listener and reads them here.
            Map<String, String> values = lastValues != null ? lastValues : form.read();
            form.remember(values);
            run(choice(values));
        });
    }

    /** The values the listener read when the dialog closed with OK (the only read ImageJ records then). */
    private Map<String, String> lastValues;

    /** {@code energies} and {@code fixed} are used by 2-D stacks ({@link StackRegistration}). */
    private record Choice(ImagePlus series, SeriesInput input, int fixedIndex, RegistrationParameters params,
            boolean save, String output, boolean overwrite, double[] energies, String fixed, String difference) {
    }

    private static Choice choice(Map<String, String> v) throws IOException {
        ImagePlus series = WindowManager.getImage(v.get(RegistrationKeys.SERIES));
        RegistrationParameters params = RegistrationKeys.parameters(v::get);
        if (series == null) {
            throw new InvalidInputException("the chosen series is no longer open");
        }
        double[] energies = XanesEdgeMapPlugin.energies(series, v.get(RegistrationKeys.ENERGIES).trim(),
                v.get(RegistrationKeys.ENERGIES_FILE).trim());
        // a 2-D stack (one image per energy) registers as the CLI's does, without the flat/dark correction
        SeriesInput input = StackRegistration.isTwoD(series)
                ? SeriesInput.of(org.fusionj.workflow.SpectralImages.of(series, energies))
                : SeriesInput.ofHyperstack(series, energies);
        String fixed = v.get(RegistrationKeys.FIXED_ENERGY).trim();
        return new Choice(series, input, input.fixedIndex(fixed), params, Boolean.parseBoolean(v.get("save")),
                v.get("output").trim(), Boolean.parseBoolean(v.get("overwrite")), energies, fixed,
                v.get(RegistrationKeys.DIFFERENCE_ENERGY));
    }

    /**
     * The dialog listener. ImageJ calls it with a null event once as the dialog closes with OK, and records only
     * what is read during that call: so every field is read then. On other events it previews when asked.
     */
    private boolean listen(DialogForm form, AWTEvent e, RegistrationPreview preview) {
        GenericDialog gd = form.dialog();
        if (e == null) {
            try {
                lastValues = form.read();
            } catch (InvalidInputException ex) {
                lastValues = null;
            }
            return true;
        }
        Vector<?> boxes = gd.getCheckboxes();
        boolean on = gd.isVisible() && ((Checkbox) boxes.get(boxes.size() - 1)).getState();
        if (!on) {
            return true;
        }
        try {
            Choice c = choice(form.read());
            // a 2-D stack (energies as slices or frames of one slice) previews its current image: with one channel
            // the stack index is the energy's
            boolean twoD = StackRegistration.isTwoD(c.series());
            int fixedFrame = c.fixedIndex() + 1;
            int frame = twoD ? c.series().getCurrentSlice() : c.series().getFrame();
            int movingFrame = frame != fixedFrame ? frame : fixedFrame == 1 ? 2 : 1;
            preview.update(c.series(), fixedFrame, movingFrame, c.params(), twoD);
        } catch (InvalidInputException | IOException ex) {
            IJ.showStatus("Registration preview: " + ex.getMessage());
        }
        return true;
    }

    private static void run(Choice c) throws IOException {
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, c.save(), c.output(), c.overwrite(), "folder");
        RegistrationJob job = new RegistrationJob(c.params(), run).difference(c.difference());
        IJ.resetEscape();
        if (StackRegistration.isTwoD(c.series())) {
            RegistrationJob.StackOutcome o = job.runStack(c.series(), c.energies(), null, c.fixed());
            show(o.registration());
            return;
        }
        show(job.runSeries(c.input(), c.fixedIndex()));
    }

    static void show(RegistrationJob.Outcome o) {
        IJ.showProgress(1.0);
        o.registered().show();
        o.table().show("Registration results");
        o.plot().show();
        if (o.squaredDifference() != null) {
            o.squaredDifference().show();
        }
        IJ.showStatus(String.format("%s: %d volume(s) in %.0f ms", TITLE, o.results().size(), o.millis()));
    }
}
