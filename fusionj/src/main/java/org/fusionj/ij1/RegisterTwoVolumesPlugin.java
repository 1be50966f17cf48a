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
        DialogForm form = new DialogForm(TITLE + "...", RegistrationKeys.PAIR_SCHEMA);
        GenericDialog gd = form.dialog();
        form.choice(RegistrationKeys.FIXED_VOLUME, titles, titles[0], false);
        form.choice(RegistrationKeys.MOVING_VOLUME, titles, titles[1], false);
        RegistrationDialogFields.add(form, false);
        form.checkbox("save", false, false);
        form.directory("output", 24);
        form.checkbox("overwrite", false, false);
        DialogHelp.add(gd, "registration");
        form.showAndRun(TITLE, RegisterTwoVolumesPlugin::run);
    }

    private static void run(Map<String, String> v) throws IOException {
        ImagePlus fixed = WindowManager.getImage(v.get(RegistrationKeys.FIXED_VOLUME));
        ImagePlus moving = WindowManager.getImage(v.get(RegistrationKeys.MOVING_VOLUME));
        RegistrationParameters params = RegistrationKeys.parameters(RegistrationKeys.PAIR_SCHEMA.read(v::get));
        boolean save = Boolean.parseBoolean(v.get("save"));
        String output = v.get("output").trim();
        boolean overwrite = Boolean.parseBoolean(v.get("overwrite"));
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
