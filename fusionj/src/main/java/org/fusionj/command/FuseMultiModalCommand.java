package org.fusionj.command;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionPreset;
import org.fusionj.core.fusion.WeightMethod;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.FileSeriesInputs;
import org.fusionj.workflow.fusion.FusionFiles;
import org.fusionj.workflow.fusion.FusionJob;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.fusion.SeriesFusionJob;
import org.fusionj.workflow.schema.ParamValues;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Fused multi-modal EM as a SciJava command, for scripts, Fiji's {@code --headless --run} and batch. Same
 * parameter names as the ImageJ 1.x dialog and the CLI. Images come either as ImagePlus inputs ({@code haadf}
 * and {@code maps}, a stack with one slice per element) or as files ({@code haadf_file}, {@code maps_file}: a
 * comma-separated list, or one NPZ whose arrays are named like the elements). A HAADF stack (one slice per
 * frame) is a series: {@code maps} one hyperstack with a channel per element, or {@code maps_file} one stack per
 * element; every frame is fused with the same parameters and {@code fused_maps} is a hyperstack with a frame per
 * frame. A series kept in files ({@code haadf_series}, {@code map_series}, {@code frame_axis}: folders, patterns,
 * lists of files, HDF5 datasets with a frame axis) is read one frame at a time. Image inputs are never persisted.
 */
@Plugin(type = Command.class, headless = true, label = "Fuse Multi-Modal (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Fuse Multi-Modal (SciJava)")
public final class FuseMultiModalCommand extends FusionJCommand {

    @Parameter(required = false, persist = false, description = "HAADF image, or a stack of frames (or give haadf_file)")
    private ImagePlus haadf;

    @Parameter(required = false, persist = false, description = "stack of maps, one slice per element (a series: hyperstack, a channel per element)")
    private ImagePlus maps;

    @Parameter(required = false, persist = false, description = "HAADF file (TIFF, NPY, FILE.npz:KEY, ...)")
    private File haadf_file;

    @Parameter(required = false, persist = false, description = "map files, comma-separated, or one NPZ")
    private String maps_file;

    @Parameter(persist = false, description = "element symbols in map order, e.g. Sc,Dy,O")
    private String elements;

    @Parameter(required = false, choices = {"fusionj", "tutorial"})
    private String preset = FusionPreset.FUSIONJ.key();

    @Parameter(required = false, min = "1", max = "10")
    private double gamma = FusionParameters.defaults().gamma();

    @Parameter(required = false, min = "0", max = "4")
    private int weight_method = WeightMethod.Z_OVER_MEAN.code();

    @Parameter(required = false, description = "auto (= 1/number of elements) or a number")
    private String lambda_haadf = FusionKeys.AUTO;

    @Parameter(required = false, min = "0", max = "1000", description = "0 = auto (with lambda_tv 0): chosen per "
            + "element from the data")
    private double lambda_chem = FusionParameters.defaults().lambdaChem();

    @Parameter(required = false, min = "0", max = "1000", description = "0 = auto (with lambda_chem 0)")
    private double lambda_tv = FusionParameters.defaults().lambdaTv();

    @Parameter(required = false, min = "1", max = "10000")
    private int n_iter = FusionParameters.defaults().iterations();

    @Parameter(required = false, min = "1", max = "1000")
    private int n_iter_tv = FusionParameters.defaults().tvIterations();

    @Parameter(required = false, min = "0", max = "1000")
    private double bkg = FusionParameters.defaults().background();

    @Parameter(required = false, min = "0", max = "1", description = "initial pixels below this become 0; 0 = none")
    private double threshold = 0;

    @Parameter(required = false)
    private boolean regularize = true;

    @Parameter(required = false, persist = false, description = "a series kept in files, read frame by frame "
            + "(instead of haadf): a folder, a pattern frames/haadf_*.tif, a list .txt, or file.h5:/path (3-D)")
    private String haadf_series;

    @Parameter(required = false, persist = false, description = "with haadf_series: one series per element, "
            + "comma-separated, in the order of elements")
    private String map_series;

    @Parameter(required = false, choices = {"first", "last"}, description = "HDF5/EMD series: first = (frames, rows, "
            + "cols), last = (rows, cols, frames)")
    private String frame_axis = "first";

    @Parameter(required = false, persist = false, style = "directory", description = "save results here")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false, min = "0", max = "1024", description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus fused_maps;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus model_haadf;

    public FuseMultiModalCommand() {
        super("Fuse Multi-Modal");
    }

    @Override
    void execute() throws IOException {
        ParamValues values = values(FusionKeys.SCHEMA);
        FusionParameters params = FusionKeys.parameters(values);
        RunContext run = run(values, output, overwrite);
        if (given(haadf_series) || given(map_series)) {
            fuseFileSeries(SeriesFusionJob.of(params, run).automatic(FusionKeys.automatic(values)), values);
            return;
        }
        ImagePlus haadfImage = haadfImage();
        if (haadfImage.getStackSize() > 1) {
            fuseSeries(SeriesFusionJob.of(params, run).automatic(FusionKeys.automatic(values)), haadfImage);
            return;
        }
        FusionJob job = new FusionJob(params, run).automatic(FusionKeys.automatic(values));
        FusionJob.Outcome outcome = job.run(haadfImage, mapImages(), elements);
        if (outcome.auto() != null) {
            info(outcome.autoSummary());
            outcome.auto().notes().forEach(n -> info("note: " + n));
        }
        fused_maps = outcome.images().fusedMaps();
        model_haadf = outcome.images().modelHaadf();
    }

    /**
     * A HAADF stack is a series: every frame fused with the same parameters, a line per frame in the log, the
     * fused maps as a hyperstack (a channel per element, a frame per frame) and the model HAADF as a stack.
     */
    private void fuseSeries(SeriesFusionJob job, ImagePlus haadfImage) throws IOException {
        report(job.run(haadfImage, mapImages(), elements));
    }

    /** The series' log lines and outputs. */
    private void report(SeriesFusionJob.Outcome o) {
        if (o.auto() != null) {
            info(o.autoSummary(Elements.parseList(elements)));
            o.auto().notes().forEach(n -> info("note: " + n));
        }
        for (int i = 0; i < o.summary().frames(); i++) {
            info(o.frameLine(i));
        }
        fused_maps = o.fusedMaps();
        model_haadf = o.modelHaadf();
    }

    /** A series kept in files ({@code haadf_series}, {@code map_series}), read one frame at a time. */
    private void fuseFileSeries(SeriesFusionJob job, ParamValues values) throws IOException {
        if (!given(haadf_series) || !given(map_series)) {
            throw new InvalidInputException("haadf_series and map_series go together: give the HAADF series and one "
                    + "series per element");
        }
        if (haadf != null || haadf_file != null || maps != null || given(maps_file)) {
            throw new InvalidInputException("give either haadf_series and map_series (a series kept in files) or "
                    + "haadf/haadf_file and maps/maps_file, not both");
        }
        FileSeriesInputs inputs = FileSeriesInputs.open(haadf_series, map_series, elements,
                values.text(FusionKeys.FRAME_AXIS));
        report(job.run(inputs));
    }

    private ImagePlus haadfImage() throws IOException {
        if ((haadf == null) == (haadf_file == null)) {
            throw new InvalidInputException("give exactly one of haadf (an image) and haadf_file (a file)");
        }
        if (haadf != null) {
            return haadf;
        }
        return FusionFiles.openHaadf(haadf_file.getPath());
    }

    private List<ImagePlus> mapImages() throws IOException {
        if ((maps == null) == !given(maps_file)) {
            throw new InvalidInputException("give exactly one of maps (a stack) and maps_file (files)");
        }
        if (maps != null) {
            return List.of(maps);
        }
        List<String> specs = new ArrayList<>();
        for (String spec : maps_file.split(",")) {
            specs.add(spec.trim());
        }
        return FusionFiles.openMaps(specs, elements);
    }
}
