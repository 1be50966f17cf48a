package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.fusionj.core.fusion.phantom.FusionPhantom;
import org.fusionj.core.fusion.phantom.PhantomSpec;
import org.fusionj.io.Hdf5Writer;
import org.fusionj.io.ImageFiles;
import org.fusionj.io.NdArray;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fusionj fuse --haadf_series ... --map_series ...}: a series kept in files (a folder, a pattern, a list of
 * files, an HDF5 dataset with a frame axis) fuses like the same series given as stacks, and bad series are refused
 * in one line before anything is written.
 */
class FileSeriesCliTest {

    private static final int W = 40;
    private static final int H = 32;
    private static final int FRAMES = 3;

    @TempDir
    Path temp;

    private List<FusionPhantom> phantoms;
    private List<String> symbols;

    @BeforeEach
    void phantoms() {
        phantoms = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            phantoms.add(FusionPhantom.generate(PhantomSpec.defaults(W, H), f + 11));
        }
        symbols = phantoms.get(0).symbols();
    }

    private float[] haadf(int f) {
        return phantoms.get(f).haadf().pixels().clone();
    }

    private float[] map(int e, int f) {
        return phantoms.get(f).noisyMaps().get(e).clone();
    }

    private String elements() {
        return String.join(",", symbols);
    }

    private static void saveTiff(Path file, float[] px, int w, int h) throws IOException {
        Files.createDirectories(file.getParent());
        assertTrue(new FileSaver(new ImagePlus(file.getFileName().toString(), new FloatProcessor(w, h, px)))
                .saveAsTiff(file.toString()), "could not write " + file);
    }

    /** Frame f of the HAADF as haadf/frame_(f+1).tif (names sort naturally: 2 before 10). */
    private Path haadfFolder() throws IOException {
        Path dir = temp.resolve("haadf");
        for (int f = 0; f < FRAMES; f++) {
            saveTiff(dir.resolve("frame_" + (f + 1) + ".tif"), haadf(f), W, H);
        }
        return dir;
    }

    private Path mapFolder(int e, int frames) throws IOException {
        Path dir = temp.resolve("maps_" + symbols.get(e));
        for (int f = 0; f < frames; f++) {
            saveTiff(dir.resolve(symbols.get(e) + "_" + (f + 1) + ".tif"), map(e, f), W, H);
        }
        return dir;
    }

    /** The reference: the same series as stacks, through the stack route. */
    private Path stackRoute() throws IOException {
        List<String> args = new ArrayList<>(List.of("--haadf", stack("haadf_stack.tif", -1).toString(), "--maps"));
        for (int e = 0; e < symbols.size(); e++) {
            args.add(stack(symbols.get(e) + "_stack.tif", e).toString());
        }
        Path out = temp.resolve("stack_out");
        CliRun r = CliRun.of("fuse", args, "--elements", elements(), "--n_iter", "8", "--out", out.toString(),
                "--quiet");
        assertEquals(0, r.status(), r.err());
        return out;
    }

    private Path stack(String name, int element) {
        ImageStack s = new ImageStack(W, H);
        for (int f = 0; f < FRAMES; f++) {
            s.addSlice(new FloatProcessor(W, H, element < 0 ? haadf(f) : map(element, f)));
        }
        Path file = temp.resolve(name);
        assertTrue(new FileSaver(new ImagePlus(name, s)).saveAsTiffStack(file.toString()));
        return file;
    }

    private void assertSameFusion(Path expected, Path actual) throws IOException {
        for (String s : symbols) {
            ImagePlus a = ImageFiles.open(expected.resolve("fused_" + s + ".tif").toString());
            ImagePlus b = ImageFiles.open(actual.resolve("fused_" + s + ".tif").toString());
            assertEquals(FRAMES, b.getStackSize(), s);
            for (int f = 1; f <= FRAMES; f++) {
                float[] x = (float[]) a.getStack().getPixels(f);
                float[] y = (float[]) b.getStack().getPixels(f);
                for (int i = 0; i < x.length; i++) {
                    assertEquals(x[i], y[i], 1e-6, s + " frame " + f + " pixel " + i);
                }
            }
        }
        assertTrue(Files.isRegularFile(actual.resolve("Fused_Series.h5")));
        assertTrue(Files.isRegularFile(actual.resolve("series_costs.csv")));
    }

    /** Folder, pattern and list forms in one run: every frame equals the stack route's (1e-6). */
    @Test
    @Timeout(300)
    void foldersPatternsAndListsFuseLikeTheStackRoute() throws Exception {
        Path reference = stackRoute();
        List<String> mapSpecs = new ArrayList<>();
        for (int e = 0; e < symbols.size(); e++) {
            Path dir = mapFolder(e, FRAMES);
            if (e == 0) {
                mapSpecs.add(dir.toString());                                   // a folder
            } else if (e == 1) {
                mapSpecs.add(dir.resolve(symbols.get(e) + "_*.tif").toString()); // a pattern
            } else {
                Path list = temp.resolve(symbols.get(e) + "_frames.txt");       // a list, relative names
                StringBuilder sb = new StringBuilder("# frames of " + symbols.get(e) + "\n");
                for (int f = 1; f <= FRAMES; f++) {
                    sb.append(dir.getFileName()).append('/').append(symbols.get(e)).append('_').append(f)
                            .append(".tif\n");
                }
                Files.writeString(list, sb.toString(), StandardCharsets.UTF_8);
                mapSpecs.add(list.toString());
            }
        }
        Path out = temp.resolve("files_out");
        CliRun r = CliRun.of("fuse", "--haadf_series", haadfFolder().toString(), "--map_series",
                String.join(",", mapSpecs), "--elements", elements(), "--n_iter", "8", "--out", out.toString(),
                "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("fused a series of 3 frame(s)"), r.out());
        for (int f = 1; f <= FRAMES; f++) {
            assertTrue(r.err().contains("frame " + f + " of 3 fused"), r.err());
        }
        assertSameFusion(reference, out);
    }

    private Path hdf5(String name, boolean framesLast, boolean flatHaadf) throws IOException {
        Path file = temp.resolve(name);
        try (Hdf5Writer h5 = Hdf5Writer.create(file)) {
            var g = h5.group("series");
            g.writeDataset("HAADF", flatHaadf ? NdArray.of2D(H, W, haadf(0)) : cube(-1, framesLast));
            for (int e = 0; e < symbols.size(); e++) {
                g.writeDataset(symbols.get(e), cube(e, framesLast));
            }
        }
        return file;
    }

    private NdArray cube(int element, boolean framesLast) {
        double[] all = new double[FRAMES * H * W];
        for (int f = 0; f < FRAMES; f++) {
            float[] px = element < 0 ? haadf(f) : map(element, f);
            for (int i = 0; i < px.length; i++) {
                all[framesLast ? i * FRAMES + f : f * px.length + i] = px[i];
            }
        }
        return new NdArray(framesLast ? new int[] {H, W, FRAMES} : new int[] {FRAMES, H, W}, all, NdArray.FLOAT32);
    }

    private String mapDatasets(Path file) {
        List<String> specs = new ArrayList<>();
        for (String s : symbols) {
            specs.add(file + ":/series/" + s);
        }
        return String.join(",", specs);
    }

    /** 3-D HDF5 datasets written by FusionJ's own writer, frames first and frames last, equal the stack route. */
    @Test
    @Timeout(300)
    void hdf5DatasetsWithAFrameAxisFuseLikeTheStackRoute() throws Exception {
        Path reference = stackRoute();
        Path first = hdf5("first.h5", false, false);
        Path out = temp.resolve("h5_out");
        CliRun r = CliRun.of("fuse", "--haadf_series", first + ":/series/HAADF", "--map_series", mapDatasets(first),
                "--elements", elements(), "--n_iter", "8", "--out", out.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertSameFusion(reference, out);

        Path last = hdf5("last.h5", true, false);
        Path out2 = temp.resolve("h5_last_out");
        CliRun r2 = CliRun.of("fuse", "--haadf_series", last + ":/series/HAADF", "--map_series", mapDatasets(last),
                "--elements", elements(), "--frame_axis", "last", "--n_iter", "8", "--out", out2.toString(),
                "--quiet");
        assertEquals(0, r2.status(), r2.err());
        assertSameFusion(reference, out2);
    }

    /** Every frame of one series, plane after plane (as VeloxEmd takes them). */
    private float[] planes(int element) {
        float[] all = new float[FRAMES * W * H];
        for (int f = 0; f < FRAMES; f++) {
            System.arraycopy(element < 0 ? haadf(f) : map(element, f), 0, all, f * W * H, W * H);
        }
        return all;
    }

    /**
     * A Velox EMD file's image series (rows, cols, frames; pixel size in metres in the JSON metadata) read with
     * frame_axis last: the results carry the pixel size a single EMD image gets (5e-10 m: 0.5 nm; 2e-6 m: 2 um, which
     * ImageJ spells "\u00B5m" in the TIFFs and the record "um"), and fuse like the stack route.
     */
    @Test
    @Timeout(300)
    void veloxEmdSeriesAreCalibratedLikeASingleEmdImage() throws Exception {
        assertVeloxSeriesCalibrated(5e-10, "nm", "nm", 0.5);
    }

    @Test
    @Timeout(300)
    void micrometreEmdSeriesSayUmInTheRecordAndMicronInImageJ() throws Exception {
        assertVeloxSeriesCalibrated(2e-6, "\u00B5m", "um", 2);
    }

    private void assertVeloxSeriesCalibrated(double metres, String imageUnit, String recordUnit, double size)
            throws Exception {
        Path reference = stackRoute();
        Path emd = temp.resolve("series.emd");
        try (org.fusionj.testing.VeloxEmd file = org.fusionj.testing.VeloxEmd.create(emd)) {
            file.image("HAADF", planes(-1), H, W, FRAMES, metres);
            for (int e = 0; e < symbols.size(); e++) {
                file.image(symbols.get(e), planes(e), H, W, FRAMES, metres);
            }
        }
        List<String> maps = new ArrayList<>();
        for (int e = 0; e < symbols.size(); e++) {
            maps.add(emd + ":" + veloxData(e + 2));
        }
        Path out = temp.resolve("emd_out_" + recordUnit);
        CliRun r = CliRun.of("fuse", "--haadf_series", emd + ":" + veloxData(1), "--map_series",
                String.join(",", maps), "--elements", elements(), "--frame_axis", "last", "--n_iter", "8", "--out",
                out.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertSameFusion(reference, out);
        for (String name : List.of("fused_" + symbols.get(0) + ".tif", "fused_maps.tif", "model_haadf.tif")) {
            ij.measure.Calibration cal = ImageFiles.open(out.resolve(name).toString()).getCalibration();
            assertEquals(imageUnit, cal.getUnit(), name);
            assertEquals(size, cal.pixelWidth, 1e-12, name);
            assertEquals(size, cal.pixelHeight, 1e-12, name);
        }
        try (org.fusionj.io.Hdf5Reader record = org.fusionj.io.Hdf5Reader.open(out.resolve("Fused_Series.h5"))) {
            java.util.Map<String, Object> a = record.attributes("/");
            assertEquals(recordUnit, a.get("pixel_unit"));
            assertEquals(size, ((Number) a.get("pixel_width")).doubleValue(), 1e-12);
            assertEquals(size, ((Number) a.get("pixel_height")).doubleValue(), 1e-12);
        }
    }

    /** The Data path of the n-th image VeloxEmd wrote (1-based; its groups are numbered in hex). */
    private static String veloxData(int n) {
        return String.format(java.util.Locale.ROOT, "/Data/Image/%032x/Data", n);
    }

    private void refused(String expected, Path out, String... args) {
        CliRun r = CliRun.of(args);
        r.assertRefused(expected);
        assertTrue(!Files.exists(out), "nothing may be written: " + out);
    }

    @Test
    @Timeout(120)
    void badSeriesAreRefusedInOneLineBeforeAnyWork() throws Exception {
        String haadf = haadfFolder().toString();
        Path out = temp.resolve("bad_out");
        List<String> ok = new ArrayList<>();
        for (int e = 0; e < symbols.size(); e++) {
            ok.add(mapFolder(e, FRAMES).toString());
        }
        // Frame counts that differ.
        Path short0 = temp.resolve("short");
        for (int f = 0; f < FRAMES - 1; f++) {
            saveTiff(short0.resolve("m" + f + ".tif"), map(0, f), W, H);
        }
        List<String> specs = new ArrayList<>(ok);
        specs.set(0, short0.toString());
        refused("has 2 frame(s) but the HAADF series", out, "fuse", "--haadf_series", haadf, "--map_series",
                String.join(",", specs), "--elements", elements(), "--out", out.toString());
        // A frame of another size (found from the TIFF headers, before any frame is fused).
        Path odd = temp.resolve("odd");
        for (int f = 0; f < FRAMES; f++) {
            saveTiff(odd.resolve("m" + f + ".tif"), f == 2 ? new float[(W + 2) * H] : map(0, f),
                    f == 2 ? W + 2 : W, H);
        }
        specs.set(0, odd.toString());
        refused("m2.tif is 42 x 32 but m0.tif is 40 x 32", out, "fuse", "--haadf_series", haadf, "--map_series",
                String.join(",", specs), "--elements", elements(), "--out", out.toString());
        // A missing file in a list.
        Path list = temp.resolve("list.txt");
        Files.writeString(list, "maps_" + symbols.get(0) + "/" + symbols.get(0) + "_1.tif\nnot_there.tif\n");
        specs.set(0, list.toString());
        refused("line 2: no such file", out, "fuse", "--haadf_series", haadf, "--map_series",
                String.join(",", specs), "--elements", elements(), "--out", out.toString());
        // A dataset without a frame axis.
        Path flat = hdf5("flat.h5", false, true);
        refused("has shape [32, 40], no frame axis", out, "fuse", "--haadf_series", flat + ":/series/HAADF",
                "--map_series", mapDatasets(flat), "--elements", elements(), "--out", out.toString());
        // One series per element.
        refused("map_series names 1 series but elements " + symbols.size(), out, "fuse", "--haadf_series", haadf,
                "--map_series", ok.get(0), "--elements", elements(), "--out", out.toString());
        // A pattern that matches nothing, and the two routes at once.
        refused("no file matches the pattern", out, "fuse", "--haadf_series", temp.resolve("haadf/x_*.tif")
                .toString(), "--map_series", String.join(",", ok), "--elements", elements(), "--out", out.toString());
        refused("not both", out, "fuse", "--haadf_series", haadf, "--map_series", String.join(",", ok), "--haadf",
                haadf, "--elements", elements(), "--out", out.toString());
    }

    /**
     * Frames are read only when fused: a frame file whose pixels are damaged (its header intact) is not read when
     * the series is opened, and the run stops on it naming the frame, with nothing written.
     */
    @Test
    @Timeout(300)
    void framesAreReadOneAtATimeAndADamagedFrameIsNamed() throws Exception {
        String haadf = haadfFolder().toString();
        List<String> specs = new ArrayList<>();
        for (int e = 0; e < symbols.size(); e++) {
            specs.add(mapFolder(e, FRAMES).toString());
        }
        Path damaged = temp.resolve("maps_" + symbols.get(0)).resolve(symbols.get(0) + "_3.tif");
        byte[] bytes = Files.readAllBytes(damaged);
        Files.write(damaged, java.util.Arrays.copyOf(bytes, bytes.length / 2)); // pixels cut short
        Path out = temp.resolve("damaged_out");
        CliRun r = CliRun.of("fuse", "--haadf_series", haadf, "--map_series", String.join(",", specs),
                "--elements", elements(), "--n_iter", "4", "--out", out.toString(), "--threads", "1", "--quiet");
        r.assertRefused("frame 3 of 3");
        assertTrue(r.err().contains(symbols.get(0) + "_3.tif"), r.err());
        assertTrue(!Files.exists(out.resolve("fused_maps.tif")), "nothing may be written");
    }
}
