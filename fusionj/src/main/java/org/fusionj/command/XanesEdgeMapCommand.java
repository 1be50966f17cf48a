package org.fusionj.command;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import ij.ImagePlus;

import org.fusionj.core.segment.Connectivity;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.workflow.xanes.XanesJob;
import org.fusionj.workflow.xanes.XanesKeys;
import org.scijava.ItemIO;
import org.scijava.command.Command;
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
public final class XanesEdgeMapCommand extends FusionJCommand {

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

    public XanesEdgeMapCommand() {
        super("XANES Edge Map");
    }

    @Override
    void execute() throws IOException {
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
        ImagePlus input = imageOrFile(series, series_file, "series");
        XanesJob job = new XanesJob(params, run(threads, output, overwrite)).hdf5(hdf5);
        if (particles) {
            job.particles(Connectivity.parse(connectivity), min_voxels, bin_width);
        }
        XanesJob.Outcome o = job.run(input, energies(energies, energies_file, input, XanesKeys.ENERGIES));
        edge_energy = o.images().edgeEnergy(o.histogramMethod());
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
