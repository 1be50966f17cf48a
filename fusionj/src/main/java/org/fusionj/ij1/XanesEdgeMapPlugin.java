package org.fusionj.ij1;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.plugin.PlugIn;
import ij.plugin.frame.RoiManager;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.segment.Connectivity;
import org.fusionj.core.xanes.EdgeMethod;
import org.fusionj.core.xanes.LcfParameters;
import org.fusionj.core.xanes.ReferenceSpectrum;
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.xanes.EnergyLists;
import org.fusionj.workflow.xanes.XanesInputs;
import org.fusionj.workflow.xanes.XanesJob;
import org.fusionj.workflow.xanes.XanesKeys;

/**
 * {@code Plugins > FusionJ > XANES Edge Map...}: edge-energy maps (and optionally linear-combination fractions,
 * particle statistics and ROI spectra) of a registered spectro-tomography series. Recordable; in a macro no
 * window but the results opens.
 */
public final class XanesEdgeMapPlugin implements PlugIn {

    static final String TITLE = "XANES Edge Map";
    private static final String NONE = "*None*";

    @Override
    public void run(String arg) {
        String[] titles = FusionDialog.openImageTitles();
        if (titles.length == 0) {
            PluginErrors.report(TITLE, "Open the series first: a hyperstack with the energies as frames, or a stack of 2-D "
                    + "images, one per energy (Plugins > FusionJ > Simulate XANES Series... makes one).");
            return;
        }
        ImagePlus current = WindowManager.getCurrentImage();
        GenericDialog gd = new GenericDialog(TITLE + "...");
        gd.addChoice(XanesKeys.SERIES, titles, current != null ? current.getTitle() : titles[0]);
        gd.addStringField(XanesKeys.ENERGIES, "", 30);
        gd.addFileField(XanesKeys.ENERGIES_FILE, "", 30);
        gd.addMessage("Energies (eV): typed, or a text/CSV file, or both blank to use the image's metadata"
                + metadataHint(current) + ".");
        gd.addChoice(XanesKeys.EDGE, XanesKeys.edgeChoices(), "Mn K");
        gd.addNumericField(XanesKeys.E0, 0, 2, 8, "eV (0 = the preset's)");
        gd.addStringField(XanesKeys.PRE_EDGE, "", 12);
        gd.addStringField(XanesKeys.POST_EDGE, "", 12);
        gd.addNumericField(XanesKeys.POST_ORDER, 1, 0);
        gd.addNumericField(XanesKeys.JUMP_THRESHOLD, XanesParameters.DEFAULT_JUMP_THRESHOLD, 1);
        gd.addStringField(XanesKeys.EDGE_WINDOW, "", 12);
        gd.addStringField(XanesKeys.WHITE_LINE_WINDOW, "", 12);
        gd.addMessage("Windows: 'from,to' in eV relative to E0; blank = the preset's.");
        gd.addStringField(XanesKeys.METHODS, EdgeMethod.HALF_HEIGHT.key(), 30);
        gd.addMessage("methods: half_height, half_height_cubic, max_derivative, white_line (comma-separated)");
        gd.addCheckbox(XanesKeys.EDGE_JUMP, false);
        String[] masks = new String[titles.length + 1];
        masks[0] = NONE;
        System.arraycopy(titles, 0, masks, 1, titles.length);
        gd.addChoice(XanesKeys.MASK, masks, NONE);
        gd.addStringField(XanesKeys.REFERENCES, "", 30);
        gd.addCheckbox(XanesKeys.SUM_TO_ONE, true);
        gd.addMessage("references: 2-4 CSV files (energy, mu), comma-separated, for linear-combination fitting.");
        gd.addCheckbox(XanesKeys.PARTICLES, false);
        gd.addChoice(XanesKeys.CONNECTIVITY, new String[] {"26", "6"}, "26");
        gd.addNumericField(XanesKeys.MIN_VOXELS, 10, 0);
        gd.addNumericField(XanesKeys.BIN_WIDTH, 0.25, 3, 6, "eV");
        gd.addCheckbox(XanesKeys.ROI_SPECTRA, false);
        gd.addCheckbox(XanesKeys.COLOUR_BAR, false);
        gd.addCheckbox("save", false);
        gd.addDirectoryField("output", "", 24);
        gd.addCheckbox("overwrite", false);
        gd.addCheckbox(XanesKeys.HDF5, false);
        gd.showDialog();
        if (gd.wasCanceled()) {
            return;
        }
        PluginRun.reporting(TITLE, () -> run(gd));
    }

    private static void run(GenericDialog gd) throws IOException {
        ImagePlus series = WindowManager.getImage(gd.getNextChoice());
        String energiesText = gd.getNextString().trim();
        String energiesFile = gd.getNextString().trim();
        Map<String, String> values = new HashMap<>();
        values.put(XanesKeys.EDGE, gd.getNextChoice());
        double e0 = gd.getNextNumber();
        values.put(XanesKeys.E0, e0 > 0 ? Double.toString(e0) : null);
        values.put(XanesKeys.PRE_EDGE, blankToNull(gd.getNextString()));
        values.put(XanesKeys.POST_EDGE, blankToNull(gd.getNextString()));
        values.put(XanesKeys.POST_ORDER, Integer.toString((int) gd.getNextNumber()));
        values.put(XanesKeys.JUMP_THRESHOLD, Double.toString(gd.getNextNumber()));
        values.put(XanesKeys.EDGE_WINDOW, blankToNull(gd.getNextString()));
        values.put(XanesKeys.WHITE_LINE_WINDOW, blankToNull(gd.getNextString()));
        values.put(XanesKeys.METHODS, gd.getNextString());
        values.put(XanesKeys.EDGE_JUMP, Boolean.toString(gd.getNextBoolean()));
        String maskTitle = gd.getNextChoice();
        String references = gd.getNextString().trim();
        boolean sumToOne = gd.getNextBoolean();
        boolean particles = gd.getNextBoolean();
        Connectivity connectivity = Connectivity.parse(gd.getNextChoice());
        long minVoxels = (long) gd.getNextNumber();
        double binWidth = gd.getNextNumber();
        boolean roiSpectra = gd.getNextBoolean();
        boolean colourBar = gd.getNextBoolean();
        boolean save = gd.getNextBoolean();
        String output = gd.getNextString().trim();
        boolean overwrite = gd.getNextBoolean();
        boolean hdf5 = gd.getNextBoolean();
        if (gd.invalidNumber()) {
            throw new InvalidInputException("a numeric field holds no number: " + gd.getErrorMessage());
        }
        if (series == null) {
            throw new InvalidInputException("the chosen series is no longer open");
        }
        XanesParameters params = XanesKeys.parameters(values::get);
        if (!references.isEmpty()) {
            params = params.toBuilder().lcf(lcf(references, sumToOne)).build();
        }
        double[] energies = energies(series, energiesText, energiesFile);
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, save, output, overwrite, "folder");
        XanesJob job = new XanesJob(params, run).colourBar(colourBar).hdf5(hdf5);
        if (!NONE.equals(maskTitle)) {
            job.mask(WindowManager.getImage(maskTitle));
        }
        if (particles) {
            job.particles(connectivity, minVoxels, binWidth);
        }
        if (roiSpectra) {
            job.rois(managerRois());
        }
        IJ.resetEscape();
        show(job.run(series, energies));
    }

    private static void show(XanesJob.Outcome o) {
        IJ.showProgress(1.0);
        o.images().maps().values().forEach(ImagePlus::show);
        o.images().mask().show();
        if (o.images().labels() != null) {
            o.images().labels().show();
            o.images().particleTable().show("XANES particles");
        }
        if (o.images().histogramPlot() != null) {
            o.images().histogramPlot().show();
        }
        if (o.images().spectraPlot() != null) {
            o.images().spectraPlot().show();
        }
        if (o.images().colourBar() != null) {
            o.images().colourBar().show();
        }
        IJ.showStatus(String.format("%s: %s in %.0f ms", TITLE, o.maps().counts().summary(), o.millis()));
    }

    static double[] energies(ImagePlus series, String typed, String file) throws IOException {
        if (!typed.isEmpty()) {
            return EnergyLists.parse(typed, XanesKeys.ENERGIES);
        }
        if (!file.isEmpty()) {
            return EnergyLists.fromFile(Path.of(file));
        }
        double[] e = EnergyLists.fromImage(series);
        if (e == null) {
            throw new InvalidInputException(series.getTitle() + " carries no energies in its metadata; type them "
                    + "or give a file");
        }
        return e;
    }

    private static LcfParameters lcf(String files, boolean sumToOne) throws IOException {
        List<ReferenceSpectrum> refs = new ArrayList<>();
        for (String f : files.split(",")) {
            refs.add(XanesInputs.reference(Path.of(f.trim())));
        }
        LcfParameters base = LcfParameters.of(refs);
        return new LcfParameters(base.references(), sumToOne, base.fitWindow(), base.normaliseReferences());
    }

    private static Map<String, Roi> managerRois() {
        RoiManager rm = RoiManager.getInstance();
        if (rm == null || rm.getCount() == 0) {
            throw new InvalidInputException("roi_spectra is checked but the ROI Manager holds no ROI");
        }
        Map<String, Roi> rois = new LinkedHashMap<>();
        for (int i = 0; i < rm.getCount(); i++) {
            rois.put(rm.getName(i), rm.getRoi(i));
        }
        return rois;
    }

    private static String metadataHint(ImagePlus imp) {
        try {
            double[] e = imp == null ? null : EnergyLists.fromImage(imp);
            return e == null ? " (none found in " + (imp == null ? "the image" : imp.getTitle()) + ")"
                    : " (" + imp.getTitle() + " carries " + e.length + ")";
        } catch (InvalidInputException unreadable) {
            return " (unreadable in " + imp.getTitle() + ")";
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
