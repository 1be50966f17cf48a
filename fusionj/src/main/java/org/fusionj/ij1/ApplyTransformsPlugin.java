package org.fusionj.ij1;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.registration.ApplyTransformsJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.TransformsFile;
import org.fusionj.workflow.schema.ParamValues;

/**
 * {@code Plugins > FusionJ > Apply Transforms...}: a saved transforms file (from a registration with save) onto an
 * open image: a series of the registered length, one volume or image by index, or a label image (nearest).
 * Recordable and headless-safe.
 */
public final class ApplyTransformsPlugin implements PlugIn {

    static final String TITLE = "Apply Transforms";

    @Override
    public void run(String arg) {
        String[] titles = FusionDialog.openImageTitles();
        if (titles.length == 0) {
            PluginErrors.report(TITLE, "Open the image to transform first (a series, a volume or a label image).");
            return;
        }
        ImagePlus current = WindowManager.getCurrentImage();
        DialogForm form = new DialogForm(TITLE + "...", RegistrationKeys.APPLY_SCHEMA);
        GenericDialog gd = form.dialog();
        form.choice(RegistrationKeys.INPUT, titles, current != null ? current.getTitle() : titles[0], false);
        form.file(RegistrationKeys.TRANSFORMS, 30);
        form.message("transforms: the transforms.json a registration saved.");
        form.params(RegistrationKeys.INTERPOLATION, RegistrationKeys.INDEX);
        form.message("nearest for label images; index -1: a series of the registered length, else one volume.");
        form.checkbox("save", false, false);
        form.file("output", 24);
        form.checkbox("overwrite", false, false);
        DialogHelp.add(gd, "registration");
        form.showAndRun(TITLE, ApplyTransformsPlugin::run);
    }

    private static void run(Map<String, String> v) throws IOException {
        ImagePlus input = WindowManager.getImage(v.get(RegistrationKeys.INPUT));
        if (input == null) {
            throw new InvalidInputException("the chosen image is no longer open");
        }
        String transforms = v.get(RegistrationKeys.TRANSFORMS).trim();
        if (transforms.isEmpty()) {
            throw new InvalidInputException("give the transforms file (transforms.json of a saved registration)");
        }
        ParamValues values = RegistrationKeys.APPLY_SCHEMA.read(v::get);
        boolean save = Boolean.parseBoolean(v.get("save"));
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, save, v.get("output").trim(),
                Boolean.parseBoolean(v.get("overwrite")), "file");
        Path file = Path.of(transforms);
        IJ.resetEscape();
        ApplyTransformsJob.Outcome o = new ApplyTransformsJob(values, run).run(TransformsFile.read(file), file, input,
                null);
        IJ.showProgress(1.0);
        o.result().show();
        IJ.showStatus(String.format("%s: %d transform(s) in %.0f ms", TITLE, o.entries(), o.millis()));
    }
}
