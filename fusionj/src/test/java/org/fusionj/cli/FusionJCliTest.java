package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: files in, files out, exit status 2 and one line of reason on bad input. */
class FusionJCliTest {

    @TempDir
    Path temp;

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private String npz() {
        return TestData.dyscO3Npz().toString();
    }

    private List<String> fuseArgs(String out, String... extra) {
        List<String> a = new ArrayList<>(List.of("fuse", "--haadf", npz(), "--maps", npz(), "--elements",
                "Sc,Dy,O", "--preset", "tutorial", "--out", out, "--quiet"));
        a.addAll(List.of(extra));
        return a;
    }

    private CliRun fuse(String out, String... extra) {
        return cli(fuseArgs(out, extra).toArray(String[]::new));
    }

    @Test
    void fusesAnNpzArchiveIntoTheOutputFolder() throws IOException {
        Path out = temp.resolve("out");
        CliRun r = fuse(out.toString(), "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("fused Sc, Dy, O (256 x 256) with preset tutorial"), r.out());
        assertTrue(r.out().contains("final costs: HAADF 238.910"), r.out());
        for (String f : List.of("fused_Sc.tif", "fused_Dy.tif", "fused_O.tif", "fused_maps.tif",
                "model_haadf.tif", "convergence.png", "Fused_Reconstruction.h5")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), "missing " + f);
        }
    }

    /**
     * A user fuses the HAADF and maps of a Velox EMD file (pixel size 5e-10 m, as Velox writes it): the fused maps,
     * their TIFFs and the HDF5 record are calibrated in nm (0.5 nm), not in metres.
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void fusesVeloxEmdImagesAndCalibratesTheResultsInNm() throws IOException {
        assertEmdFusionCalibrated(5e-10, "nm", "nm", 0.5);
    }

    /**
     * The same at 2e-6 m: ImageJ spells the unit "\u00B5m" in windows and in the TIFFs (read back by ImageJ and by
     * FusionJ's own reader alike), and the record says "um" (ASCII: h5dump and h5py read it as text).
     */
    @Test
    @org.junit.jupiter.api.Timeout(120)
    void micrometreResultsSayUmInTheRecordAndMicronInImageJ() throws IOException {
        assertEmdFusionCalibrated(2e-6, "\u00B5m", "um", 2);
    }

    private void assertEmdFusionCalibrated(double metres, String imageUnit, String recordUnit, double size)
            throws IOException {
        int rows = 24;
        int cols = 32;
        java.util.Random random = new java.util.Random(7);
        float[][] images = new float[3][rows * cols];
        for (int p = 0; p < rows * cols; p++) {
            float sc = (p / cols + p % cols) % 4 == 0 ? 5 : 1;
            float dy = 6 - sc;
            images[1][p] = sc + random.nextInt(3);
            images[2][p] = dy + random.nextInt(3);
            images[0][p] = 21 * sc + 66 * dy + random.nextInt(10);
        }
        Path emd = temp.resolve("scan.emd");
        try (org.fusionj.testing.VeloxEmd file = org.fusionj.testing.VeloxEmd.create(emd)) {
            file.image("HAADF", images[0], rows, cols, 1, metres).image("Sc", images[1], rows, cols, 1, metres)
                    .image("Dy", images[2], rows, cols, 1, metres);
        }
        Path out = temp.resolve("emdOut");
        CliRun r = cli("fuse", "--haadf", emd + ":HAADF", "--maps", emd + ":Sc", emd + ":Dy", "--elements", "Sc,Dy",
                "--n_iter", "3", "--out", out.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        for (String f : List.of("fused_Sc.tif", "fused_maps.tif", "model_haadf.tif")) {
            for (ij.ImagePlus imp : List.of(ij.IJ.openImage(out.resolve(f).toString()),
                    org.fusionj.io.ImageFiles.open(out.resolve(f).toString()))) {
                ij.measure.Calibration cal = imp.getCalibration();
                assertEquals(imageUnit, cal.getUnit(), f);
                assertEquals(size, cal.pixelWidth, 1e-9, f);
                assertEquals(size, cal.pixelHeight, 1e-9, f);
            }
        }
        Path recordFile = out.resolve("Fused_Reconstruction.h5");
        try (org.fusionj.io.Hdf5Reader record = org.fusionj.io.Hdf5Reader.open(recordFile)) {
            java.util.Map<String, Object> attributes = record.attributes("/");
            assertEquals(recordUnit, attributes.get("pixel_unit"));
            assertEquals(size, ((Number) attributes.get("pixel_width")).doubleValue(), 1e-9);
        }
    }

    @Test
    void refusesToOverwriteUnlessAsked() {
        Path out = temp.resolve("again");
        assertEquals(0, fuse(out.toString(), "--n_iter", "2").status());
        CliRun again = fuse(out.toString(), "--n_iter", "2");
        assertEquals(2, again.status());
        assertTrue(again.err().contains("already holds") && again.err().contains("overwrite"), again.err());
        assertEquals(0, fuse(out.toString(), "--n_iter", "2", "--overwrite").status());
    }

    @Test
    void mapsOfAnotherSizeAreNamedWithBothSizes() throws IOException {
        Path haadf = tiff("haadf.tif", 64, 48);
        Path sc = tiff("sc.tif", 64, 48);
        Path dy = tiff("dy.tif", 32, 48);
        CliRun r = cli("fuse", "--haadf", haadf.toString(), "--maps", sc.toString(), dy.toString(),
                "--elements", "Sc,Dy", "--out", temp.resolve("o").toString());
        assertEquals(2, r.status());
        assertOneLineError(r, "dy.tif", "32 x 48", "haadf.tif", "64 x 48");
        assertTrue(!Files.exists(temp.resolve("o")), "nothing may be written");
    }

    @Test
    void badInputGivesStatusTwoAndOneLineReason() throws IOException {
        assertOneLineError(fuse(temp.resolve("a").toString(), "--lambda_tv", "0"), "lambda_tv must be a positive");
        assertOneLineError(fuse(temp.resolve("b").toString(), "--n_iter", "-3"), "n_iter must be at least 1");
        assertOneLineError(fuse(temp.resolve("c").toString(), "--gamma", "abc"), "gamma must be a number");
        assertOneLineError(fuse(temp.resolve("d").toString(), "--colour", "red"), "unknown option --colour");
        assertOneLineError(cli("fuse", "--haadf", npz(), "--maps", npz(), "--elements", "Sc,Dy,Zz", "--out",
                temp.toString()), "unknown element symbol 'Zz'");
        assertOneLineError(cli("fuse", "--haadf", temp.resolve("nope.tif").toString(), "--maps", npz(),
                "--elements", "Sc", "--out", temp.toString()), "no such file", "nope.tif");
        Path corrupt = Files.write(temp.resolve("corrupt.npy"), new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P'});
        assertOneLineError(cli("fuse", "--haadf", corrupt.toString(), "--maps", npz(), "--elements", "Sc",
                "--out", temp.toString()), "corrupt.npy");
        assertOneLineError(cli("fuse", "--haadf", npz(), "--maps", npz(), "--elements", "Sc,Dy,O"),
                "missing option --out");
        assertEquals(2, cli("explode").status());
    }

    @Test
    void demoFusesTheBundledDataAndComparesWithThePublishedRun() {
        System.setProperty("fusionj.home", TestData.projectDir().toString());
        CliRun r = cli("demo", "--out", temp.resolve("demo").toString(), "--threads", "1");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("final costs: HAADF 238.910"), r.out());
        assertTrue(r.out().contains("published notebook"), r.out());
        assertTrue(r.out().contains("solve:"), r.out());
        assertTrue(Files.isRegularFile(temp.resolve("demo/Fused_Reconstruction.h5")));
    }

    @Test
    void helpIsPrinted() {
        CliRun r = cli("fuse", "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().contains("--lambda_tv"), r.out());
    }

    private Path tiff(String name, int w, int h) {
        float[] px = new float[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = i % 13;
        }
        Path p = temp.resolve(name);
        new FileSaver(new ImagePlus(name, new FloatProcessor(w, h, px))).saveAsTiff(p.toString());
        return p;
    }

    private static void assertOneLineError(CliRun r, String... fragments) {
        assertEquals(2, r.status(), "status for: " + r.err());
        String line = r.err().strip();
        assertTrue(!line.contains("\n"), "expected one line, got: " + r.err());
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' missing from: " + line);
        }
    }
}
