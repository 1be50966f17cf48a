package org.fusionj.ij1;

import java.io.IOException;
import java.nio.file.Path;
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
import org.fusionj.core.xanes.XanesParameters;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.registration.RegistrationFigures;
import org.fusionj.workflow.registration.RegistrationKeys;
import org.fusionj.workflow.registration.StackRegistration;
import org.fusionj.workflow.xanes.EnergyLists;
import org.fusionj.workflow.xanes.XanesInputs;
import org.fusionj.workflow.xanes.XanesJob;
import org.fusionj.workflow.xanes.XanesKeys;
import org.fusionj.workflow.schema.ParamValues;

/**
 * {@code Plugins > FusionJ > XANES Edge Map...}: edge-energy maps (and optionally linear-combination fractions,
 * particle statistics and ROI spectra) of a registered spectro-tomography series, or of a raw 2-D stack registered
 * first ({@code register}, after the flat/dark/i0 correction) as {@code fusionj xanes --register} does. Recordable;
 * in a macro no window but the results opens.
 */
public final class XanesEdgeMapPlugin implements PlugIn {

    static final String TITLE = "XANES Edge Map";

    @Override
    public void run(String arg) {
        String[] titles = FusionDialog.openImageTitles();
        if (titles.length == 0) {
            PluginErrors.report(TITLE, "Open the series first: a hyperstack with the energies as frames, or a stack of 2-D "
                    + "images, one per energy (Plugins > FusionJ > Simulate XANES Series... makes one).");
            return;
        }
        ImagePlus current = WindowManager.getCurrentImage();
        String[] masks = OptionalImages.choices(titles);
        // Two to four fields share a row (addToSameRow), so that the dialog fits a laptop screen (EveryDialogIT: at
        // most 700 px); the recorded options follow the fields' order, the register route's right after the energies.
        DialogForm form = new DialogForm(TITLE + "...", XanesKeys.SCHEMA);
        GenericDialog gd = form.dialog();
        form.choice(XanesKeys.SERIES, titles, current != null ? current.getTitle() : titles[0], false);
        form.string(XanesKeys.ENERGIES, "", 24, false);
        gd.addToSameRow();
        form.file(XanesKeys.ENERGIES_FILE, 24);
        form.message("Energies (eV): typed, or a text/CSV file, or both blank to use the image's metadata"
                + metadataHint(current) + ".");
        addRegistration(form, masks);
        form.besidePrevious(XanesKeys.E0, XanesKeys.POST_EDGE, XanesKeys.JUMP_THRESHOLD, XanesKeys.WHITE_LINE_WINDOW,
                XanesKeys.SUM_TO_ONE, XanesKeys.CONNECTIVITY, XanesKeys.MIN_VOXELS, XanesKeys.BIN_WIDTH,
                XanesKeys.ROI_SPECTRA, XanesKeys.COLOUR_BAR, XanesKeys.HDF5, XanesKeys.FLATTEN, XanesKeys.EDGE_JUMP,
                XanesKeys.LCF_MAX_SHIFT, XanesKeys.COMPONENTS, XanesKeys.EDGE_FIT_WINDOW);
        form.params(XanesKeys.EDGE, XanesKeys.E0, XanesKeys.PRE_EDGE, XanesKeys.POST_EDGE, XanesKeys.POST_ORDER,
                XanesKeys.JUMP_THRESHOLD, XanesKeys.EDGE_WINDOW, XanesKeys.WHITE_LINE_WINDOW);
        form.param(XanesKeys.METHODS);
        form.message("Windows: 'from,to' in eV relative to E0, blank = the preset's. methods (comma-separated): "
                + "half_height, half_height_cubic, max_derivative, white_line.");
        form.params(XanesKeys.EDGE_ESTIMATOR, XanesKeys.EDGE_FIT_WINDOW, XanesKeys.FLATTEN, XanesKeys.EDGE_JUMP);
        form.choice(XanesKeys.MASK, masks, OptionalImages.NONE, false);
        gd.addToSameRow();
        form.string(XanesKeys.REFERENCES, "", 30, true);
        form.params(XanesKeys.SUM_TO_ONE, XanesKeys.LCF_MAX_SHIFT);
        form.message("references: 2-4 CSV files (energy, mu), comma-separated, for linear-combination fitting.");
        form.params(XanesKeys.PARTICLES, XanesKeys.CONNECTIVITY, XanesKeys.MIN_VOXELS, XanesKeys.BIN_WIDTH,
                XanesKeys.PHASES, XanesKeys.COMPONENTS, XanesKeys.ROI_SPECTRA, XanesKeys.COLOUR_BAR);
        form.checkbox("save", false, false);
        gd.addToSameRow();
        form.directory("output", 24);
        form.checkbox("overwrite", false, false);
        form.param(XanesKeys.HDF5);
        DialogHelp.add(gd, "xanes");
        form.showAndRun(TITLE, XanesEdgeMapPlugin::run);
    }

    /**
     * The register route (raw 2-D stacks: register first, after the flat/dark/i0 correction when given; the options
     * are Register Spectro-Tomography Series'): four fields a row, so that the dialog still fits a laptop screen.
     */
    private static void addRegistration(DialogForm form, String[] images) {
        GenericDialog gd = form.dialog();
        form.besidePrevious(RegistrationKeys.TRANSFORM, RegistrationKeys.METRIC, RegistrationKeys.MEDIAN,
                RegistrationKeys.LEVELS, RegistrationKeys.ITERATIONS, RegistrationKeys.INTERPOLATION,
                RegistrationKeys.CHAIN, RegistrationKeys.DIFFERENCE_ENERGY, XanesKeys.REGISTRATION_MASK);
        // register | flat | dark | i0 (values or a file)
        form.param(XanesKeys.REGISTER);
        gd.addToSameRow();
        form.choice(XanesKeys.FLAT, images, OptionalImages.NONE, false);
        gd.addToSameRow();
        form.choice(XanesKeys.DARK, images, OptionalImages.NONE, false);
        gd.addToSameRow();
        form.string(XanesKeys.I0, "", 12, false);
        // fixed_energy | transform | metric | median, smoothing | levels | iterations | interpolation,
        // init_neighbour | chain | difference_energy | registration_mask
        form.params(RegistrationKeys.FIXED_ENERGY, RegistrationKeys.TRANSFORM, RegistrationKeys.METRIC,
                RegistrationKeys.MEDIAN, RegistrationKeys.SMOOTHING, RegistrationKeys.LEVELS,
                RegistrationKeys.ITERATIONS, RegistrationKeys.INTERPOLATION, RegistrationKeys.INIT_NEIGHBOUR,
                RegistrationKeys.CHAIN, RegistrationKeys.DIFFERENCE_ENERGY, XanesKeys.REGISTRATION_MASK);
    }

    private static void run(Map<String, String> v) throws IOException {
        ImagePlus series = WindowManager.getImage(v.get(XanesKeys.SERIES));
        if (series == null) {
            throw new InvalidInputException("the chosen series is no longer open");
        }
        ParamValues values = XanesKeys.SCHEMA.read(v::get);
        XanesParameters params = XanesKeys.parameters(values);
        String references = v.get(XanesKeys.REFERENCES).trim();
        if (!references.isEmpty()) {
            params = params.toBuilder().lcf(XanesInputs.lcf(List.of(references.split(",")),
                    values.bool(XanesKeys.SUM_TO_ONE))).build();
        }
        double[] energies = energies(series, v.get(XanesKeys.ENERGIES).trim(), v.get(XanesKeys.ENERGIES_FILE).trim());
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, Boolean.parseBoolean(v.get("save")), v.get("output").trim(),
                Boolean.parseBoolean(v.get("overwrite")), "folder");
        XanesJob job = new XanesJob(params, run).colourBar(values.bool(XanesKeys.COLOUR_BAR))
                .hdf5(values.bool(XanesKeys.HDF5));
        ImagePlus maskImage = OptionalImages.chosen(v.get(XanesKeys.MASK));
        if (maskImage != null) {
            job.mask(maskImage);
        }
        if (values.bool(XanesKeys.PARTICLES)) {
            job.particles(XanesKeys.connectivity(values), values.longValue(XanesKeys.MIN_VOXELS),
                    values.number(XanesKeys.BIN_WIDTH));
        }
        job.phases(XanesKeys.phaseOptions(values)).lcfMaxShift(values.number(XanesKeys.LCF_MAX_SHIFT));
        job.registerFirst(values, new StackRegistration.Correction(OptionalImages.chosen(v.get(XanesKeys.FLAT)),
                OptionalImages.chosen(v.get(XanesKeys.DARK)), StackRegistration.i0(v.get(XanesKeys.I0),
                energies.length)));
        if (values.bool(XanesKeys.ROI_SPECTRA)) {
            job.rois(managerRois());
        }
        IJ.resetEscape();
        show(job.run(series, energies));
    }

    private static void show(XanesJob.Outcome o) {
        IJ.showProgress(1.0);
        if (o.registration() != null) {
            StackRegistration.Outcome r = o.registration();
            r.registered().show();
            RegistrationFigures.msePlot(r.mse(), r.registered().getTitle()).show();
            IJ.log(String.format(java.util.Locale.ROOT, "%s: registered %d images to energy %s eV%s", TITLE,
                    r.results().size() - 1, EnergyLists.text(r.corrected().energies()[r.fixedIndex()]),
                    r.clamped() > 0 ? ", " + r.clamped() + " pixel(s) clamped (transmission <= 0)" : ""));
        }
        o.images().maps().values().forEach(ImagePlus::show);
        o.images().mask().show();
        if (o.images().labels() != null) {
            o.images().labels().show();
            o.images().particleTable().show("XANES particles");
        }
        if (o.images().histogramPlot() != null) {
            o.images().histogramPlot().show();
        }
        if (o.images().densityPlot() != null) {
            o.images().densityPlot().show();
        }
        if (o.images().spectraPlot() != null) {
            o.images().spectraPlot().show();
        }
        if (o.phases() != null) {
            var ph = o.phases();
            for (ImagePlus imp : new ImagePlus[] {ph.scores(), ph.screePlot(), ph.clusterMap(), ph.weights(),
                ph.spectraPlot()}) {
                if (imp != null) {
                    imp.show();
                }
            }
            ph.spectra().show("XANES phase spectra");
        }
        if (o.lcfShifts() != null) {
            IJ.log("XANES LCF shifts (eV): " + java.util.Arrays.toString(o.lcfShifts()));
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

}
