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
import org.fusionj.core.segment.Connectivity;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.xanes.EnergyLists;
import org.fusionj.workflow.xanes.XanesJob;
import org.fusionj.workflow.xanes.XanesKeys;
import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/**
 * XANES edge-energy mapping as a SciJava command, for scripts and headless batch; the same parameter names as
 * the ImageJ 1.x dialog and the CLI. The series comes as an ImagePlus ({@code series}) or a file
 * ({@code series_file}); energies typed, from a file, or from the image's metadata. Image inputs are never
 * persisted.
 */
@Plugin(type = Command.class, headless = true, label = "XANES Edge Map (SciJava)",
        menuPath = "Plugins>FusionJ>Scripting>XANES Edge Map (SciJava)")
public final class XanesEdgeMapCommand extends ContextCommand {

    @Parameter(required = false, persist = false)
    private ImagePlus series;

    @Parameter(required = false, persist = false)
    private File series_file;

    @Parameter(required = false, persist = false, description = "energies in eV, comma-separated")
    private String energies;

    @Parameter(required = false, persist = false)
    private File energies_file;

    @Parameter(required = false)
    private String edge = "Mn K";

    @Parameter(required = false, description = "eV; 0 = the preset's")
    private double e0;

    @Parameter(required = false, description = "from,to in eV relative to e0; blank = preset")
    private String pre_edge;

    @Parameter(required = false)
    private String post_edge;

    @Parameter(required = false, min = "0", max = "2")
    private int post_order = 1;

    @Parameter(required = false)
    private double jump_threshold = XanesParameters.DEFAULT_JUMP_THRESHOLD;

    @Parameter(required = false)
    private String edge_window;

    @Parameter(required = false)
    private String white_line_window;

    @Parameter(required = false)
    private String methods = "half_height";

    @Parameter(required = false)
    private boolean edge_jump;

    @Parameter(required = false, persist = false)
    private boolean particles;

    @Parameter(required = false, choices = {"26", "6"})
    private String connectivity = "26";

    @Parameter(required = false)
    private long min_voxels = 10;

    @Parameter(required = false)
    private double bin_width = 0.25;

    @Parameter(required = false, persist = false, style = "directory")
    private File output;

    @Parameter(required = false, persist = false)
    private boolean overwrite;

    @Parameter(required = false, persist = false)
    private boolean hdf5;

    @Parameter(required = false, persist = false, description = "0 = all cores")
    private int threads;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus edge_energy;

    @Parameter
    private LogService log;

    @Parameter(required = false)
    private StatusService status;

    @Override
    public void run() {
        try {
            Map<String, String> values = new HashMap<>();
            values.put(XanesKeys.EDGE, edge);
            values.put(XanesKeys.E0, e0 > 0 ? Double.toString(e0) : null);
            values.put(XanesKeys.PRE_EDGE, blankToNull(pre_edge));
            values.put(XanesKeys.POST_EDGE, blankToNull(post_edge));
            values.put(XanesKeys.POST_ORDER, Integer.toString(post_order));
            values.put(XanesKeys.JUMP_THRESHOLD, Double.toString(jump_threshold));
            values.put(XanesKeys.EDGE_WINDOW, blankToNull(edge_window));
            values.put(XanesKeys.WHITE_LINE_WINDOW, blankToNull(white_line_window));
            values.put(XanesKeys.METHODS, methods);
            values.put(XanesKeys.EDGE_JUMP, Boolean.toString(edge_jump));
            XanesParameters params = XanesKeys.parameters(values::get);
            ImagePlus input = seriesImage();
            CancellationToken token = new CancellationToken();
            XanesJob job = new XanesJob(params, CommandSupport.threads(threads))
                    .cancellation(token)
                    .progress(CommandSupport.progress(this, status, token));
            if (particles) {
                job.particles(Connectivity.parse(connectivity), min_voxels, bin_width);
            }
            if (output != null) {
                job.saveTo(output.toPath(), overwrite, hdf5);
            }
            XanesJob.Outcome o = job.run(input, energies(input));
            edge_energy = o.images().edgeEnergy(o.histogramMethod());
        } catch (InvalidInputException | IOException e) {
            cancel("XANES Edge Map: " + e.getMessage());
            log.error("XANES Edge Map: " + e.getMessage());
        } catch (CancelledException e) {
            cancel("XANES Edge Map: cancelled; nothing was written");
        }
    }

    private ImagePlus seriesImage() throws IOException {
        if ((series == null) == (series_file == null)) {
            throw new InvalidInputException("give exactly one of series (an image) and series_file (a file)");
        }
        return series != null ? series : ImageFiles.open(series_file.getPath());
    }

    private double[] energies(ImagePlus input) throws IOException {
        if (energies != null && !energies.isBlank()) {
            return EnergyLists.parse(energies, XanesKeys.ENERGIES);
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

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
