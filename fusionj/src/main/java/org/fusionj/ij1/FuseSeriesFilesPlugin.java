package org.fusionj.ij1;

import java.io.IOException;
import java.util.Map;

import ij.IJ;
import ij.plugin.PlugIn;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.fusion.FileSeriesInputs;
import org.fusionj.workflow.fusion.FusionKeys;
import org.fusionj.workflow.fusion.SeriesFusionJob;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.ParamValues;

/**
 * {@code Plugins > FusionJ > Fuse Series from Files...}: a series that stays on disk (a folder of images with one
 * frame per file, a pattern, a list of files, or an HDF5/EMD dataset with a frame axis), fused frame by frame with
 * one parameter set like a HAADF stack in {@code Fuse Multi-Modal...}, but read one frame at a time: no image needs
 * to be open and the series never sits in memory whole (only the results do). Same parameters and results as the
 * stack route; recordable, with the CLI's keys ({@code haadf_series}, {@code map_series}, {@code frame_axis}).
 * No preview: fuse one frame in {@code Fuse Multi-Modal...} to tune the parameters first.
 */
public final class FuseSeriesFilesPlugin implements PlugIn {

    static final String TITLE = "Fuse Series from Files";

    @Override
    public void run(String arg) {
        DialogForm form = new DialogForm(TITLE + "...", FusionKeys.SCHEMA);
        form.file(FusionKeys.HAADF_SERIES, 40);
        form.string(FusionKeys.MAP_SERIES, "", 40, true);
        form.string(FusionKeys.ELEMENTS, "", 16, true);
        Param axis = FusionKeys.SCHEMA.param(FusionKeys.FRAME_AXIS);
        form.dialog().addToSameRow();
        form.choice(FusionKeys.FRAME_AXIS, axis.choices().toArray(String[]::new), axis.defaultText(), true);
        form.message("A series: a folder (one image per frame), a pattern (frames/haadf_*.tif), a list of files (.txt)\n"
                + "or an HDF5/EMD dataset with a frame axis (file.h5:/path). map_series: one per element, comma-separated.");
        form.besidePrevious(FusionKeys.WEIGHT_METHOD, FusionKeys.LAMBDA_TV, FusionKeys.N_ITER_TV, FusionKeys.THRESHOLD)
                .allParams();
        form.checkbox("save", false, true);
        form.directory(FusionKeys.OUTPUT, 24);
        form.checkbox(FusionKeys.OVERWRITE, false, false);
        DialogHelp.add(form.dialog(), "fusion");
        form.showAndRun(TITLE, FuseSeriesFilesPlugin::fuse);
    }

    private static void fuse(Map<String, String> v) throws IOException {
        ParamValues values = FusionKeys.SCHEMA.read(v::get);
        if (blank(values.text(FusionKeys.HAADF_SERIES)) || blank(values.text(FusionKeys.MAP_SERIES))) {
            throw new InvalidInputException("give the HAADF series (haadf_series) and one series per element "
                    + "(map_series)");
        }
        FileSeriesInputs inputs = FileSeriesInputs.open(values.text(FusionKeys.HAADF_SERIES),
                values.text(FusionKeys.MAP_SERIES), v.get(FusionKeys.ELEMENTS), values.text(FusionKeys.FRAME_AXIS));
        boolean save = Boolean.parseBoolean(v.get("save"));
        String outputDir = v.get(FusionKeys.OUTPUT) == null ? "" : v.get(FusionKeys.OUTPUT).trim();
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, save, outputDir,
                Boolean.parseBoolean(v.get(FusionKeys.OVERWRITE)), "folder");
        IJ.resetEscape();
        SeriesFusionJob.Outcome o = SeriesFusionJob.of(FusionKeys.parameters(values), run)
                .automatic(FusionKeys.automatic(values)).run(inputs);
        FuseMultiModalPlugin.showSeries(TITLE, o, v.get(FusionKeys.ELEMENTS), outputDir);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
