package org.fusionj.command;

import java.io.File;
import java.io.IOException;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.spectrum.SpectrumKeys;
import org.fusionj.workflow.spectrum.SpectrumMapsJob;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * Spectrum image to elemental maps as a SciJava command, for scripts and Fiji's {@code --headless --run}; the
 * parameters of {@code bin/fusionj maps} and the dialog, by the same names. The spectrum image comes as a file
 * ({@code input_file}: DM3/DM4, EMD, HDF5 {@code FILE.h5:/path}, NPY, TIFF stack).
 */
@Plugin(type = Command.class, headless = true, label = "Spectrum Image to Maps (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>Spectrum Image to Maps (SciJava)")
public final class SpectrumMapsCommand extends FusionJCommand {

    @Parameter(persist = false, description = "the spectrum image file (FILE.h5:/path for an HDF5 dataset)")
    private String input_file;

    @Parameter(required = false, choices = {"edx", "eels"})
    private String kind = "edx";

    @Parameter(required = false, persist = false, description = "elements in map order, e.g. Fe,O or Fe:Ka,O "
            + "(not needed with windows)")
    private String elements;

    // Calibration belongs to one file: never carried over to the next run (persist = false).
    @Parameter(required = false, persist = false, description = "eV of channel 0; 'file' = the file's calibration")
    private String energy_offset = SpectrumKeys.FROM_FILE;

    @Parameter(required = false, persist = false, description = "eV per channel; 'file' = the file's calibration")
    private String dispersion = SpectrumKeys.FROM_FILE;

    @Parameter(required = false, description = "NPY/HDF5: energy is the first axis")
    private boolean energy_first;

    @Parameter(required = false, min = "1", max = "64")
    private int spatial_binning = 1;

    @Parameter(required = false, min = "1", max = "64")
    private int energy_binning = 1;

    @Parameter(required = false, min = "0", max = "1000", description = "EDX: detector FWHM at Mn Ka, eV")
    private double edx_resolution = 130;

    @Parameter(required = false, min = "0", max = "10", description = "EDX: in FWHM")
    private double signal_half_width = 1;

    @Parameter(required = false, min = "0", max = "20", description = "EDX: in FWHM")
    private double background_offset = 2;

    @Parameter(required = false, min = "0", max = "20", description = "EDX: in FWHM")
    private double background_width = 1;

    @Parameter(required = false, description = "EELS: eV, or auto")
    private String eels_signal_width = SpectrumKeys.AUTO;

    @Parameter(required = false, description = "EELS: eV, or auto")
    private String eels_fit_width = SpectrumKeys.AUTO;

    @Parameter(required = false, choices = {"sum", "pixel"})
    private String exponent = "sum";

    @Parameter(required = false, persist = false, description = "a line/edge table file; blank = the bundled one")
    private String line_table;

    @Parameter(required = false, persist = false, description = "explicit windows instead of planned ones: "
            + "Fe:Ka=6250-6560/5860-6020/6790-6950;O=480-570/380-440 (eV), or an earlier run's windows.csv")
    private String windows;

    @Parameter(required = false, persist = false, style = "directory", description = "save the maps here")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false, min = "0", max = "1024", description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus maps;

    public SpectrumMapsCommand() {
        super("Spectrum Image to Maps");
    }

    @Override
    void execute() throws IOException {
        if (!given(input_file)) {
            throw new InvalidInputException("no spectrum image file given (input_file)");
        }
        ParamValues values = values(SpectrumKeys.SCHEMA);
        RunContext run = run(values, null, false);
        SpectrumMapsJob job = SpectrumKeys.job(values).threads(run.threads()).progress(run.progress())
                .cancellation(run.cancel());
        if (output != null) {
            job.saveTo(output.toPath(), overwrite).inputs(SpectrumKeys.readFiles(values));
        }
        SpectrumMapsJob.Outcome o = job.run(input_file.trim(), SpectrumKeys.readOptions(values));
        o.notes().forEach(n -> info("note: " + n));
        maps = o.stack();
    }
}
