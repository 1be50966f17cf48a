package org.fusionj.ij1;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.Orthogonal_Views;
import ij.plugin.PlugIn;

import org.fusionj.core.Elements;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.tomo.TomoFusionParameters;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.tomo.TiltAngleText;
import org.fusionj.workflow.tomo.TomoFusionJob;
import org.fusionj.workflow.tomo.TomoImages;
import org.fusionj.workflow.tomo.TomoKeys;
import org.fusionj.workflow.tomo.TomoViews;

/**
 * {@code Plugins > FusionJ > Fused Multi-Modal Tomography...}: one volume per element from a HAADF tilt series and
 * one chemical tilt series per element (open stacks, one image per tilt). Tilt angles: typed (a file, a list or
 * FROM:TO:STEP) or blank for the slice labels. Recordable; shows the volumes hyperstack, its orthogonal views
 * ({@code views}; none in batch mode) and the cost curves, and saves them when asked. The live preview
 * ({@link TomoPreview}) reconstructs a slab of a few slices along the tilt axis as the parameters change.
 */
public final class FusedTomographyPlugin implements PlugIn {

    static final String TITLE = "Fused Multi-Modal Tomography";
    private static final String NONE = "*None*";
    private static final int MAX_MAPS = 6;

    @Override
    public void run(String arg) {
        String[] titles = FusionDialog.openImageTitles();
        if (titles.length < 2) {
            PluginErrors.report(TITLE, "Open the tilt series first: a HAADF stack and one stack per element, one "
                    + "image per tilt (Plugins > FusionJ > Simulate Fused Tomography Data makes a set).");
            return;
        }
        String[] optional = new String[titles.length + 1];
        optional[0] = NONE;
        System.arraycopy(titles, 0, optional, 1, titles.length);
        DialogForm form = new DialogForm(TITLE + "...", TomoKeys.SCHEMA);
        GenericDialog gd = form.dialog();
        String haadfGuess = guessHaadf(titles);
        form.choice(TomoKeys.HAADF, titles, haadfGuess, false);
        gd.addToSameRow();
        form.string(TomoKeys.ELEMENTS, "", 12, true);
        for (int i = 1; i <= MAX_MAPS; i++) {
            if (i % 2 == 0) {
                gd.addToSameRow();
            }
            form.choice("map_" + i, i == 1 ? titles : optional, i == 1 ? firstOther(titles, haadfGuess) : NONE,
                    false);
        }
        form.string(TomoKeys.HAADF_ANGLES, "", 14, false);
        gd.addToSameRow();
        form.string(TomoKeys.CHEM_ANGLES, "", 14, false);
        form.message("Angles (degrees): a file, a list A,B,C or FROM:TO:STEP; blank = the slice labels. chem_angles: "
                + "one for every map, or one per map separated by " + TiltAngleText.SERIES_SEPARATOR + ".");
        form.besidePrevious(TomoKeys.WEIGHT_METHOD, TomoKeys.LAMBDA_CHEM, TomoKeys.N_ITER, TomoKeys.BKG,
                TomoKeys.PROJECTOR, TomoKeys.N_ITER_INIT, TomoKeys.TV_WARM_START,
                TomoKeys.TILT + TomoKeys.LAMBDA_TV, TomoKeys.TILT + TomoKeys.N_ITER_TV);
        form.params(TomoKeys.METHOD, TomoKeys.GAMMA, TomoKeys.WEIGHT_METHOD, TomoKeys.LAMBDA_HAADF,
                TomoKeys.LAMBDA_CHEM, TomoKeys.LAMBDA_TV, TomoKeys.N_ITER, TomoKeys.N_ITER_TV, TomoKeys.BKG,
                TomoKeys.REGULARIZE, TomoKeys.PROJECTOR, TomoKeys.DEPTH, TomoKeys.N_ITER_INIT, TomoKeys.TV_COUPLING,
                TomoKeys.TV_WARM_START, TomoKeys.COMPOSITION_TV);
        form.message("fuse_tilts_first only: the 2-D fusion of each tilt");
        form.params(TomoKeys.TILT + TomoKeys.LAMBDA_CHEM, TomoKeys.TILT + TomoKeys.LAMBDA_TV,
                TomoKeys.TILT + TomoKeys.N_ITER, TomoKeys.TILT + TomoKeys.N_ITER_TV, TomoKeys.TILT + TomoKeys.BKG);
        form.checkbox("save", false, false);
        gd.addToSameRow();
        form.directory("output", 24);
        form.checkbox("overwrite", false, false);
        gd.addToSameRow();
        form.param(TomoKeys.VIEWS);
        // Last, and read straight from the component: a preview is no part of the recorded macro.
        gd.addToSameRow();
        gd.addCheckbox("preview", false);
        DialogHelp.add(gd, "fusion-tomography");
        form.showAndRun(TITLE, form.macro() ? null : new TomoPreview(), FusedTomographyPlugin::run);
    }

    /** What a run and a preview reconstruct from: the chosen images, their angles, elements and parameters. */
    record Inputs(ImagePlus haadf, double[] haadfAngles, List<ImagePlus> maps, List<double[]> mapAngles,
                  String elements, TomoFusionParameters params) {
    }

    /** The first open image whose title says HAADF, else the first one. */
    private static String guessHaadf(String[] titles) {
        for (String t : titles) {
            if (t.toLowerCase(Locale.ROOT).contains("haadf")) {
                return t;
            }
        }
        return titles[0];
    }

    private static String firstOther(String[] titles, String not) {
        for (String t : titles) {
            if (!t.equals(not)) {
                return t;
            }
        }
        return titles[0];
    }

    private static ImagePlus image(String title, String field) {
        ImagePlus imp = WindowManager.getImage(title);
        if (imp == null) {
            throw new InvalidInputException(field + ": no open image is called '" + title + "'");
        }
        return imp;
    }

    /** The inputs the dialog's values name (the preview calls it off the event thread: angle files may be read). */
    static Inputs inputs(Map<String, String> v) throws IOException {
        ParamValues values = TomoKeys.SCHEMA.read(v::get);
        TomoFusionParameters params = TomoKeys.parameters(values);
        ImagePlus haadf = image(v.get(TomoKeys.HAADF), TomoKeys.HAADF);
        List<ImagePlus> maps = new ArrayList<>();
        for (int i = 1; i <= MAX_MAPS; i++) {
            String t = v.get("map_" + i);
            if (t != null && !NONE.equals(t)) {
                maps.add(image(t, "map_" + i));
            }
        }
        String elements = v.get(TomoKeys.ELEMENTS).trim();
        if (elements.isEmpty()) {
            throw new InvalidInputException("elements is empty; give the element of each map in order, e.g. Au,Ag,Cu");
        }
        String[] symbols = Elements.parseList(elements);
        if (symbols.length != maps.size()) {
            throw new InvalidInputException(symbols.length + " element(s) (" + String.join(",", symbols) + ") but "
                    + maps.size() + " map(s) chosen; choose one chemical tilt series per element, in order");
        }
        double[] haadfAngles = TiltAngleText.of(v.get(TomoKeys.HAADF_ANGLES), haadf, TomoKeys.HAADF_ANGLES);
        List<double[]> mapAngles = TiltAngleText.perSeries(v.get(TomoKeys.CHEM_ANGLES), maps, TomoKeys.CHEM_ANGLES);
        return new Inputs(haadf, haadfAngles, maps, mapAngles, String.join(",", symbols), params);
    }

    private static void run(Map<String, String> v) throws IOException {
        Inputs in = inputs(v);
        TomoFusionParameters params = in.params();
        TomoViews views = TomoViews.fromKey(TomoKeys.SCHEMA.read(v::get).text(TomoKeys.VIEWS));
        ImagePlus haadf = in.haadf();
        CancellationToken cancel = new CancellationToken();
        RunContext run = PluginRun.context(TITLE, cancel, Boolean.parseBoolean(v.get("save")), v.get("output").trim(),
                Boolean.parseBoolean(v.get("overwrite")), "folder");
        IJ.resetEscape();
        TomoFusionJob.Outcome o = new TomoFusionJob(params, run).run(haadf, in.haadfAngles(), in.maps(),
                in.mapAngles(), in.elements());
        IJ.showProgress(1.0);
        o.volumes().show();
        o.convergence().asStack("Convergence of " + o.volumes().getTitle()).show();
        showViews(views, o, haadf);
        IJ.showStatus(String.format(Locale.ROOT, "%s: %s in %.1f s%s", TITLE, params.method().key(),
                o.millis() / 1000, o.written().isEmpty() ? "" : ", saved to " + o.written().get(0).getParent()));
    }

    /**
     * The orthogonal views of the shown volumes, as {@code views} asks; none in batch mode (a macro's
     * {@code setBatchMode(true)}) or headless, where no window opens.
     */
    private static void showViews(TomoViews views, TomoFusionJob.Outcome o, ImagePlus haadf) {
        if (views == TomoViews.NONE || Interpreter.isBatchMode() || GraphicsEnvironment.isHeadless()) {
            return;
        }
        ImagePlus volumes = o.volumes();
        if (views == TomoViews.ORTHOGONAL && volumes.getNSlices() > 1) {
            // Orthogonal Views works on the current image: the volumes, for this thread.
            WindowManager.setTempCurrentImage(volumes);
            try {
                new Orthogonal_Views().run("");
                awaitOrthogonalViews(volumes);
                return;
            } catch (RuntimeException e) {
                // an interactive tool: should it fail, the results are saved and shown already; show the sections
                IJ.log(TITLE + ": note: Orthogonal Views did not start (" + e + "); showing the XZ and YZ sections");
            } finally {
                WindowManager.setTempCurrentImage(null);
            }
        }
        if (views == TomoViews.ORTHOGONAL && volumes.getNSlices() == 1) {
            return;
        }
        String title = volumes.getTitle();
        TomoImages.xzSections(o.result(), "XZ " + title, haadf.getCalibration()).show();
        TomoImages.yzSections(o.result(), "YZ " + title, haadf.getCalibration()).show();
    }

    /**
     * Waits (at most 5 s) until Orthogonal Views shows its XZ and YZ panes of {@code volumes}: it opens them on a
     * thread of its own, and a macro's next line, or the window count a caller checks, should find them there.
     */
    private static void awaitOrthogonalViews(ImagePlus volumes) {
        for (int i = 0; i < 100; i++) {
            int[] ids;
            try {
                ids = Orthogonal_Views.getImageIDs();
            } catch (NullPointerException settingUp) {
                ids = new int[3]; // a pane not made yet
            }
            if (ids[0] == volumes.getID() && shown(ids[1]) && shown(ids[2])) {
                return;
            }
            IJ.wait(50);
        }
    }

    private static boolean shown(int id) {
        ImagePlus imp = id == 0 ? null : WindowManager.getImage(id);
        return imp != null && imp.getWindow() != null && imp.getWindow().isVisible();
    }
}
