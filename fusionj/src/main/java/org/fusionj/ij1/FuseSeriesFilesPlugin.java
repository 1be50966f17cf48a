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
 * The preview fuses the series' first frame (a centred square, as Fuse Multi-Modal's preview of an image without
 * ROI) with the dialog's values, in the same preview window; it closes with the dialog. The dialog remembers its
 * own values ({@link #MEMORY}), apart from Fuse Multi-Modal's.
 */
public final class FuseSeriesFilesPlugin implements PlugIn {

    static final String TITLE = "Fuse Series from Files";

    /**
     * The fusion schema under this dialog's own name: the dialog's memory (ImageJ preferences
     * {@code fusionj.fuse-series-files.*}) is its own, so neither fusion dialog overwrites the other's last values.
     */
    static final String MEMORY = "fuse-series-files";

    @Override
    public void run(String arg) {
        DialogForm form = new DialogForm(TITLE + "...", FusionKeys.SCHEMA.named(MEMORY));
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
        // Last, and read straight from the component: a preview is no part of the recorded macro.
        form.dialog().addToSameRow();
        form.dialog().addCheckbox("preview", false);
        DialogHelp.add(form.dialog(), "fusion");
        form.showAndRun(TITLE, form.macro() ? null : new FirstFramePreview(), FuseSeriesFilesPlugin::fuse);
    }

    /** The dialog's preview: the first frame fused with the dialog's values ({@link FusionPreview#updateFirstFrame}). */
    private static final class FirstFramePreview implements DialogForm.Preview {
        private final FusionPreview preview = new FusionPreview();

        @Override
        public void update(Map<String, String> v) {
            ParamValues values = FusionKeys.SCHEMA.read(v::get);
            requireSeries(values);
            preview.updateFirstFrame(values.text(FusionKeys.HAADF_SERIES), values.text(FusionKeys.MAP_SERIES),
                    v.get(FusionKeys.ELEMENTS), values.text(FusionKeys.FRAME_AXIS), FusionKeys.parameters(values),
                    FusionKeys.automatic(values));
        }

        @Override
        public void close() {
            preview.close();
        }

        @Override
        public void dispose() {
            preview.dispose();
        }
    }

    private static void requireSeries(ParamValues values) {
        if (blank(values.text(FusionKeys.HAADF_SERIES)) || blank(values.text(FusionKeys.MAP_SERIES))) {
            throw new InvalidInputException("give the HAADF series (haadf_series) and one series per element "
                    + "(map_series)");
        }
    }

    private static void fuse(Map<String, String> v) throws IOException {
        ParamValues values = FusionKeys.SCHEMA.read(v::get);
        requireSeries(values);
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
