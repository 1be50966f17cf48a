package org.fusionj.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.tomo.TiltAngleText;
import org.fusionj.workflow.tomo.TomoFusionJob;
import org.fusionj.workflow.tomo.TomoKeys;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Fused multi-modal electron tomography as a SciJava command, for scripts, Fiji's {@code --headless --run} and
 * batch; the same parameter names as {@code bin/fusionj fuse-tomo}. The HAADF tilt series comes as an image or a
 * file; the chemical tilt series as one open hyperstack ({@code maps}: a channel per element in the order of
 * {@code elements}, a slice per tilt, so every element on the same tilts, as the 2-D command's {@code maps} holds a
 * channel per element) or as files ({@code maps_file}, comma-separated, one per element: each on its own tilts).
 * Tilt angles: a file, a list or FROM:TO:STEP ({@code haadf_angles}, {@code chem_angles}: one for every map, or one
 * per map separated by {@code |}), or blank for the slice labels. Image inputs are never persisted.
 */
@Plugin(type = Command.class, headless = true, label = "Fused Multi-Modal Tomography (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Fused Multi-Modal Tomography (SciJava)")
public final class FusedTomographyCommand extends FusionJCommand {

    @Parameter(required = false, persist = false, description = "HAADF tilt series (or give haadf_file)")
    private ImagePlus haadf;

    @Parameter(required = false, persist = false, description = "HAADF tilt series file (TIFF, NPY, FILE.h5:/DATA, ...)")
    private File haadf_file;

    @Parameter(required = false, persist = false, description = "chemical tilt series as one hyperstack: a channel "
            + "per element (in the order of elements), a slice per tilt (or give maps_file)")
    private ImagePlus maps;

    @Parameter(required = false, persist = false, description = "chemical tilt series files, comma-separated, one "
            + "per element (each on its own tilts; or give maps)")
    private String maps_file;

    @Parameter(persist = false, description = "element symbols in map order, e.g. Au,Ag,Cu")
    private String elements;

    @Parameter(required = false, persist = false, description = "HAADF tilts: file, list or FROM:TO:STEP; blank = "
            + "slice labels")
    private String haadf_angles;

    @Parameter(required = false, persist = false, description = "chemical tilts: file, list or FROM:TO:STEP for "
            + "every map, or one per map separated by |; blank = slice labels")
    private String chem_angles;

    @Parameter(required = false, choices = {"fused", "fuse_tilts_first", "chemical_kl", "chemical_sirt"})
    private String method = "fused";

    @Parameter(required = false, min = "1", max = "10")
    private double gamma = 1.6;

    @Parameter(required = false, min = "0", max = "4")
    private int weight_method = 1;

    @Parameter(required = false, min = "0", max = "1000000")
    private double lambda_haadf = 3;

    @Parameter(required = false, min = "0", max = "1000000")
    private double lambda_chem = 1;

    @Parameter(required = false, min = "0", max = "1000")
    private double lambda_tv = 0.015;

    @Parameter(required = false, min = "1", max = "10000")
    private int n_iter = 50;

    @Parameter(required = false, min = "1", max = "1000")
    private int n_iter_tv = 5;

    @Parameter(required = false, min = "0", max = "1000")
    private double bkg = 0.1;

    @Parameter(required = false)
    private boolean regularize = true;

    @Parameter(required = false, choices = {"joseph"})
    private String projector = "joseph";

    @Parameter(required = false, min = "0", max = "1048576", description = "voxels along the beam; 0 = image width")
    private int depth;

    @Parameter(required = false, min = "1", max = "10000")
    private int n_iter_init = 20;

    @Parameter(required = false, choices = {"separate", "joint"})
    private String tv_coupling = "joint";

    @Parameter(required = false, description = "joint TV: dual fields kept between steps; false = FGP from zero, "
            + "as before 2026-12-07")
    private boolean tv_warm_start = true;

    @Parameter(required = false, min = "0", max = "1000", description = "fused only: composition TV weight; 0 = off")
    private double composition_tv = 0.3;

    @Parameter(required = false, min = "0", max = "1000")
    private double tilt_lambda_chem = 0.08;

    @Parameter(required = false, min = "0", max = "1000")
    private double tilt_lambda_tv = 0.15;

    @Parameter(required = false, min = "1", max = "10000")
    private int tilt_n_iter = 30;

    @Parameter(required = false, min = "1", max = "1000")
    private int tilt_n_iter_tv = 3;

    @Parameter(required = false, min = "0", max = "1000")
    private double tilt_bkg = 0.24;

    @Parameter(required = false, persist = false, style = "directory", description = "save results here")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false, min = "0", max = "1024", description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus volumes;

    public FusedTomographyCommand() {
        super("Fused Multi-Modal Tomography");
    }

    @Override
    void execute() throws IOException {
        ParamValues values = values(TomoKeys.SCHEMA);
        TomoFusionParameters params = TomoKeys.parameters(values);
        String[] symbols = Elements.parseList(elements);
        ImagePlus h = imageOrFile(haadf, haadf_file, "haadf");
        double[] hAngles = TiltAngleText.of(haadf_angles, h, TomoKeys.HAADF_ANGLES);
        List<ImagePlus> maps = chemicalSeries(symbols);
        List<double[]> mapAngles = TiltAngleText.perSeries(chem_angles, maps, TomoKeys.CHEM_ANGLES);
        TomoFusionJob.Outcome o = new TomoFusionJob(params, run(values, output, overwrite)).run(h, hAngles, maps,
                mapAngles, String.join(",", symbols));
        volumes = o.volumes();
    }

    /** One tilt series per element, from {@code maps} (split by channel) or {@code maps_file}; exactly one given. */
    private List<ImagePlus> chemicalSeries(String[] symbols) throws IOException {
        if ((maps == null) == !given(maps_file)) {
            throw new InvalidInputException("give exactly one of maps (a hyperstack, a channel per element) and "
                    + "maps_file (one chemical tilt series file per element, comma-separated)");
        }
        if (maps != null) {
            return channels(maps, symbols);
        }
        String[] specs = maps_file.split(",");
        if (specs.length != symbols.length) {
            throw new InvalidInputException(symbols.length + " element(s) but " + specs.length + " maps_file "
                    + "file(s); give one chemical tilt series per element, in order");
        }
        List<ImagePlus> series = new ArrayList<>();
        for (String spec : specs) {
            series.add(ImageFiles.open(spec.trim()));
        }
        return series;
    }

    /**
     * The channels of a hyperstack as one tilt series each (the tilts: its slices, or its frames when it has one
     * slice), slice labels (tilt angles) and calibration kept. A plain stack is one element's series.
     */
    static List<ImagePlus> channels(ImagePlus maps, String[] symbols) {
        int c = maps.getNChannels();
        if (c != symbols.length) {
            throw new InvalidInputException("maps (" + maps.getTitle() + ") has " + c + " channel(s) but elements "
                    + "names " + symbols.length + "; give a hyperstack with a channel per element, in the order of "
                    + "elements, and a slice per tilt (Image > Hyperstacks > Stack to Hyperstack), or maps_file");
        }
        if (c == 1) {
            return List.of(maps);
        }
        int z = maps.getNSlices();
        int t = maps.getNFrames();
        if (z > 1 && t > 1) {
            throw new InvalidInputException("maps (" + maps.getTitle() + ") has " + z + " slices and " + t
                    + " frames; give the tilts as slices (or as frames), not both");
        }
        ImageStack stack = maps.getStack();
        List<ImagePlus> series = new ArrayList<>(c);
        for (int ch = 1; ch <= c; ch++) {
            ImageStack one = new ImageStack(maps.getWidth(), maps.getHeight());
            for (int i = 1; i <= Math.max(z, t); i++) {
                int index = z > 1 ? maps.getStackIndex(ch, i, 1) : maps.getStackIndex(ch, 1, i);
                one.addSlice(stack.getSliceLabel(index), stack.getProcessor(index));
            }
            ImagePlus imp = new ImagePlus(symbols[ch - 1] + " of " + maps.getTitle(), one);
            imp.setCalibration(maps.getCalibration());
            series.add(imp);
        }
        return series;
    }

}
