package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import ij.ImagePlus;
import ij.ImageStack;

import org.fusionj.io.ImageFiles;
import org.fusionj.service.FusionService;
import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.prefs.PrefService;

/** The SciJava command through a real Context and CommandService, headless. */
class FuseMultiModalCommandTest extends SciJavaContext {

    @TempDir
    Path temp;

    @Test
    void fusesFilesWithTheTutorialPresetLikeThePublishedNotebook() throws Exception {
        String npz = TestData.dyscO3Npz().toString();
        Path out = temp.resolve("out");
        CommandModule module = run(FuseMultiModalCommand.class,
                "haadf_file", new File(npz), "maps_file", npz, "elements", "Sc,Dy,O",
                "preset", "tutorial", "output", out.toFile(), "threads", 2);
        assertTrue(!module.isCanceled(), "command cancelled: " + module.getCancelReason());
        ImagePlus fused = (ImagePlus) module.getOutput("fused_maps");
        assertEquals(3, fused.getStackSize());
        for (int c = 1; c <= 3; c++) {
            String el = fused.getStack().getSliceLabel(c);
            double diff = TestData.maxAbsDiff(TestData.reference(el + ".npy"),
                    (float[]) fused.getStack().getPixels(c));
            assertTrue(diff <= 1e-5, el + " differs from the reference by " + diff);
        }
        assertTrue(Files.isRegularFile(out.resolve("Fused_Reconstruction.h5")));
    }

    /** lambda_chem = lambda_tv = 0 (SciJava's stand-in for auto) chooses per element; the record holds the values. */
    @Test
    @org.junit.jupiter.api.Timeout(300)
    void zeroLambdasMeanAutomaticParametersRecordedPerElement() throws Exception {
        String npz = TestData.dyscO3Npz().toString();
        Path out = temp.resolve("auto");
        CommandModule module;
        try {
            module = run(FuseMultiModalCommand.class,
                    "haadf_file", new File(npz), "maps_file", npz, "elements", "Sc,Dy,O", "lambda_chem", 0.0,
                    "lambda_tv", 0.0, "n_iter", 6, "output", out.toFile(), "threads", 2);
        } finally {
            // SciJava remembers the last values of a command's inputs: forget these for the other tests
            for (String name : new String[] {"lambda_chem", "lambda_tv", "n_iter"}) {
                context.service(PrefService.class).remove(FuseMultiModalCommand.class, name);
            }
        }
        assertTrue(!module.isCanceled(), "command cancelled: " + module.getCancelReason());
        try (org.fusionj.io.Hdf5Reader h5 = org.fusionj.io.Hdf5Reader.open(out.resolve(
                "Fused_Reconstruction.h5"))) {
            double[] it = (double[]) h5.attributes("/").get("n_iter_per_element");
            assertEquals(3, it.length);
            for (double v : it) {
                assertTrue(v >= 1 && v <= 6, "n_iter per element " + v);
            }
        }
    }

    @Test
    void takesImagesAndLeavesThemUntouched() throws Exception {
        String npz = TestData.dyscO3Npz().toString();
        ImagePlus haadf = ImageFiles.open(npz + ":HAADF");
        ImageStack maps = new ImageStack(256, 256);
        for (String el : new String[] {"Sc", "Dy", "O"}) {
            maps.addSlice(el, ImageFiles.open(npz + ":" + el).getProcessor());
        }
        ImagePlus mapStack = new ImagePlus("maps", maps);
        float[] before = ((float[]) haadf.getProcessor().getPixels()).clone();
        CommandModule module = run(FuseMultiModalCommand.class, "haadf", haadf, "maps", mapStack,
                "elements", "Sc,Dy,O", "preset", "tutorial");
        ImagePlus fused = (ImagePlus) module.getOutput("fused_maps");
        assertEquals(0, TestData.maxAbsDiff(TestData.reference("Dy.npy"), (float[]) fused.getStack().getPixels(2)),
                1e-5);
        assertTrue(Arrays.equals(before, (float[]) haadf.getProcessor().getPixels()),
                "the HAADF input was modified");
    }

    @Test
    void badInputCancelsWithAReasonAndNoOutput() throws Exception {
        String npz = TestData.dyscO3Npz().toString();
        CommandModule module = run(FuseMultiModalCommand.class,
                "haadf_file", new File(npz), "maps_file", npz, "elements", "Sc,Dy,Qq");
        assertTrue(module.isCanceled());
        assertTrue(module.getCancelReason().contains("unknown element symbol 'Qq'"), module.getCancelReason());
        assertNull(module.getOutput("fused_maps"));
    }

    /**
     * n_iter 2000000000 was rel-out's run too large for the heap (cost logs sized by n_iter); the schema now caps
     * n_iter at 10000, so it is refused before any work, by its range. The memory refusal of a SciJava command is
     * tested with an in-range run in {@code DictionaryCommandsTest}.
     */
    @Test
    void anIterationCountAboveItsRangeCancelsBeforeWorkAndNothingWritten() throws Exception {
        String npz = TestData.dyscO3Npz().toString();
        Path out = temp.resolve("too-big");
        CommandModule module;
        try {
            module = run(FuseMultiModalCommand.class, "haadf_file", new File(npz), "maps_file", npz,
                    "elements", "Sc,Dy,O", "n_iter", 2_000_000_000, "output", out.toFile());
        } finally {
            // SciJava remembers the last values of a command's inputs: forget this one for the other tests
            context.service(PrefService.class).remove(FuseMultiModalCommand.class, "n_iter");
        }
        assertTrue(module.isCanceled());
        assertTrue(module.getCancelReason().contains("n_iter must be at most 10000 (range 1 to 10000), got "
                + "2000000000"), module.getCancelReason());
        assertNull(module.getOutput("fused_maps"));
        assertTrue(!Files.exists(out), "nothing written");
    }

    /**
     * A HAADF stack with a map hyperstack (a channel per element) is a series: one output set, the fused maps a
     * calibrated composite hyperstack with a frame per frame, each frame what fusing that frame alone gives.
     */
    @Test
    @org.junit.jupiter.api.Timeout(300)
    void aHaadfStackIsFusedFrameByFrameIntoHyperstacks() throws Exception {
        String npz = TestData.dyscO3Npz().toString();
        String[] els = {"Sc", "Dy", "O"};
        int[][] corners = {{0, 0}, {96, 64}};
        int s = 64;
        ImageStack haadfStack = new ImageStack(s, s);
        ImageStack maps = new ImageStack(s, s);
        for (int[] c : corners) {
            for (String key : new String[] {"HAADF", "Sc", "Dy", "O"}) {
                ij.process.ImageProcessor ip = ImageFiles.open(npz + ":" + key).getProcessor();
                ip.setRoi(c[0], c[1], s, s);
                (key.equals("HAADF") ? haadfStack : maps).addSlice(key, ip.crop());
            }
        }
        ImagePlus haadf = new ImagePlus("HAADF series", haadfStack);
        ij.measure.Calibration cal = new ij.measure.Calibration();
        cal.pixelWidth = 0.02;
        cal.pixelHeight = 0.02;
        cal.setUnit("nm");
        haadf.setCalibration(cal);
        ImagePlus mapHyper = new ImagePlus("maps", maps);
        mapHyper.setDimensions(3, 1, 2);
        mapHyper.setOpenAsHyperStack(true);
        Path out = temp.resolve("series");
        CommandModule module;
        try {
            module = run(FuseMultiModalCommand.class, "haadf", haadf, "maps", mapHyper, "elements", "Sc,Dy,O",
                    "preset", "tutorial", "n_iter", 8, "output", out.toFile(), "threads", 2);
        } finally {
            context.service(PrefService.class).remove(FuseMultiModalCommand.class, "n_iter");
        }
        assertTrue(!module.isCanceled(), "command cancelled: " + module.getCancelReason());
        ImagePlus fused = (ImagePlus) module.getOutput("fused_maps");
        assertEquals(3, fused.getNChannels());
        assertEquals(2, fused.getNFrames());
        assertTrue(fused.isComposite(), "fused maps not a composite");
        assertEquals(0.02, fused.getCalibration().pixelWidth, 1e-12);
        assertEquals("nm", fused.getCalibration().getUnit());
        assertEquals(2, ((ImagePlus) module.getOutput("model_haadf")).getNFrames());
        // frame 2 alone, through the same command
        ImageStack m2 = new ImageStack(s, s);
        for (int e = 0; e < 3; e++) {
            m2.addSlice(els[e], maps.getProcessor(4 + e));
        }
        CommandModule alone;
        try {
            alone = run(FuseMultiModalCommand.class, "haadf", new ImagePlus("h2", haadfStack.getProcessor(2)),
                    "maps", new ImagePlus("m2", m2), "elements", "Sc,Dy,O", "preset", "tutorial", "n_iter", 8);
        } finally {
            context.service(PrefService.class).remove(FuseMultiModalCommand.class, "n_iter");
        }
        ImagePlus single = (ImagePlus) alone.getOutput("fused_maps");
        for (int e = 0; e < 3; e++) {
            float[] a = (float[]) single.getStack().getPixels(e + 1);
            float[] b = (float[]) fused.getStack().getPixels(fused.getStackIndex(e + 1, 1, 2));
            double diff = 0;
            for (int i = 0; i < a.length; i++) {
                diff = Math.max(diff, Math.abs(a[i] - b[i]));
            }
            assertTrue(diff <= 1e-6, els[e] + " of frame 2 differs from fusing frame 2 alone by " + diff);
        }
        for (String f : new String[] {"fused_Sc.tif", "fused_maps.tif", "model_haadf.tif", "series_costs.csv",
            "Fused_Series.h5"}) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " not written");
        }
    }

    /**
     * A series kept in files: the HAADF as a folder of TIFFs (one per frame), the maps as 3-D datasets of one HDF5
     * file (frames, rows, cols) written by FusionJ's own writer; every frame equals the stack route's within 1e-6.
     */
    @Test
    @org.junit.jupiter.api.Timeout(300)
    void aSeriesKeptInFilesFusesLikeTheStackRoute() throws Exception {
        String npz = TestData.dyscO3Npz().toString();
        String[] els = {"Sc", "Dy", "O"};
        int[][] corners = {{0, 0}, {96, 64}};
        int s = 48;
        ImageStack haadfStack = new ImageStack(s, s);
        ImageStack maps = new ImageStack(s, s);
        double[][] cubes = new double[3][corners.length * s * s];
        Path frames = temp.resolve("haadf_frames");
        Files.createDirectories(frames);
        for (int f = 0; f < corners.length; f++) {
            int[] c = corners[f];
            for (String key : new String[] {"HAADF", "Sc", "Dy", "O"}) {
                ij.process.ImageProcessor ip = ImageFiles.open(npz + ":" + key).getProcessor();
                ip.setRoi(c[0], c[1], s, s);
                ij.process.ImageProcessor crop = ip.crop().convertToFloatProcessor();
                if (key.equals("HAADF")) {
                    haadfStack.addSlice(key, crop);
                    new ij.io.FileSaver(new ImagePlus("f", crop)).saveAsTiff(frames.resolve("haadf_" + (f + 1)
                            + ".tif").toString());
                } else {
                    maps.addSlice(key, crop);
                    int e = java.util.List.of(els).indexOf(key);
                    float[] px = (float[]) crop.getPixels();
                    for (int i = 0; i < px.length; i++) {
                        cubes[e][f * s * s + i] = px[i];
                    }
                }
            }
        }
        Path h5 = temp.resolve("maps_series.h5");
        try (org.fusionj.io.Hdf5Writer w = org.fusionj.io.Hdf5Writer.create(h5)) {
            for (int e = 0; e < 3; e++) {
                w.writeDataset(els[e], new org.fusionj.io.NdArray(new int[] {corners.length, s, s}, cubes[e],
                        org.fusionj.io.NdArray.FLOAT32));
            }
        }
        ImagePlus mapHyper = new ImagePlus("maps", maps);
        mapHyper.setDimensions(3, 1, corners.length);
        mapHyper.setOpenAsHyperStack(true);
        CommandModule stacks;
        CommandModule files;
        Path out = temp.resolve("file_series");
        try {
            stacks = run(FuseMultiModalCommand.class, "haadf", new ImagePlus("HAADF series", haadfStack), "maps",
                    mapHyper, "elements", "Sc,Dy,O", "preset", "tutorial", "n_iter", 6);
            files = run(FuseMultiModalCommand.class, "haadf_series", frames.toString(), "map_series",
                    h5 + ":/Sc," + h5 + ":/Dy," + h5 + ":/O", "elements", "Sc,Dy,O", "preset", "tutorial",
                    "n_iter", 6, "output", out.toFile());
        } finally {
            context.service(PrefService.class).remove(FuseMultiModalCommand.class, "n_iter");
        }
        assertTrue(!files.isCanceled(), "command cancelled: " + files.getCancelReason());
        ImagePlus a = (ImagePlus) stacks.getOutput("fused_maps");
        ImagePlus b = (ImagePlus) files.getOutput("fused_maps");
        assertEquals(corners.length, b.getNFrames());
        assertEquals(3, b.getNChannels());
        for (int i = 1; i <= a.getStackSize(); i++) {
            float[] x = (float[]) a.getStack().getPixels(i);
            float[] y = (float[]) b.getStack().getPixels(i);
            for (int k = 0; k < x.length; k++) {
                assertEquals(x[k], y[k], 1e-6, "slice " + i + " pixel " + k);
            }
        }
        assertTrue(Files.isRegularFile(out.resolve("Fused_Series.h5")), "record not written");
        // A map dataset without a frame axis is refused, naming it.
        Path flat = temp.resolve("flat.h5");
        try (org.fusionj.io.Hdf5Writer w = org.fusionj.io.Hdf5Writer.create(flat)) {
            w.writeDataset("Sc", new float[s * s], s, s);
        }
        CommandModule bad = run(FuseMultiModalCommand.class, "haadf_series", frames.toString(), "map_series",
                flat + ":/Sc," + h5 + ":/Dy," + h5 + ":/O", "elements", "Sc,Dy,O");
        assertTrue(bad.isCanceled());
        assertTrue(bad.getCancelReason().contains("no frame axis"), bad.getCancelReason());
    }

    /**
     * A Velox EMD image series (rows, cols, frames; 5e-10 m pixels in its metadata) read with frame_axis last through
     * the SciJava command: the fused maps carry 0.5 nm pixels, as a single EMD image would.
     */
    @Test
    @org.junit.jupiter.api.Timeout(300)
    void anEmdSeriesGivesCalibratedResults() throws Exception {
        int w = 24;
        int h = 20;
        int frames = 2;
        org.fusionj.core.fusion.phantom.FusionPhantom p = org.fusionj.core.fusion.phantom.FusionPhantom.generate(
                org.fusionj.core.fusion.phantom.PhantomSpec.defaults(w, h));
        Path emd = temp.resolve("series.emd");
        java.util.List<String> symbols = p.symbols();
        try (org.fusionj.testing.VeloxEmd file = org.fusionj.testing.VeloxEmd.create(emd)) {
            for (int e = -1; e < symbols.size(); e++) {
                float[] plane = e < 0 ? p.haadf().pixels() : p.noisyMaps().get(e);
                float[] planes = new float[frames * w * h];
                for (int f = 0; f < frames; f++) {
                    System.arraycopy(plane, 0, planes, f * w * h, w * h);
                }
                file.image(e < 0 ? "HAADF" : symbols.get(e), planes, h, w, frames, 5e-10);
            }
        }
        java.util.List<String> maps = new java.util.ArrayList<>();
        for (int e = 0; e < symbols.size(); e++) {
            maps.add(emd + ":" + String.format(java.util.Locale.ROOT, "/Data/Image/%032x/Data", e + 2));
        }
        CommandModule files;
        try {
            files = run(FuseMultiModalCommand.class, "haadf_series",
                    emd + ":" + String.format(java.util.Locale.ROOT, "/Data/Image/%032x/Data", 1), "map_series",
                    String.join(",", maps), "elements", String.join(",", symbols), "frame_axis", "last", "n_iter", 4);
        } finally {
            // SciJava remembers these for the next run (as in Fiji): the other tests expect the defaults
            context.service(PrefService.class).remove(FuseMultiModalCommand.class, "n_iter");
            context.service(PrefService.class).remove(FuseMultiModalCommand.class, "frame_axis");
        }
        assertTrue(!files.isCanceled(), "command cancelled: " + files.getCancelReason());
        ij.measure.Calibration cal = ((ImagePlus) files.getOutput("fused_maps")).getCalibration();
        assertEquals("nm", cal.getUnit());
        assertEquals(0.5, cal.pixelWidth, 1e-12);
        assertEquals(0.5, cal.pixelHeight, 1e-12);
    }

    @Test
    void serviceIsAvailableToScripts() {
        FusionService service = context.service(FusionService.class);
        assertEquals("tutorial", service.tutorialDyScO3().preset().key());
    }
}
