package org.fusionj.command;

import java.io.File;
import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.schema.ParamValues;
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

    @Parameter(required = false, min = "0", max = "10", description = "voxels")
    private double smoothing = RegistrationParameters.DEFAULT_SMOOTHING;

    @Parameter(required = false, min = "1", max = "6")
    private int levels = RegistrationParameters.DEFAULT_LEVELS;

    @Parameter(required = false, min = "1", max = "10000")
    private int iterations = RegistrationParameters.DEFAULT_ITERATIONS;

    @Parameter(required = false)
    private boolean per_particle;

    @Parameter(required = false, min = "0", max = "50", description = "voxels")
    private int dilation = RegistrationParameters.DEFAULT_DILATION;

    @Parameter(required = false, min = "1", max = "1000000000")
    private int min_voxels = RegistrationParameters.DEFAULT_MIN_VOXELS;

    @Parameter(required = false, choices = {"linear", "cubic"})
    private String interpolation = "linear";

    @Parameter(required = false, persist = false, style = "directory")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false, min = "0", max = "1024", description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus registered;

    /** The binarised volumes' squared difference, a frame before and a frame after (the paper's Fig. 3). */
    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus squared_difference;

    public RegisterTwoVolumesCommand() {
        super("Register Two Volumes");
    }

    @Override
    void execute() throws IOException {
        ParamValues values = values(RegistrationKeys.PAIR_SCHEMA);
        RegistrationParameters params = RegistrationKeys.parameters(values);
        ImagePlus f = imageOrFile(fixed, fixed_file, "fixed");
        ImagePlus m = imageOrFile(moving, moving_file, "moving");
        RegistrationJob job = new RegistrationJob(params, run(values, output, overwrite));
        RegistrationJob.Outcome o = job.runPair(f, m);
        registered = o.registered();
        squared_difference = o.squaredDifference();
    }
}
