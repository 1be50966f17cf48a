package org.fusionj.command;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.registration.RegistrationJob;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.SeriesInput;
import org.fusionj.workflow.xanes.EnergyLists;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Registration of a spectro-tomography series as a SciJava command, for scripts and headless batch; the same
 * parameter names as the ImageJ 1.x dialog and the CLI. The series comes as an ImagePlus ({@code series}) or a file
 * ({@code series_file}); energies typed, from a file, or from the image's metadata. Image inputs are never persisted.
 */
@Plugin(type = Command.class, headless = true, label = "Register Spectro-Tomography Series (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Register Spectro-Tomography Series (SciJava)")
public final class RegisterSeriesCommand extends ContextCommand {

    @Parameter(required = false, persist = false)
    private ImagePlus series;

    @Parameter(required = false, persist = false)
    private File series_file;

    @Parameter(required = false, persist = false, description = "energies in eV, comma-separated")
    private String energies;

    @Parameter(required = false, persist = false)
    private File energies_file;

    @Parameter(required = false, persist = false, description = "'highest' or an energy in eV")
    private String fixed_energy = RegistrationKeys.HIGHEST;

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

    @Parameter(required = false)
    private boolean init_neighbour = true;

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
            RegistrationParameters params = RegistrationKeys.parameters(values()::get);
            ImagePlus input = seriesImage();
            SeriesInput in = SeriesInput.ofHyperstack(input, energies(input));
            CancellationToken token = new CancellationToken();
            RegistrationJob job = new RegistrationJob(params, CommandSupport.threads(threads))
                    .cancellation(token)
                    .progress(CommandSupport.progress(this, status, token));
            if (output != null) {
                job.saveTo(output.toPath(), overwrite);
            }
            registered = job.runSeries(in, in.fixedIndex(fixed_energy)).registered();
        } catch (InvalidInputException | IOException e) {
            cancel("Register Series: " + e.getMessage());
            log.error("Register Series: " + e.getMessage());
        } catch (CancelledException e) {
            cancel("Register Series: cancelled; nothing was written");
        }
    }

    private Map<String, String> values() {
        Map<String, String> v = new HashMap<>();
        v.put(RegistrationKeys.TRANSFORM, transform);
        v.put(RegistrationKeys.METRIC, metric);
        v.put(RegistrationKeys.MEDIAN, Boolean.toString(median));
        v.put(RegistrationKeys.SMOOTHING, Double.toString(smoothing));
        v.put(RegistrationKeys.LEVELS, Integer.toString(levels));
        v.put(RegistrationKeys.ITERATIONS, Integer.toString(iterations));
        v.put(RegistrationKeys.PER_PARTICLE, Boolean.toString(per_particle));
        v.put(RegistrationKeys.DILATION, Integer.toString(dilation));
        v.put(RegistrationKeys.MIN_VOXELS, Integer.toString(min_voxels));
        v.put(RegistrationKeys.INTERPOLATION, interpolation);
        v.put(RegistrationKeys.INIT_NEIGHBOUR, Boolean.toString(init_neighbour));
        return v;
    }

    private ImagePlus seriesImage() throws IOException {
        if ((series == null) == (series_file == null)) {
            throw new InvalidInputException("give exactly one of series (an image) and series_file (a file)");
        }
        return series != null ? series : ImageFiles.open(series_file.getPath());
    }

    private double[] energies(ImagePlus input) throws IOException {
        if (energies != null && !energies.isBlank()) {
            return EnergyLists.parse(energies, RegistrationKeys.ENERGIES);
        }
        if (energies_file != null) {
            return EnergyLists.fromFile(Path.of(energies_file.getPath()));
        }
        double[] e = EnergyLists.fromImage(input);
        if (e == null) {
            throw new InvalidInputException(input.getTitle() + " carries no energies; give energies or "
                    + "energies_file");
        }
        return e;
    }
}
