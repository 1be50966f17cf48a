package org.fusionj.ij1;

import java.io.IOException;

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

/**
 * {@code Plugins > FusionJ > Register Two Volumes...}: one 3-D stack registered to another (they may differ in size;
 * the output is on the fixed grid with the fixed calibration). Recordable and headless-safe.
 */
public final class RegisterTwoVolumesPlugin implements PlugIn {

    static final String TITLE = "Register Two Volumes";

    @Override
    public void run(String arg) {
        String[] titles = FusionDialog.openImageTitles();
        if (titles.length < 2) {
            PluginErrors.report(TITLE, "Open two 3-D stacks first: the fixed volume and the moving volume.");
            return;
        }
        GenericDialog gd = new GenericDialog(TITLE + "...");
        gd.addChoice(RegistrationKeys.FIXED_VOLUME, titles, titles[0]);
        gd.addChoice(RegistrationKeys.MOVING_VOLUME, titles, titles[1]);
        RegistrationDialogFields.add(gd, false);
        gd.addCheckbox("save", false);
        gd.addDirectoryField("output", "", 24);
        gd.addCheckbox("overwrite", false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        PluginRun.reporting(TITLE, () -> run(gd));
    }

    private static void run(GenericDialog gd) throws IOException {
        ImagePlus fixed = WindowManager.getImage(gd.getNextChoice());
        ImagePlus moving = WindowManager.getImage(gd.getNextChoice());
        RegistrationParameters params = RegistrationDialogFields.read(gd, false);
        boolean save = gd.getNextBoolean();
        String output = gd.getNextString().trim();
        boolean overwrite = gd.getNextBoolean();
        if (fixed == null || moving == null) {
            throw new InvalidInputException("the chosen volumes are no longer open");
        }
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, save, output, overwrite, "folder");
        RegistrationJob job = new RegistrationJob(params, run);
        IJ.resetEscape();
        RegistrationJob.Outcome o = job.runPair(fixed, moving);
        IJ.showProgress(1.0);
        o.registered().show();
        o.table().show("Registration results");
        IJ.showStatus(String.format("%s: MSE %.5f -> %.5f in %.0f ms", TITLE, o.results().get(0).before().mse(),
                o.results().get(0).after().mse(), o.millis()));
    }
}
