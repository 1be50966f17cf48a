package org.fusionj.command;

import java.io.File;
import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.registration.SeriesInput;
import org.fusionj.workflow.registration.StackRegistration;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Registration of a spectro-tomography series as a SciJava command, for scripts and headless batch; the same
 * parameter names as the ImageJ 1.x dialog and the CLI. The series comes as an ImagePlus ({@code series}) or a file
 * ({@code series_file}); energies typed, from a file, or from the image's metadata. A 2-D stack of raw transmission
 * images is corrected first with {@code flat}/{@code flat_file}, {@code dark}/{@code dark_file} and {@code i0}, as
 * the CLI's {@code --flat --dark --i0} do. Image inputs are never persisted.
 */
@Plugin(type = Command.class, headless = true, label = "Register Spectro-Tomography Series (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Register Spectro-Tomography Series (SciJava)")
public final class RegisterSeriesCommand extends FusionJCommand {

    @Parameter(required = false, persist = false)
    private ImagePlus series;

    @Parameter(required = false, persist = false)
    private File series_file;

    @Parameter(required = false, persist = false, description = "energies in eV, comma-separated")
    private String energies;

    @Parameter(required = false, persist = false)
    private File energies_file;

    @Parameter(required = false, persist = false, description = "2-D stacks of raw counts: flat (open-beam) image")
    private ImagePlus flat;

    @Parameter(required = false, persist = false)
    private File flat_file;

    @Parameter(required = false, persist = false, description = "2-D stacks of raw counts: dark image")
    private ImagePlus dark;

    @Parameter(required = false, persist = false)
    private File dark_file;

    @Parameter(required = false, persist = false, description = "2-D stacks of raw counts: i0 per energy, "
            + "comma-separated, or a text file")
    private String i0;

    @Parameter(required = false, persist = false, description = "'highest' or an energy in eV")
    private String fixed_energy = RegistrationKeys.HIGHEST;

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

    @Parameter(required = false)
    private boolean init_neighbour = true;

    @Parameter(required = false)
    private boolean chain;

    @Parameter(required = false, description = "'largest', 'none' or an energy in eV: the squared-difference figure")
    private String difference_energy = RegistrationKeys.LARGEST;

    @Parameter(required = false, persist = false, style = "directory")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false, min = "0", max = "1024", description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus registered;

    public RegisterSeriesCommand() {
        super("Register Series");
    }

    @Override
    void execute() throws IOException {
        ParamValues values = values(RegistrationKeys.SERIES_SCHEMA);
        RegistrationParameters params = RegistrationKeys.parameters(values);
        ImagePlus input = imageOrFile(series, series_file, "series");
        double[] e = energies(energies, energies_file, input, RegistrationKeys.ENERGIES);
        RegistrationJob job = new RegistrationJob(params, run(values, output, overwrite)).difference(values.text(
                RegistrationKeys.DIFFERENCE_ENERGY));
        StackRegistration.Correction correction = new StackRegistration.Correction(imageOrNone(flat, flat_file),
                imageOrNone(dark, dark_file), StackRegistration.i0(i0, e.length));
        StackRegistration.requireTwoD(input, correction);
        if (StackRegistration.isTwoD(input)) {
            // a 2-D stack (one image per energy): as the CLI's, after the flat/dark/i0 correction when given
            RegistrationJob.StackOutcome o = job.runStack(input, e, correction.any() ? correction : null,
                    values.text(RegistrationKeys.FIXED_ENERGY));
            if (o.clamped() > 0) {
                warn(o.clamped() + " pixel(s) had a transmission <= 0 after the "
                        + "flat/dark correction and were clamped");
            }
            registered = o.registration().registered();
            return;
        }
        SeriesInput in = SeriesInput.ofHyperstack(input, e);
        registered = job.runSeries(in, in.fixedIndex(values.text(RegistrationKeys.FIXED_ENERGY))).registered();
    }
}
