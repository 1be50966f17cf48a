package org.fusionj.ij1;

import java.awt.AWTEvent;
import java.awt.Checkbox;
import java.io.IOException;
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

/**
 * {@code Plugins > FusionJ > Register Spectro-Tomography Series...}: every energy of a hyperstack (energies as
 * frames) registered in 3-D to one fixed energy. Shows the registered hyperstack (calibration kept), a table per
 * energy and a plot of MSE vs energy; saves them with the transforms when an output folder is given. Recordable; in
 * a macro no window but the results opens. The preview registers the series window's current frame.
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
        GenericDialog gd = new GenericDialog(TITLE + "...");
        gd.addChoice(RegistrationKeys.SERIES, titles, current != null ? current.getTitle() : titles[0]);
        gd.addStringField(RegistrationKeys.ENERGIES, "", 30);
        gd.addFileField(RegistrationKeys.ENERGIES_FILE, "", 30);
        gd.addMessage("Energies (eV): typed, or a text/CSV file, or both blank to use the image's metadata.");
        gd.addStringField(RegistrationKeys.FIXED_ENERGY, RegistrationKeys.HIGHEST, 12);
        RegistrationDialogFields.add(gd, true);
        gd.addCheckbox("save", false);
        gd.addDirectoryField("output", "", 24);
        gd.addCheckbox("overwrite", false);
        // Last, and read straight from the component: a preview is no part of the recorded macro.
        gd.addCheckbox("preview", false);
        RegistrationPreview preview = new RegistrationPreview();
        gd.addDialogListener((dialog, e) -> previewIfAsked(dialog, e, preview));
        gd.showDialog();
        preview.dispose();
        if (gd.wasCanceled()) {
            return;
        }
        PluginRun.reporting(TITLE, () -> run(read(gd)));
    }

    private record Choice(ImagePlus series, SeriesInput input, int fixedIndex, RegistrationParameters params,
            boolean save, String output, boolean overwrite) {
    }

    private static Choice read(GenericDialog gd) throws IOException {
        ImagePlus series = WindowManager.getImage(gd.getNextChoice());
        String energiesText = gd.getNextString().trim();
        String energiesFile = gd.getNextString().trim();
        String fixedEnergy = gd.getNextString().trim();
        RegistrationParameters params = RegistrationDialogFields.read(gd, true);
        boolean save = gd.getNextBoolean();
        String output = gd.getNextString().trim();
        boolean overwrite = gd.getNextBoolean();
        if (series == null) {
            throw new InvalidInputException("the chosen series is no longer open");
        }
        SeriesInput input = SeriesInput.ofHyperstack(series, XanesEdgeMapPlugin.energies(series, energiesText,
                energiesFile));
        return new Choice(series, input, input.fixedIndex(fixedEnergy), params, save, output, overwrite);
    }

    private static boolean previewIfAsked(GenericDialog gd, AWTEvent e, RegistrationPreview preview) {
        Vector<?> boxes = gd.getCheckboxes();
        boolean on = gd.isVisible() && ((Checkbox) boxes.get(boxes.size() - 1)).getState();
        if (!on || e == null) {
            return true;
        }
        try {
            Choice c = read(gd);
            int fixedFrame = c.fixedIndex() + 1;
            int frame = c.series().getFrame();
            int movingFrame = frame != fixedFrame ? frame : fixedFrame == 1 ? 2 : 1;
            preview.update(c.series(), fixedFrame, movingFrame, c.params());
        } catch (InvalidInputException | IOException ex) {
            IJ.showStatus("Registration preview: " + ex.getMessage());
        }
        return true;
    }

    private static void run(Choice c) throws IOException {
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, c.save(), c.output(), c.overwrite(), "folder");
        RegistrationJob job = new RegistrationJob(c.params(), run);
        IJ.resetEscape();
        show(job.runSeries(c.input(), c.fixedIndex()));
    }

    static void show(RegistrationJob.Outcome o) {
        IJ.showProgress(1.0);
        o.registered().show();
        o.table().show("Registration results");
        o.plot().show();
        IJ.showStatus(String.format("%s: %d volume(s) in %.0f ms", TITLE, o.results().size(), o.millis()));
    }
}
