package org.fusionj.command;

import java.io.File;
import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** One 3-D volume registered to another, as a SciJava command (images or files). */
@Plugin(type = Command.class, headless = true, label = "Register Two Volumes (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Register Two Volumes (SciJava)")
public final class RegisterTwoVolumesCommand extends ContextCommand {

    @Parameter(required = false, persist = false)
    private ImagePlus fixed;

    @Parameter(required = false, persist = false)
    private ImagePlus moving;

    @Parameter(required = false, persist = false)
    private File fixed_file;

    @Parameter(required = false, persist = false)
    private File moving_file;

    @Parameter(required = false, choices = {"affine", "similarity", "rigid", "translation"})
    private String transform = "affine";

    @Parameter(required = false, choices = {"mse", "ncc"})
    private String metric = "mse";

    @Parameter(required = false)
    private boolean median;

    @Parameter(required = false, min = "1", max = "6")
    private int levels = RegistrationParameters.DEFAULT_LEVELS;

    @Parameter(required = false)
    private boolean per_particle;

    @Parameter(required = false, choices = {"linear", "cubic"})
    private String interpolation = "linear";

    @Parameter(required = false, persist = false, style = "directory")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false, description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus registered;

    @Parameter
    private LogService log;

    @Parameter(required = false)
    private StatusService status;

    @Override
    public void run() {
        try {
            RegistrationParameters params = RegistrationKeys.parameters(key -> switch (key) {
                case RegistrationKeys.TRANSFORM -> transform;
                case RegistrationKeys.METRIC -> metric;
                case RegistrationKeys.MEDIAN -> Boolean.toString(median);
                case RegistrationKeys.LEVELS -> Integer.toString(levels);
                case RegistrationKeys.PER_PARTICLE -> Boolean.toString(per_particle);
                case RegistrationKeys.INTERPOLATION -> interpolation;
                default -> null;
            });
            ImagePlus f = image(fixed, fixed_file, "fixed");
            ImagePlus m = image(moving, moving_file, "moving");
            CancellationToken token = new CancellationToken();
            RegistrationJob job = new RegistrationJob(params, CommandSupport.threads(threads)).cancellation(token)
                    .progress(CommandSupport.progress(this, status, token));
            if (output != null) {
                job.saveTo(output.toPath(), overwrite);
            }
            registered = job.runPair(f, m).registered();
        } catch (InvalidInputException | IOException e) {
            cancel("Register Two Volumes: " + e.getMessage());
            log.error("Register Two Volumes: " + e.getMessage());
        } catch (CancelledException e) {
            cancel("Register Two Volumes: cancelled; nothing was written");
        }
    }

    private static ImagePlus image(ImagePlus imp, File file, String role) throws IOException {
        if ((imp == null) == (file == null)) {
            throw new InvalidInputException("give exactly one of " + role + " (an image) and " + role
                    + "_file (a file)");
        }
        return imp != null ? imp : ImageFiles.open(file.getPath());
    }
}
