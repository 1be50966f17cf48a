package org.fusionj.ij1;

import java.io.IOException;
import java.util.Map;

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
 * stack, its current image). A 2-D stack of raw transmission images is corrected first when flat, dark or i0 are
 * given (as {@code fusionj register --flat --dark --i0} and the XANES dialog's register route do); the preview
 * registers the images as they are.
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
        String[] images = OptionalImages.choices(titles);
        DialogForm form = new DialogForm(TITLE + "...", RegistrationKeys.SERIES_SCHEMA);
        GenericDialog gd = form.dialog();
        form.choice(RegistrationKeys.SERIES, titles, current != null ? current.getTitle() : titles[0], false);
        // energies | energies_file, flat | dark | i0: rows shared, so that the dialog fits a laptop screen
        form.string(RegistrationKeys.ENERGIES, "", 24, false);
        gd.addToSameRow();
        form.file(RegistrationKeys.ENERGIES_FILE, 24);
        // flat | dark | i0: 2-D stacks of raw counts (not remembered: images and beam intensities of one run)
        form.choice(RegistrationKeys.FLAT, images, OptionalImages.NONE, false);
        gd.addToSameRow();
        form.choice(RegistrationKeys.DARK, images, OptionalImages.NONE, false);
        gd.addToSameRow();
        form.string(RegistrationKeys.I0, "", 12, false);
        form.message("Energies (eV): typed, a text/CSV file, or both blank for the image's metadata. flat, dark, "
                + "i0 (per energy, or a file): raw 2-D stacks.");
        form.param(RegistrationKeys.FIXED_ENERGY);
        RegistrationDialogFields.add(form, true);
        form.checkbox("save", false, false);
        form.directory("output", 24);
        form.checkbox("overwrite", false, false);
        // Last, and never read by the form: a preview is no part of the recorded macro.
        gd.addCheckbox("preview", false);
        DialogHelp.add(gd, "registration");
        form.showAndRun(TITLE, form.macro() ? null : new Preview(), v -> run(choice(v)));
    }

    /**
     * {@code energies} and {@code fixed} are used by 2-D stacks ({@link StackRegistration}), {@code correction}
     * (null for none) by 2-D stacks of raw counts.
     */
    private record Choice(ImagePlus series, SeriesInput input, int fixedIndex, RegistrationParameters params,
            boolean save, String output, boolean overwrite, double[] energies, String fixed, String difference,
            StackRegistration.Correction correction) {
    }

    private static Choice choice(Map<String, String> v) throws IOException {
        ImagePlus series = WindowManager.getImage(v.get(RegistrationKeys.SERIES));
        RegistrationParameters params = RegistrationKeys.parameters(v::get);
        if (series == null) {
            throw new InvalidInputException("the chosen series is no longer open");
        }
        double[] energies = XanesEdgeMapPlugin.energies(series, v.get(RegistrationKeys.ENERGIES).trim(),
                v.get(RegistrationKeys.ENERGIES_FILE).trim());
        StackRegistration.Correction correction = new StackRegistration.Correction(
                OptionalImages.chosen(v.get(RegistrationKeys.FLAT)),
                OptionalImages.chosen(v.get(RegistrationKeys.DARK)),
                StackRegistration.i0(v.get(RegistrationKeys.I0), energies.length));
        StackRegistration.requireTwoD(series, correction);
        // a 2-D stack (one image per energy) registers as the CLI's does
        SeriesInput input = StackRegistration.isTwoD(series)
                ? SeriesInput.of(org.fusionj.workflow.SpectralImages.of(series, energies))
                : SeriesInput.ofHyperstack(series, energies);
        String fixed = v.get(RegistrationKeys.FIXED_ENERGY).trim();
        return new Choice(series, input, input.fixedIndex(fixed), params, Boolean.parseBoolean(v.get("save")),
                v.get("output").trim(), Boolean.parseBoolean(v.get("overwrite")), energies, fixed,
                v.get(RegistrationKeys.DIFFERENCE_ENERGY), correction.any() ? correction : null);
    }

    /**
     * The dialog's live preview ({@link DialogForm#showAndRun(String, DialogForm.Preview, DialogForm.Work)}): the
     * series window's current frame (of a 2-D stack, its current image) registered to the fixed one.
     */
    private static final class Preview implements DialogForm.Preview {

        private final RegistrationPreview preview = new RegistrationPreview();

        @Override
        public void update(Map<String, String> values) throws IOException {
            Choice c = choice(values);
            // a 2-D stack (energies as slices or frames of one slice) previews its current image: with one channel
            // the stack index is the energy's
            boolean twoD = StackRegistration.isTwoD(c.series());
            int fixedFrame = c.fixedIndex() + 1;
            int frame = twoD ? c.series().getCurrentSlice() : c.series().getFrame();
            int movingFrame = frame != fixedFrame ? frame : fixedFrame == 1 ? 2 : 1;
            preview.update(c.series(), fixedFrame, movingFrame, c.params(), twoD);
        }

        @Override
        public void close() {
            preview.close();
        }

        @Override
        public void dispose() {
            preview.dispose();
        }
    }

    private static void run(Choice c) throws IOException {
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, c.save(), c.output(), c.overwrite(), "folder");
        RegistrationJob job = new RegistrationJob(c.params(), run).difference(c.difference());
        IJ.resetEscape();
        if (StackRegistration.isTwoD(c.series())) {
            RegistrationJob.StackOutcome o = job.runStack(c.series(), c.energies(), c.correction(), c.fixed());
            show(o.registration());
            if (o.clamped() > 0) {
                IJ.log(TITLE + ": " + o.clamped() + " pixel(s) had a transmission <= 0 after the flat/dark correction "
                        + "and were clamped");
            }
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
