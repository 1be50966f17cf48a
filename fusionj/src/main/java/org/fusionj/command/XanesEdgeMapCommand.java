package org.fusionj.command;

import java.io.File;
import java.io.IOException;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.StackRegistration;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.xanes.XanesInputs;
import org.fusionj.workflow.xanes.XanesJob;
import org.fusionj.workflow.xanes.XanesKeys;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * XANES edge-energy mapping as a SciJava command, for scripts and headless batch; the same parameter names as
 * the ImageJ 1.x dialog and the CLI, and every option of the dialog but the ROI Manager's spectra and the colour
 * bar. The series comes as an ImagePlus ({@code series}) or a file ({@code series_file}); energies typed, from a
 * file, or from the image's metadata; the mask as an image or a file; the LCF references as comma-separated CSV
 * files; a raw 2-D stack registered first ({@code register}, with {@code flat}/{@code flat_file},
 * {@code dark}/{@code dark_file} and {@code i0}) as the CLI's {@code --register} does. Image inputs are never
 * persisted.
 */
@Plugin(type = Command.class, headless = true, label = "XANES Edge Map (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>XANES Edge Map (SciJava)")
public final class XanesEdgeMapCommand extends FusionJCommand {

    @Parameter(required = false, persist = false)
    private ImagePlus series;

    @Parameter(required = false, persist = false)
    private File series_file;

    @Parameter(required = false, persist = false, description = "energies in eV, comma-separated")
    private String energies;

    @Parameter(required = false, persist = false)
    private File energies_file;

    @Parameter(required = false, choices = {"Ti K", "V K", "Cr K", "Mn K", "Fe K", "Co K", "Ni K", "Cu K", "Zn K",
        "custom"})
    private String edge = "Mn K";

    @Parameter(required = false, min = "0", max = "100000", description = "eV; 0 = the preset's")
    private double e0;

    @Parameter(required = false, description = "from,to in eV relative to e0; blank = preset")
    private String pre_edge;

    @Parameter(required = false)
    private String post_edge;

    @Parameter(required = false, min = "0", max = "2")
    private int post_order = 1;

    @Parameter(required = false, min = "0", max = "1000")
    private double jump_threshold = XanesParameters.DEFAULT_JUMP_THRESHOLD;

    @Parameter(required = false)
    private String edge_window;

    @Parameter(required = false)
    private String white_line_window;

    @Parameter(required = false)
    private String methods = "half_height";

    @Parameter(required = false)
    private boolean edge_jump;

    @Parameter(required = false)
    private boolean flatten;

    @Parameter(required = false, choices = {"fit", "interpolate"})
    private String edge_estimator = "fit";

    @Parameter(required = false, description = "from,to in eV around each voxel's first edge estimate: the samples "
            + "the edge model is fitted to")
    private String edge_fit_window = "-15,25";

    @Parameter(required = false, min = "0", max = "50", description = "eV (0 = none)")
    private double lcf_max_shift;

    @Parameter(required = false, choices = {"none", "pca", "kmeans", "nmf"})
    private String phases = "none";

    @Parameter(required = false, min = "1", max = "50")
    private int components = 3;

    @Parameter(required = false, persist = false, description = "nonzero voxels are mapped")
    private ImagePlus mask;

    @Parameter(required = false, persist = false)
    private File mask_file;

    @Parameter(required = false, persist = false, description = "2-4 CSV files (energy, mu), comma-separated")
    private String references;

    @Parameter(required = false)
    private boolean sum_to_one = true;

    @Parameter(required = false, persist = false)
    private boolean particles;

    @Parameter(required = false, choices = {"26", "6"})
    private String connectivity = "26";

    @Parameter(required = false, min = "1", max = "1000000000")
    private long min_voxels = 10;

    @Parameter(required = false, min = "0", max = "1000")
    private double bin_width = 0.25;

    @Parameter(required = false, persist = false, description = "2-D stacks: register first (after flat/dark/i0 "
            + "when given)")
    private boolean register;

    @Parameter(required = false, persist = false, description = "with register: flat (open-beam) image")
    private ImagePlus flat;

    @Parameter(required = false, persist = false)
    private File flat_file;

    @Parameter(required = false, persist = false, description = "with register: dark image")
    private ImagePlus dark;

    @Parameter(required = false, persist = false)
    private File dark_file;

    @Parameter(required = false, persist = false, description = "with register: i0 per energy, comma-separated, "
            + "or a text file")
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

    @Parameter(required = false, choices = {"linear", "cubic"})
    private String interpolation = "linear";

    @Parameter(required = false)
    private boolean init_neighbour = true;

    @Parameter(required = false)
    private boolean chain;

    @Parameter(required = false, description = "with register: 'largest', 'none' or an energy in eV: the "
            + "squared-difference figure")
    private String difference_energy = RegistrationKeys.LARGEST;

    @Parameter(required = false, persist = false, description = "with register: map inside the registration's "
            + "Otsu mask only")
    private boolean registration_mask;

    @Parameter(required = false, persist = false, style = "directory")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false)
    private boolean hdf5;

    @Parameter(required = false, persist = false, min = "0", max = "1024", description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus edge_energy;

    public XanesEdgeMapCommand() {
        super("XANES Edge Map");
    }

    @Override
    void execute() throws IOException {
        ParamValues values = values(XanesKeys.SCHEMA);
        XanesParameters params = XanesKeys.parameters(values);
        if (given(references)) {
            params = params.toBuilder().lcf(XanesInputs.lcf(List.of(references.split(",")), sum_to_one)).build();
        }
        ImagePlus input = imageOrFile(series, series_file, "series");
        XanesJob job = new XanesJob(params, run(values, output, overwrite)).hdf5(values.bool(XanesKeys.HDF5));
        ImagePlus maskImage = imageOrNone(mask, mask_file);
        if (maskImage != null) {
            job.mask(maskImage);
        }
        if (particles) {
            job.particles(XanesKeys.connectivity(values), min_voxels, bin_width);
        }
        job.phases(XanesKeys.phaseOptions(values)).lcfMaxShift(values.number(XanesKeys.LCF_MAX_SHIFT));
        double[] e = energies(energies, energies_file, input, XanesKeys.ENERGIES);
        job.registerFirst(values, new StackRegistration.Correction(imageOrNone(flat, flat_file),
                imageOrNone(dark, dark_file), StackRegistration.i0(i0, e.length)));
        XanesJob.Outcome o = job.run(input, e);
        edge_energy = o.images().edgeEnergy(o.histogramMethod());
    }

}
