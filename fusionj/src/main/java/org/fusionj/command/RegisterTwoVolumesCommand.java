package org.fusionj.command;

import java.io.File;
import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** One 3-D volume registered to another, as a SciJava command (images or files). */
@Plugin(type = Command.class, headless = true, label = "Register Two Volumes (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Register Two Volumes (SciJava)")
public final class RegisterTwoVolumesCommand extends FusionJCommand {

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

    @Parameter(required = false)
    private double smoothing = RegistrationParameters.DEFAULT_SMOOTHING;

    @Parameter(required = false, min = "1", max = "6")
    private int levels = RegistrationParameters.DEFAULT_LEVELS;

    @Parameter(required = false)
    private int iterations = RegistrationParameters.DEFAULT_ITERATIONS;

    @Parameter(required = false)
    private boolean per_particle;

    @Parameter(required = false)
    private int dilation = RegistrationParameters.DEFAULT_DILATION;

    @Parameter(required = false)
    private int min_voxels = RegistrationParameters.DEFAULT_MIN_VOXELS;

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

    public RegisterTwoVolumesCommand() {
        super("Register Two Volumes");
    }

    @Override
    void execute() throws IOException {
        RegistrationParameters params = RegistrationKeys.parameters(key -> switch (key) {
            case RegistrationKeys.TRANSFORM -> transform;
            case RegistrationKeys.METRIC -> metric;
            case RegistrationKeys.MEDIAN -> Boolean.toString(median);
            case RegistrationKeys.SMOOTHING -> Double.toString(smoothing);
            case RegistrationKeys.LEVELS -> Integer.toString(levels);
            case RegistrationKeys.ITERATIONS -> Integer.toString(iterations);
            case RegistrationKeys.PER_PARTICLE -> Boolean.toString(per_particle);
            case RegistrationKeys.DILATION -> Integer.toString(dilation);
            case RegistrationKeys.MIN_VOXELS -> Integer.toString(min_voxels);
            case RegistrationKeys.INTERPOLATION -> interpolation;
            default -> null;
        });
        ImagePlus f = imageOrFile(fixed, fixed_file, "fixed");
        ImagePlus m = imageOrFile(moving, moving_file, "moving");
        RegistrationJob job = new RegistrationJob(params, run(threads, output, overwrite));
        registered = job.runPair(f, m).registered();
    }
}
