package org.fusionj.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ij.IJ;
import ij.ImagePlus;

import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.DictionaryMode;
import org.fusionj.core.tomo.phantom.TomoScore;
import org.fusionj.io.Hdf5Reader;
import org.fusionj.testing.TestData;
import org.fusionj.workflow.dictionary.DictionaryImages;
import org.fusionj.workflow.tomo.TomoImages;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every macro in {@code macros/} in the real ImageJ macro interpreter, with the packaged jar in a
 * {@code plugins/} folder, and checks what it produced. A macro without a check here fails: examples must not
 * go untested.
 */
class MacroExamplesIT {

    /** What each example must produce, given its output folder. */
    private static final Map<String, OutputCheck> CHECKS = Map.of(
            "dictionary_learn_enhance.ijm", MacroExamplesIT::dictionaryLearntAndTxmEnhanced,
            "fuse_dysco3.ijm", MacroExamplesIT::fusedDyScO3MatchesReference,
            "fuse_recorded.ijm", MacroExamplesIT::fusedDyScO3MatchesReference,
            "xanes_edge_map.ijm", MacroExamplesIT::xanesMapsOfTheSimulatedSeries,
            "register_series.ijm", MacroExamplesIT::registeredSimulatedSeries,
            "register_two_volumes.ijm", MacroExamplesIT::registeredPairOfVolumes,
            "fuse_tomography.ijm", MacroExamplesIT::fusedTomographyOfTheSimulatedData,
            "fuse_series.ijm", MacroExamplesIT::fusedSeriesFramesAreSingleFusions,
            "apply_transforms.ijm", MacroExamplesIT::transformsAppliedToTheSeriesAndItsLabels);

    @FunctionalInterface
    private interface OutputCheck {
        void check(Path outputFolder, String log) throws Exception;
    }

    @TempDir
    Path temp;

    @TestFactory
    Stream<DynamicTest> everyMacroRunsAndProducesItsResults() throws IOException {
        List<Path> macros;
        try (Stream<Path> files = Files.list(TestData.projectDir().resolve("macros"))) {
            macros = files.filter(f -> f.toString().endsWith(".ijm")).sorted().toList();
        }
        assertTrue(macros.size() >= 2, "expected at least two example macros, found " + macros);
        return macros.stream().map(macro -> DynamicTest.dynamicTest(macro.getFileName().toString(), () -> {
            OutputCheck check = CHECKS.get(macro.getFileName().toString());
            assertNotNull(check, "no output check for " + macro.getFileName() + ": add one to MacroExamplesIT");
            Path ij = ImageJLauncher.imageJFolder(Files.createTempDirectory(temp, "ij"));
            Path out = Files.createTempDirectory(temp, "out");
            ImageJLauncher.Run run = ImageJLauncher.runMacro(ij, macro, TestData.dyscO3Npz() + "|" + out);
            assertEquals(0, run.exitCode(), "macro failed:\n" + run.output());
            check.check(out, run.output());
        }));
    }

    /**
     * The simulated series has its Mn-like edge at 6549 eV shifted by 0 to 5 eV across the volume: every
     * particle's edge-energy peak must lie in that span (give or take the half-height offset of the white line).
     */
    private static void xanesMapsOfTheSimulatedSeries(Path out, String log) throws Exception {
        ImagePlus hh = IJ.openImage(out.resolve("half_height.tif").toString());
        assertNotNull(hh, "half_height.tif was not written; log:\n" + log);
        assertEquals("eV", hh.getCalibration().getValueUnit());
        List<String> rows = Files.readAllLines(out.resolve("particles.csv"));
        assertEquals(4, rows.size(), "header + 3 particles expected:\n" + rows);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            int peakColumn = List.of(rows.get(0).split(",")).indexOf("peak_eV");
            double peak = Double.parseDouble(f[peakColumn]);
            assertTrue(peak >= 6548 && peak <= 6555, "particle peak " + peak + " eV outside 6548..6555");
        }
        assertTrue(log.contains("particles: 3"), log);
    }

    /**
     * The saved transforms applied to the registered series itself reproduce registered.tif (to 1e-5, as
     * ApplyTransformsCliTest); applied to an 8-bit label image with nearest neighbour, the labels stay 8-bit and
     * keep their values (0 and 255), and the particles are still there.
     */
    private static void transformsAppliedToTheSeriesAndItsLabels(Path out, String log) throws Exception {
        ImagePlus registered = IJ.openImage(out.resolve("registered.tif").toString());
        ImagePlus applied = IJ.openImage(out.resolve("applied.tif").toString());
        assertNotNull(registered, "registered.tif was not written; log:\n" + log);
        assertNotNull(applied, "applied.tif was not written; log:\n" + log);
        assertEquals(registered.getStackSize(), applied.getStackSize());
        double worst = 0;
        for (int s = 1; s <= registered.getStackSize(); s++) {
            float[] a = (float[]) registered.getStack().getPixels(s);
            float[] b = (float[]) applied.getStack().getPixels(s);
            for (int i = 0; i < a.length; i++) {
                worst = Math.max(worst, Math.abs(a[i] - b[i]));
            }
        }
        assertTrue(worst <= 1e-5, "applied.tif differs from registered.tif by " + worst);
        ImagePlus labels = IJ.openImage(out.resolve("labels_registered.tif").toString());
        assertNotNull(labels, "labels_registered.tif was not written; log:\n" + log);
        assertEquals(ImagePlus.GRAY8, labels.getType(), "labels must stay 8-bit");
        long inside = 0;
        for (int s = 1; s <= labels.getStackSize(); s++) {
            for (byte v : (byte[]) labels.getStack().getPixels(s)) {
                int u = v & 0xff;
                assertTrue(u == 0 || u == 255, "label value " + u + " is not one of the input's (0, 255)");
                inside += u == 255 ? 1 : 0;
            }
        }
        assertTrue(inside > 0, "no particle voxel left in the registered labels");
        assertTrue(log.contains("applied the transforms"), log);
    }

    /**
     * The fused volumes of the simulated 32^3 data set (20 iterations) against the truth the macro saved: mean
     * normalised RMSE measured 0.27 (the chemistry-only baseline about 0.5, docs/fusion-tomography.md).
     */
    private static void fusedTomographyOfTheSimulatedData(Path out, String log) throws Exception {
        ImagePlus vol = IJ.openImage(out.resolve("volumes.tif").toString());
        assertNotNull(vol, "volumes.tif was not written; log:\n" + log);
        ImagePlus truth = IJ.openImage(out.resolve("truth.tif").toString());
        assertEquals(3, vol.getNChannels());
        assertEquals(32, vol.getNSlices());
        double sum = 0;
        for (int c = 1; c <= 3; c++) {
            sum += TomoScore.nrmse(TomoImages.volume(vol, c), TomoImages.volume(truth, c));
        }
        assertTrue(sum / 3 < 0.4, "mean normalised RMSE " + sum / 3 + "\n" + log);
        for (String f : List.of("costs.csv", "convergence.png", "tomo_record.h5")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        // the macro reports the volumes it made (the convergence plots open after them and are the current image)
        assertTrue(log.contains("volumes: volumes of HAADF tilt series, 96 images"), log);
    }

    /**
     * The series macro cuts three 64 x 64 frames from DyScO3 and fuses them with the tutorial parameters: every
     * frame of the saved stacks is what fusing that frame alone gives, the hyperstack is calibrated, one output set.
     */
    private static void fusedSeriesFramesAreSingleFusions(Path out, String log) throws Exception {
        int[][] corners = {{0, 0}, {96, 64}, {160, 160}};
        String[] els = {"Sc", "Dy", "O"};
        java.util.Map<String, ImagePlus> saved = new java.util.HashMap<>();
        for (String el : els) {
            ImagePlus imp = IJ.openImage(out.resolve("fused_" + el + ".tif").toString());
            assertNotNull(imp, "fused_" + el + ".tif was not written; log:\n" + log);
            assertEquals(3, imp.getStackSize());
            saved.put(el, imp);
        }
        String npz = TestData.dyscO3Npz().toString();
        for (int f = 0; f < 3; f++) {
            java.util.List<ImagePlus> maps = new java.util.ArrayList<>();
            for (String el : els) {
                maps.add(crop(npz, el, corners[f]));
            }
            org.fusionj.core.fusion.FusionResult alone = new org.fusionj.workflow.fusion.FusionJob(
                    org.fusionj.core.fusion.FusionParameters.tutorialDyScO3(),
                    org.fusionj.workflow.RunContext.threads(2)).run(crop(npz, "HAADF", corners[f]), maps,
                    "Sc,Dy,O").result();
            for (int e = 0; e < 3; e++) {
                float[] a = alone.fusedMaps().get(e);
                float[] b = (float[]) saved.get(els[e]).getStack().getPixels(f + 1);
                double diff = 0;
                for (int i = 0; i < a.length; i++) {
                    diff = Math.max(diff, Math.abs(a[i] - b[i]));
                }
                assertTrue(diff <= 1e-6, els[e] + " frame " + (f + 1) + " differs from fusing it alone by " + diff);
            }
        }
        ImagePlus hyper = IJ.openImage(out.resolve("fused_maps.tif").toString());
        assertEquals(3, hyper.getNChannels());
        assertEquals(3, hyper.getNFrames());
        assertEquals(0.02, hyper.getCalibration().pixelWidth, 1e-9);
        assertEquals("nm", hyper.getCalibration().getUnit());
        assertEquals(4, Files.readAllLines(out.resolve("series_costs.csv")).size());
        try (Hdf5Reader h5 = Hdf5Reader.open(out.resolve("Fused_Series.h5"))) {
            assertEquals(90, h5.readDataset("/costHAADF").data().length);
            assertEquals("tutorial", h5.attributes("/").get("preset"));
        }
        assertTrue(log.contains("fused maps: 3 channels, 3 frames, pixel 0.02 nm"), log);
        assertTrue(log.contains("frame 3 Dy: mean"), "the macro's printed summary is missing; log:\n" + log);
    }

    private static ImagePlus crop(String npz, String key, int[] corner) throws Exception {
        ij.process.ImageProcessor ip = org.fusionj.io.ImageFiles.open(npz + ":" + key).getProcessor();
        ip.setRoi(corner[0], corner[1], 64, 64);
        return new ImagePlus(key, ip.crop());
    }

    private static void fusedDyScO3MatchesReference(Path out, String log) throws Exception {
        for (String el : List.of("Sc", "Dy", "O")) {
            ImagePlus imp = IJ.openImage(out.resolve("fused_" + el + ".tif").toString());
            assertNotNull(imp, "fused_" + el + ".tif was not written; log:\n" + log);
            float[] px = (float[]) imp.getProcessor().getPixels();
            double diff = TestData.maxAbsDiff(TestData.reference(el + ".npy"), px);
            assertTrue(diff <= 1e-5, el + ": max abs difference to the published notebook " + diff);
        }
        ImagePlus model = IJ.openImage(out.resolve("model_haadf.tif").toString());
        assertTrue(TestData.maxAbsDiff(TestData.reference("HAADF_fused.npy"),
                (float[]) model.getProcessor().getPixels()) <= 1e-5, "model HAADF differs from the reference");
        assertTrue(Files.size(out.resolve("convergence.png")) > 1000, "convergence.png missing or empty");
        try (Hdf5Reader h5 = Hdf5Reader.open(out.resolve("Fused_Reconstruction.h5"))) {
            assertEquals(30, h5.readDataset("/costHAADF").data().length);
            assertEquals("tutorial", h5.attributes("/").get("preset"));
        }
        assertTrue(log.contains("Dy: mean"), "the macro's printed summary is missing; log:\n" + log);
    }

    /** The simulated series registered to its highest energy: 4 frames out, every moving energy's MSE lowered. */
    private static void registeredSimulatedSeries(Path out, String log) throws Exception {
        ImagePlus reg = IJ.openImage(out.resolve("registered.tif").toString());
        assertNotNull(reg, "registered.tif was not written; log:\n" + log);
        assertEquals(4, reg.getNFrames());
        assertEquals(48, reg.getNSlices());
        assertTrue(Files.readString(out.resolve("transforms.json")).contains("\"fixed_energy_eV\": 6580.0"));
        List<String> rows = Files.readAllLines(out.resolve("registration.csv"));
        assertEquals(5, rows.size(), "header + 4 energies expected:\n" + rows);
        List<String> header = List.of(rows.get(0).split(","));
        for (String row : rows.subList(1, 4)) {
            String[] f = row.split(",");
            double before = Double.parseDouble(f[header.indexOf("mse_before")]);
            double after = Double.parseDouble(f[header.indexOf("mse_after")]);
            assertTrue(after < before, "MSE not lowered: " + row);
        }
        assertTrue(log.contains("mse after"), log);
    }

    /** One frame of the simulated series registered to the other: a 48-slice volume out, MSE lowered. */
    private static void registeredPairOfVolumes(Path out, String log) throws Exception {
        ImagePlus reg = IJ.openImage(out.resolve("registered.tif").toString());
        assertNotNull(reg, "registered.tif was not written; log:\n" + log);
        assertEquals(48, reg.getStackSize());
        String json = Files.readString(out.resolve("transforms.json"));
        assertTrue(json.contains("\"metric\": \"ncc\"") && !json.contains("fixed_index"), json);
        List<String> rows = Files.readAllLines(out.resolve("registration.csv"));
        assertEquals(2, rows.size(), "header + 1 row expected:\n" + rows);
        List<String> header = List.of(rows.get(0).split(","));
        String[] f = rows.get(1).split(",");
        assertTrue(Double.parseDouble(f[header.indexOf("mse_after")])
                < Double.parseDouble(f[header.indexOf("mse_before")]), "MSE not lowered: " + rows.get(1));
        assertTrue(log.contains("mse after"), log);
    }

    /**
     * The dictionary macro saves a coupled dictionary that re-opens with its metadata, and an enhanced TXM crop
     * clearly closer to the truth than the input (it prints both PSNRs).
     */
    private static void dictionaryLearntAndTxmEnhanced(Path out, String log) throws Exception {
        Dictionary d = DictionaryImages.open(out.resolve("dictionary.tif"));
        assertEquals(DictionaryMode.COUPLED, d.mode());
        assertEquals(128, d.atomCount());
        assertEquals(2, d.info().psfSigma());
        ImagePlus enhanced = IJ.openImage(out.resolve("enhanced.tif").toString());
        assertNotNull(enhanced, "enhanced.tif was not written; log:\n" + log);
        assertEquals(128, enhanced.getWidth());
        Matcher in = Pattern.compile("PSNR input: ([0-9.]+) dB").matcher(log);
        Matcher en = Pattern.compile("PSNR enhanced: ([0-9.]+) dB").matcher(log);
        assertTrue(in.find() && en.find(), "the macro's PSNR lines are missing; log:\n" + log);
        double gain = Double.parseDouble(en.group(1)) - Double.parseDouble(in.group(1));
        System.out.println("dictionary_learn_enhance.ijm: " + in.group() + ", " + en.group());
        assertTrue(gain >= 2, "enhancement gained only " + gain + " dB; log:\n" + log);
    }
}
