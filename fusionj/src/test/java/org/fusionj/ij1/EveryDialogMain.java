package org.fusionj.ij1;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.PlotWindow;
import ij.plugin.Duplicator;
import ij.plugin.PlugIn;
import ij.plugin.frame.Recorder;
import ij.process.ImageProcessor;

import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.spectrum.EnergyAxis;
import org.fusionj.core.spectrum.LineTable;
import org.fusionj.core.spectrum.SpectrumKind;
import org.fusionj.core.spectrum.SpectrumPhantom;
import org.fusionj.core.spectrum.WindowSettings;
import org.fusionj.core.registration.phantom.Series2dPhantom;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.core.xanes.XanesPhantom;
import org.fusionj.core.xanes.XanesPhantomSpec;
import org.fusionj.io.ImageFiles;
import org.fusionj.io.NpyWriter;
import org.fusionj.workflow.registration.SimulatedSeries;
import org.fusionj.workflow.xanes.XanesInputs;

/**
 * Run by {@link EveryDialogIT} in a separate JVM with a display: every FusionJ dialog, one after the other, opened
 * with the macro recorder on, filled in and confirmed by clicking OK on the AWT event thread, as a mouse does. For
 * each it prints what was recorded, the dialog's height, whether it has a Help button, what the dialog shows when
 * opened again (its memory), and whether replaying the recorded options as a macro ran. Argument: the DyScO3 NPZ.
 * Output lines: {@code CASE <command> <what> <value>}.
 */
public final class EveryDialogMain {

    /** One dialog to drive. */
    private record Case(String name, String command, Supplier<PlugIn> plugin, Map<String, String> fill,
                        String memoryField) {
        Case(String command, Supplier<PlugIn> plugin, Map<String, String> fill, String memoryField) {
            this(command, command, plugin, fill, memoryField);
        }
    }

    private EveryDialogMain() {
    }

    private static Map<String, String> map(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    public static void main(String[] args) throws Exception {
        String npz = args[0];
        for (String key : new String[] {"HAADF", "Sc", "Dy", "O"}) {
            ImagePlus imp = ImageFiles.open(npz + ":" + key);
            imp.setTitle(key);
            imp.show();
        }
        ImagePlus series = SimulatedSeries.toImage("Simulated spectro-tomography series",
                new SeriesPhantom(32, 3, PhantomNoise.DEFAULT, 1), 2);
        series.show();
        int n = series.getNSlices();
        ImagePlus fixed = new Duplicator().run(series, 1, 1, 1, n, 3, 3);
        fixed.setTitle("fixed");
        fixed.show();
        ImagePlus moving = new Duplicator().run(series, 1, 1, 1, n, 1, 1);
        moving.setTitle("moving");
        moving.show();
        // a saved registration of the series, for Apply Transforms
        java.nio.file.Path reg = java.nio.file.Files.createTempDirectory("fusionj-every-dialog");
        new org.fusionj.workflow.registration.RegistrationJob(org.fusionj.core.registration.RegistrationParameters
                .builder().levels(2).maxIterations(3).build(), org.fusionj.workflow.RunContext.threads(1)
                .saveTo(reg, true)).runSeries(org.fusionj.workflow.registration.SeriesInput.ofHyperstack(series,
                org.fusionj.workflow.SpectralImages.energiesOf(series)), 2);
        String transforms = reg.resolve("transforms.json").toString();
        XanesInputs.toImage("XANES series", XanesPhantom.generate(XanesPhantomSpec.defaults(24, 24, 4)
                .withParticles(2)).series()).show();
        String i0 = rawTwoDStack();

        List<Case> cases = List.of(
                new Case("Simulate XANES Series...", SimulateXanesPlugin::new,
                        map("width", "24", "height", "24", "depth", "4", "particles", "2", "snr", "40"), "snr"),
                new Case("Simulate Spectro-Tomography Series...", SimulateSeriesPlugin::new,
                        map("size", "16", "energies", "2", "noise", "0.03"), "noise"),
                new Case("Fuse Multi-Modal...", FuseMultiModalPlugin::new,
                        map("haadf", "HAADF", "map_1", "Sc", "map_2", "Dy", "map_3", "O", "elements", "Sc,Dy,O",
                                "preset", "tutorial", "n_iter", "3", "lambda_tv", "0.1"), "lambda_tv"),
                new Case("XANES Edge Map...", XanesEdgeMapPlugin::new,
                        map("series", "XANES series", "e0", "6549", "jump_threshold", "2", "particles", "true",
                                "edge_fit_window", "-12,24"),
                        "jump_threshold"),
                // a raw 2-D stack registered first, after flat, dark and i0 (the CLI's xanes --register)
                new Case("XANES Edge Map... register", "XANES Edge Map...", XanesEdgeMapPlugin::new,
                        map("series", "raw 2-D XANES", "register", "true", "flat", "flat", "dark", "dark", "i0", i0,
                                "transform", "similarity", "metric", "ncc", "levels", "2", "edge", "custom",
                                "e0", "6552", "pre_edge", "-25,-14", "post_edge", "12,30", "post_order", "0",
                                "edge_window", "-10,10", "white_line_window", "0,25", "registration_mask", "true",
                                // the last OK's -12,24 holds 8 of these energies (4.5 eV steps): the default holds 9
                                "edge_fit_window", "-15,25"),
                        "transform"),
                new Case("Register Spectro-Tomography Series...", RegisterSeriesPlugin::new,
                        map("series", "Simulated spectro-tomography series", "transform", "rigid", "levels", "2",
                                "iterations", "5"), "iterations"),
                // a raw 2-D stack corrected with flat, dark and i0 before its registration (the CLI's register
                // --flat --dark --i0)
                new Case("Register Spectro-Tomography Series... raw 2-D", "Register Spectro-Tomography Series...",
                        RegisterSeriesPlugin::new, map("series", "raw 2-D XANES", "flat", "flat", "dark", "dark",
                                "i0", i0, "transform", "similarity", "metric", "ncc", "levels", "2"), "transform"),
                new Case("Register Two Volumes...", RegisterTwoVolumesPlugin::new,
                        map("fixed", "fixed", "moving", "moving", "transform", "translation", "levels", "2",
                                "iterations", "4"), "iterations"),
                new Case("Apply Transforms...", ApplyTransformsPlugin::new,
                        map("input", "Simulated spectro-tomography series", "transforms", transforms,
                                "interpolation", "cubic"), "interpolation"),
                new Case("Learn Dictionary...", LearnDictionaryPlugin::new,
                        map("stem", "HAADF", "atoms", "16", "steps", "5", "batch", "32", "training_patches", "200"),
                        "atoms"),
                new Case("Enhance with Dictionary...", EnhanceWithDictionaryPlugin::new,
                        map("txm", "Sc", "coder", "omp", "stride", "4"), "stride"),
                new Case("Simulate Fused Tomography Data...", SimulateTomographyPlugin::new,
                        map("size", "16", "particles", "3", "radius_min", "2", "radius_max", "3", "core_shell", "0.5",
                                "gamma", "1.8", "weight_method", "2", "chem_dose", "2", "chem_background", "0.5"),
                        "particles"),
                new Case("Fused Multi-Modal Tomography...", FusedTomographyPlugin::new,
                        map("haadf", "HAADF tilt series", "elements", "Au,Ag,Cu", "map_1", "Au tilt series",
                                "map_2", "Ag tilt series", "map_3", "Cu tilt series", "n_iter", "3",
                                "n_iter_init", "3", "lambda_tv", "0.02"), "lambda_tv"),
                new Case("Import Array...", ImportArrayPlugin::new, map("open", npz, "key", "O"), null),
                new Case("Open Cluster Result...", OpenClusterResultPlugin::new, map("results", clusterResult(),
                        "map", "mask"), "map"),
                // writes a job folder, opens no image: the run and the replay are checked by the job.json written
                new Case("Prepare Cluster Job...", PrepareClusterJobPlugin::new, map("input", clusterSeries(),
                        "output", Files.createTempDirectory("fusionj-cluster-job").resolve("job").toString(),
                        "stage", "xanes", "scheduler", "lsf", "nodes", "6", "energies", "6530,6540,6550"), "nodes"),
                new Case("Spectrum Image to Maps...", SpectrumMapsPlugin::new, map("input", spectrumImage(),
                        "elements", "Fe,O", "energy_offset", "0", "dispersion", "10", "spatial_binning", "2"),
                        "spatial_binning"),
                // explicit windows typed in the dialog (the CLI's --windows), no elements
                new Case("Spectrum Image to Maps... windows", "Spectrum Image to Maps...", SpectrumMapsPlugin::new,
                        map("input", spectrumImage(), "elements", "", "energy_offset", "0", "dispersion", "10",
                                "spatial_binning", "1", "windows", "Fe:Ka=6250-6560/5860-6020/6790-6950;"
                                        + "O=480-570/380-440"), null),
                // A series: the HAADF a stack of frames, a stack per element (opened below, after the other cases
                // have guessed their inputs among the open images).
                new Case("Fuse Multi-Modal series", "Fuse Multi-Modal...", FuseMultiModalPlugin::new,
                        map("haadf", "HAADF series", "map_1", "Sc series", "map_2", "Dy series", "map_3", "O series",
                                "map_4", FusionDialog.NONE, "map_5", FusionDialog.NONE, "map_6", FusionDialog.NONE,
                                "elements", "Sc,Dy,O", "preset", "tutorial", "n_iter", "3"), null),
                // The same three frames kept in files: the HAADF a folder of TIFFs (one per frame), the maps 3-D
                // datasets of one HDF5 file (frames, rows, cols); no image needs to be open.
                new Case("Fuse Series from Files...", FuseSeriesFilesPlugin::new, seriesFiles(npz), "lambda_tv"));
        for (Case c : cases) {
            if (c.name().equals("Fuse Multi-Modal series")) {
                openSeries(npz);
            }
            runCase(c);
        }
        System.exit(0);
    }

    /**
     * Three 64 x 64 frames cut from DyScO3 at three places: "HAADF series" (calibrated 0.02 nm) and one stack per
     * element, "Sc series", "Dy series", "O series".
     */
    private static void openSeries(String npz) throws IOException {
        int[][] corners = {{0, 0}, {96, 64}, {160, 160}};
        for (String key : new String[] {"HAADF", "Sc", "Dy", "O"}) {
            ImageProcessor ip = ImageFiles.open(npz + ":" + key).getProcessor();
            ij.ImageStack stack = new ij.ImageStack(64, 64);
            for (int[] c : corners) {
                ip.setRoi(c[0], c[1], 64, 64);
                stack.addSlice("frame", ip.crop());
            }
            ImagePlus imp = new ImagePlus(key + " series", stack);
            if (key.equals("HAADF")) {
                ij.measure.Calibration cal = new ij.measure.Calibration();
                cal.pixelWidth = 0.02;
                cal.pixelHeight = 0.02;
                cal.setUnit("nm");
                imp.setCalibration(cal);
            }
            imp.show();
        }
    }

    /**
     * The frames of {@link #openSeries} kept in files: "haadf_frames/frame_N.tif" (calibrated 0.02 nm, one per
     * frame) and "maps.h5" with datasets /Sc, /Dy, /O of (frames, rows, cols); the dialog's fields for them.
     */
    private static Map<String, String> seriesFiles(String npz) throws IOException {
        int[][] corners = {{0, 0}, {96, 64}, {160, 160}};
        Path dir = Files.createTempDirectory("fusionj-series-files");
        Path frames = Files.createDirectories(dir.resolve("haadf_frames"));
        Path h5 = dir.resolve("maps.h5");
        try (org.fusionj.io.Hdf5Writer w = org.fusionj.io.Hdf5Writer.create(h5)) {
            for (String key : new String[] {"HAADF", "Sc", "Dy", "O"}) {
                ImageProcessor ip = ImageFiles.open(npz + ":" + key).getProcessor();
                double[] cube = new double[corners.length * 64 * 64];
                for (int f = 0; f < corners.length; f++) {
                    ip.setRoi(corners[f][0], corners[f][1], 64, 64);
                    ImageProcessor crop = ip.crop().convertToFloatProcessor();
                    if (key.equals("HAADF")) {
                        ImagePlus imp = new ImagePlus("frame", crop);
                        ij.measure.Calibration cal = new ij.measure.Calibration();
                        cal.pixelWidth = 0.02;
                        cal.pixelHeight = 0.02;
                        cal.setUnit("nm");
                        imp.setCalibration(cal);
                        new ij.io.FileSaver(imp).saveAsTiff(frames.resolve("frame_" + (f + 1) + ".tif").toString());
                    }
                    float[] px = (float[]) crop.getPixels();
                    for (int i = 0; i < px.length; i++) {
                        cube[f * px.length + i] = px[i];
                    }
                }
                if (!key.equals("HAADF")) {
                    w.writeDataset(key, new org.fusionj.io.NdArray(new int[] {corners.length, 64, 64}, cube,
                            org.fusionj.io.NdArray.FLOAT32));
                }
            }
        }
        return map("haadf_series", frames.toString(), "map_series", h5 + ":/Sc," + h5 + ":/Dy," + h5 + ":/O",
                "elements", "Sc,Dy,O", "frame_axis", "first", "preset", "tutorial", "n_iter", "3",
                // not Fuse Multi-Modal's 0.1: each dialog must keep its own last values
                "lambda_tv", "0.12");
    }

    /**
     * Ticks "preview" as a user does and reports the preview windows (the spectrum plot and the maps stack), then
     * changes the elements to Fe alone (the maps follow the edit), then clears the box (the windows close).
     */
    private static String preview(DialogDriver d) throws Exception {
        d.click("preview", true);
        String first = waitForPreview(2);
        d.set("elements", "Fe");
        d.click("preview", true); // a change while ticked: the preview follows
        String second = waitForPreview(1);
        d.click("preview", false);
        for (int i = 0; i < 100 && WindowManager.getImage(SpectrumMapsPreview.MAPS_TITLE) != null; i++) {
            Thread.sleep(100);
        }
        d.set("elements", "Fe,O");
        return first + " then " + second + " closed=" + (WindowManager.getImage(SpectrumMapsPreview.MAPS_TITLE)
                == null && WindowManager.getImage(SpectrumMapsPreview.SPECTRUM_TITLE) == null);
    }

    /** Waits (60 s at most) for the maps preview to show {@code slices} maps; says what the preview windows show. */
    private static String waitForPreview(int slices) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            ImagePlus maps = WindowManager.getImage(SpectrumMapsPreview.MAPS_TITLE);
            ImagePlus plot = WindowManager.getImage(SpectrumMapsPreview.SPECTRUM_TITLE);
            if (maps != null && plot != null && maps.getStackSize() == slices) {
                return "maps=" + maps.getStackSize() + "(" + maps.getStack().getSliceLabel(1) + ") plot=" + (plot
                        .getWidth() > 100);
            }
            Thread.sleep(100);
        }
        return "no preview of " + slices + " map(s)";
    }

    /**
     * Waits (120 s at most) for the preview window {@code title} to show {@code slices} images (Fuse Multi-Modal's
     * fused maps, the dictionary's enhanced crop); says how many and their size.
     */
    private static String waitForPreviewWindow(String title, int slices) throws InterruptedException {
        for (int i = 0; i < 1200; i++) {
            ImagePlus maps = WindowManager.getImage(title);
            if (maps != null && maps.getStackSize() == slices) {
                return "maps=" + maps.getStackSize() + " " + maps.getWidth() + "x" + maps.getHeight();
            }
            Thread.sleep(100);
        }
        return "no preview; status: " + IJ.getInstance();
    }

    /**
     * A value the dialog's reader refuses, as a user types it: the next change (the preview box cleared, as a
     * click does) disables OK; the value typed back enables it again. Says both states.
     */
    private static String refusalDisablesOk(DialogDriver d, String field, String refused) throws Exception {
        String good = d.get(field);
        d.set(field, refused);
        d.click("preview", false);
        boolean okWhileRefused = d.enabled("OK");
        d.set(field, good);
        d.click("preview", false);
        return "ok=" + okWhileRefused + " then ok=" + d.enabled("OK");
    }

    /** The largest value of the last window titled {@code title} (absorbance after a correction: a few units). */
    private static String largestRegistered(String title) {
        ImagePlus last = null;
        for (int id : WindowManager.getIDList()) {
            if (WindowManager.getImage(id).getTitle().equals(title)) {
                last = WindowManager.getImage(id);
            }
        }
        return last == null ? "none" : Double.toString(new ij.process.StackStatistics(last).max);
    }

    /** What the series fusion showed: channels, frames and calibration of its fused maps, and its model's frames. */
    private static String seriesResult(String series) {
        ImagePlus fused = WindowManager.getImage("Fused maps of " + series);
        ImagePlus model = WindowManager.getImage("Model HAADF of " + series);
        if (fused == null || model == null) {
            return "missing";
        }
        return "channels=" + fused.getNChannels() + " frames=" + fused.getNFrames() + " composite="
                + fused.isComposite() + " pixel=" + fused.getCalibration().pixelWidth + fused.getCalibration()
                .getUnit() + " model_frames=" + model.getNFrames();
    }

    /**
     * Shows a raw 2-D XANES stack (12 energies, 6530 to 6580 eV, drifting particles whose absorption rises at
     * 6552 eV; energies in the metadata), its flat and dark images; returns its i0 values, comma-separated.
     */
    static String rawTwoDStack() {
        Series2dPhantom p = new Series2dPhantom(64, 12, 1.5, 0.01, 0.01, 6);
        ij.ImageStack st = new ij.ImageStack(64, 64);
        StringBuilder i0 = new StringBuilder();
        for (int e = 0; e < p.count(); e++) {
            st.addSlice(null, new ij.process.FloatProcessor(64, 64, p.raw(p.image(e), e).data()));
            i0.append(e == 0 ? "" : ",").append(p.i0(e));
        }
        ImagePlus raw = new ImagePlus("raw 2-D XANES", st);
        org.fusionj.workflow.SpectralImages.store(raw, p.energies());
        raw.show();
        new ImagePlus("flat", new ij.process.FloatProcessor(64, 64, p.flatImage().data())).show();
        new ImagePlus("dark", new ij.process.FloatProcessor(64, 64, p.darkImage().data())).show();
        return i0.toString();
    }

    /** The output folder of a (small, made-up) cluster run: maps.zarr with half_height and mask, 3 x 10 x 12. */
    static String clusterResult() throws IOException {
        Path results = Files.createTempDirectory("fusionj-cluster-result");
        Path maps = results.resolve("maps.zarr");
        org.fusionj.io.ZarrArray.createGroup(maps, Map.of("voxel_size", List.of(20.0, 20.0, 25.0), "unit", "nm"));
        float[] values = new float[3 * 10 * 12];
        for (int i = 0; i < values.length; i++) {
            values[i] = i % 7 == 0 ? Float.NaN : 6540 + i % 13;
        }
        for (String m : List.of("half_height", "mask")) {
            org.fusionj.io.ZarrArray.create(maps.resolve(m), new long[] {3, 10, 12}, new int[] {2, 8, 8},
                    org.fusionj.io.ZarrArray.Compression.RAW, Float.NaN, Map.of(), true)
                    .writeAligned(new long[3], new int[] {3, 10, 12}, values);
        }
        Files.writeString(results.resolve("summary.json"), "{}");
        return results.toString();
    }

    /** A generated EDX spectrum image (Fe Ka, O Ka; 24 x 20 pixels, 0 to 10 keV in 10 eV channels) as NPY. */
    static String spectrumImage() throws IOException {
        LineTable t = LineTable.bundled(SpectrumKind.EDX);
        SpectrumPhantom ph = SpectrumPhantom.generate(SpectrumKind.EDX, List.of(t.find("Fe:Ka").get(0),
                t.find("O:Ka").get(0)), 24, 20, new EnergyAxis(0, 10, 1000), 200, 1, WindowSettings.defaults(), 1);
        Path file = Files.createTempFile("fusionj-spectrum-", ".npy");
        file.toFile().deleteOnExit();
        NpyWriter.writeFloat32(file, new int[] {20, 24, 1000}, ph.image().counts());
        return file.toString();
    }

    private static void print(Case c, String what, Object value) {
        System.out.println("CASE " + c.name() + " " + what + " " + value);
    }

    private static void runCase(Case c) throws Exception {
        String title = c.command().replace("...", "");
        if (Recorder.getInstance() == null) {
            new Recorder(false);
        }
        Recorder.record = true;
        Recorder.setCommand(c.command());
        Thread t = new Thread(() -> c.plugin().get().run(""), "dialog-" + title);
        t.start();
        DialogDriver d = DialogDriver.waitFor(dialogTitle(c.command()));
        for (Map.Entry<String, String> f : c.fill().entrySet()) {
            d.set(f.getKey(), f.getValue());
        }
        if (c.name().equals("Spectrum Image to Maps...")) {
            print(c, "PREVIEW", preview(d));
        }
        if (c.name().equals("Fuse Series from Files...")) {
            d.click("preview", true); // left ticked: OK must close it
            print(c, "PREVIEW", waitForPreviewWindow("Fusion preview", 3));
        }
        if (c.name().equals("Fuse Multi-Modal...")) {
            print(c, "REFUSED", refusalDisablesOk(d, "lambda_tv", "0"));
            d.click("preview", true); // left ticked: OK must close it
            print(c, "PREVIEW", waitForPreviewWindow("Fusion preview", 3));
        }
        if (c.name().equals("Enhance with Dictionary...")) {
            print(c, "REFUSED", refusalDisablesOk(d, "stride", "0"));
            d.click("preview", true); // left ticked: OK must close it
            print(c, "PREVIEW", waitForPreviewWindow("Dictionary preview", 1));
        }
        print(c, "HEIGHT", d.dialog().getHeight());
        print(c, "HELP", d.hasButton("Help"));
        // a preview left open closes on OK: it is no window the run made, nor one it replaced
        int before = WindowManager.getImageCount() - openPreviews();
        d.press("OK");
        t.join(180_000);
        print(c, "RUN", t.isAlive() ? "hung" : ranOk(c, before) ? "ok" : "no new window");
        String recorded = Recorder.getCommandOptions();
        Recorder.record = false;
        print(c, "RECORDED", recorded);
        if (c.command().startsWith("Register Spectro")) {
            print(c, "PLOT", plotColours());
        }
        if (c.name().equals("Fuse Multi-Modal series")) {
            print(c, "SERIES", seriesResult("HAADF series"));
        }
        if (c.name().equals("Fuse Multi-Modal...")) {
            print(c, "PREVIEW_AFTER_OK", WindowManager.getImage("Fusion preview") == null ? "closed" : "open");
        }
        if (c.name().equals("Enhance with Dictionary...")) {
            print(c, "PREVIEW_AFTER_OK", WindowManager.getImage("Dictionary preview") == null ? "closed" : "open");
        }
        if (c.name().equals("Fuse Series from Files...")) {
            print(c, "SERIES", seriesResult("haadf_frames"));
            print(c, "PREVIEW_AFTER_OK", WindowManager.getImage("Fusion preview") == null ? "closed" : "open");
            // Fuse Multi-Modal's memory, which this dialog's OK (lambda_tv 0.12) used to overwrite
            print(c, "OTHER_MEMORY", ij.Prefs.get(DialogForm.prefsKey("fuse", "lambda_tv"), "none"));
        }
        if (c.name().equals("Spectrum Image to Maps... windows")) {
            ImagePlus maps = null;
            for (int id : WindowManager.getIDList()) {
                ImagePlus imp = WindowManager.getImage(id);
                if (imp != null && imp.getTitle().startsWith("Maps of ")) {
                    maps = imp; // the newest
                }
            }
            print(c, "MAPS", maps == null ? "none" : maps.getStackSize() + "(" + maps.getStack().getSliceLabel(1)
                    + "," + maps.getStack().getSliceLabel(2) + ")");
        }
        if (c.name().endsWith("raw 2-D")) {
            print(c, "MAX", largestRegistered("raw 2-D XANES registered"));
        }
        List<String> titles = new java.util.ArrayList<>();
        for (int id : WindowManager.getIDList()) {
            titles.add(WindowManager.getImage(id).getTitle());
        }
        print(c, "WINDOWS", String.join("|", titles));
        if (c.memoryField() != null) {
            Thread again = new Thread(() -> c.plugin().get().run(""), "dialog-again-" + title);
            again.start();
            DialogDriver d2 = DialogDriver.waitFor(dialogTitle(c.command()));
            print(c, "MEMORY", d2.get(c.memoryField()));
            if (c.command().startsWith("Fuse Multi-Modal")) {
                print(c, "REOPENED", "map_4=" + d2.get("map_4") + " elements=" + d2.get("elements"));
            }
            d2.press("Cancel");
            again.join(60_000);
            if (c.command().startsWith("Fuse Multi-Modal")) {
                // Without the memory of a last run: the maps are guessed, never the result windows or plots.
                ij.Prefs.set(DialogForm.prefsKey("fuse", "maps"), "");
                Thread third = new Thread(() -> c.plugin().get().run(""), "dialog-guess-" + title);
                third.start();
                DialogDriver d3 = DialogDriver.waitFor(dialogTitle(c.command()));
                print(c, "GUESSED", "map_4=" + d3.get("map_4") + " elements=" + d3.get("elements"));
                d3.press("Cancel");
                third.join(60_000);
            }
        }
        if (recorded != null) {
            if (writesJob(c)) {
                deleteJob(c); // the replay writes the job folder again
            }
            int count = WindowManager.getImageCount();
            Thread replay = new Thread(() -> {
                Macro.setOptions(Thread.currentThread(), recorded);
                c.plugin().get().run("");
                Macro.setOptions(Thread.currentThread(), null);
            }, "Run$_replay_" + title);
            replay.start();
            replay.join(180_000);
            print(c, "REPLAY", replay.isAlive() ? "hung" : ranOk(c, count) ? "ok" : "no new window");
        }
    }

    /** Prepare Cluster Job writes files and opens no window. */
    private static boolean writesJob(Case c) {
        return c.command().startsWith("Prepare Cluster");
    }

    /** Whether the case's command did its work: a new image window, or (Prepare Cluster Job) job.json written. */
    /** How many of the fusion and dictionary preview windows are open. */
    private static int openPreviews() {
        int n = 0;
        for (String title : new String[] {"Fusion preview", "Dictionary preview"}) {
            n += WindowManager.getImage(title) != null ? 1 : 0;
        }
        return n;
    }

    private static boolean ranOk(Case c, int imagesBefore) {
        if (writesJob(c)) {
            return Files.isRegularFile(Path.of(c.fill().get("output"), "job.json"));
        }
        return WindowManager.getImageCount() > imagesBefore;
    }

    private static void deleteJob(Case c) throws IOException {
        Path dir = Path.of(c.fill().get("output"));
        try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** A made-up series for Prepare Cluster Job: an (empty) Zarr array folder; the job only names it. */
    static String clusterSeries() throws IOException {
        Path zarr = Files.createTempDirectory("fusionj-cluster-series").resolve("series.zarr");
        Files.createDirectories(zarr);
        Files.writeString(zarr.resolve(".zarray"), "{}");
        return zarr.toString();
    }

    /** The simulations' dialogs are titled without the dots. */
    private static String dialogTitle(String command) {
        return command.startsWith("Simulate") || command.startsWith("Import") || command.startsWith("Open Cluster")
                ? command.replace("...", "")
                : command;
    }

    /** Pixels of the MSE plot that are clearly red and clearly blue (the two curves). */
    private static String plotColours() {
        for (int id : WindowManager.getIDList()) {
            ImagePlus imp = WindowManager.getImage(id);
            if (imp != null && imp.getTitle().startsWith("Registration MSE") && imp.getWindow() instanceof PlotWindow) {
                ImageProcessor ip = ((PlotWindow) imp.getWindow()).getPlot().getProcessor();
                int red = 0;
                int blue = 0;
                for (int y = 0; y < ip.getHeight(); y++) {
                    for (int x = 0; x < ip.getWidth(); x++) {
                        int v = ip.getPixel(x, y);
                        int r = (v >> 16) & 255;
                        int g = (v >> 8) & 255;
                        int b = v & 255;
                        red += r > 200 && g < 80 && b < 80 ? 1 : 0;
                        blue += b > 200 && r < 80 && g < 80 ? 1 : 0;
                    }
                }
                return "red=" + red + " blue=" + blue + " legend=" + (ip.getWidth() > 0);
            }
        }
        IJ.log("no registration plot window");
        return "none";
    }
}
