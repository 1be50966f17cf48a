package org.fusionj.ij1;

import java.io.IOException;
import java.util.Map;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.spectrum.SpectrumKeys;
import org.fusionj.workflow.spectrum.SpectrumMapsJob;
import org.fusionj.workflow.spectrum.SpectrumPlot;

/**
 * {@code Plugins > FusionJ > Spectrum Image to Maps...}: an EDX or EELS spectrum image file (DM3/DM4, EMD, HDF5,
 * NPY, TIFF stack) to elemental maps, shown as a stack (a labelled slice per element) with a plot of the summed
 * spectrum, the background models and the windows; optionally saved. Recordable; the parameters are those of
 * {@code bin/fusionj maps}. With {@code preview} ticked, the summed spectrum with the windows and the maps follow
 * every edit ({@link SpectrumMapsPreview}); the preview box is no part of the recording.
 */
public final class SpectrumMapsPlugin implements PlugIn {

    static final String TITLE = "Spectrum Image to Maps";

    @Override
    public void run(String arg) {
        DialogForm form = new DialogForm(TITLE + "...", SpectrumKeys.SCHEMA);
        GenericDialog gd = form.dialog();
        form.file(SpectrumKeys.INPUT, 30);
        // Pairs share a row so that the dialog fits a laptop screen; the order (and so the recording) is the schema's.
        form.besidePrevious(SpectrumKeys.DISPERSION, SpectrumKeys.ENERGY_FIRST, SpectrumKeys.ENERGY_BINNING,
                SpectrumKeys.SIGNAL_HALF_WIDTH, SpectrumKeys.BACKGROUND_WIDTH, SpectrumKeys.EELS_FIT_WIDTH,
                SpectrumKeys.EXPONENT, SpectrumKeys.WINDOWS);
        form.allParams();
        form.message("energy_offset, dispersion: 'file' = the file's calibration. EDX widths in FWHM at the line.\n"
                + "windows: Fe:Ka=6250-6560/5860-6020/6790-6950;O=... in eV, or an earlier windows.csv (then no elements).");
        form.checkbox("save", false, false);
        gd.addToSameRow();
        form.directory("output", 24);
        form.checkbox(SpectrumKeys.OVERWRITE, false, false);
        // Last, and read straight from the component: a preview is no part of the recorded macro.
        gd.addToSameRow();
        gd.addCheckbox("preview", false);
        DialogHelp.add(gd, "spectrum-maps");
        // The shared preview loop (DialogForm): every field read on each change and in the close call ImageJ
        // records; OK disabled while a value is refused, as this dialog always did.
        form.okOnlyWhenValid().showAndRun(TITLE, form.macro() ? null : new SpectrumMapsPreview(),
                SpectrumMapsPlugin::run);
    }

    private static void run(Map<String, String> v) throws IOException {
        String input = v.get(SpectrumKeys.INPUT).trim();
        if (input.isEmpty()) {
            throw new InvalidInputException("no spectrum image file given (input)");
        }
        ParamValues values = SpectrumKeys.read(v::get);
        SpectrumMapsJob job = SpectrumKeys.job(values);
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel);
        job.threads(run.threads()).progress(run.progress()).cancellation(cancel);
        if (Boolean.parseBoolean(v.get("save"))) {
            String out = v.get("output").trim();
            if (out.isEmpty()) {
                throw new InvalidInputException("'save' is checked but no output folder is given");
            }
            job.saveTo(java.nio.file.Path.of(out), Boolean.parseBoolean(v.get(SpectrumKeys.OVERWRITE)))
                    .inputs(SpectrumKeys.readFiles(values));
        }
        IJ.resetEscape();
        SpectrumMapsJob.Outcome o = job.run(input, SpectrumKeys.readOptions(values));
        IJ.showProgress(1.0);
        o.notes().forEach(n -> IJ.log(TITLE + ": note: " + n));
        o.maps().windows().forEach(w -> IJ.log(TITLE + ": " + w.describe()));
        o.stack().setTitle("Maps of " + ImageFiles.Source.parse(input).file().getFileName());
        o.stack().show();
        SpectrumPlot.of(o.maps(), o.image().name()).show();
        IJ.showStatus(String.format("%s: %d map(s) of %d x %d pixels%s", TITLE, o.stack().getStackSize(),
                o.stack().getWidth(), o.stack().getHeight(), o.written().isEmpty() ? "" : ", saved"));
    }
}
