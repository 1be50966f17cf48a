package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.spectrum.EnergyAxis;
import org.fusionj.core.spectrum.LineTable;
import org.fusionj.core.spectrum.SpectrumImage;
import org.fusionj.core.spectrum.SpectrumKind;
import org.fusionj.core.spectrum.SpectrumMapper;
import org.fusionj.core.spectrum.SpectrumMaps;
import org.fusionj.core.spectrum.SpectrumPhantom;
import org.fusionj.core.spectrum.WindowPlanner;
import org.fusionj.core.spectrum.WindowSettings;
import org.fusionj.io.ImageFiles;
import org.fusionj.io.NpyWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusionj maps}: generated spectrum images with known maps in, the maps out; refusals in one line. */
class MapsCliTest {

    private static final int W = 24;
    private static final int H = 20;

    @TempDir
    Path temp;

    private static SpectrumPhantom edx(long seed) {
        LineTable t = LineTable.bundled(SpectrumKind.EDX);
        return SpectrumPhantom.generate(SpectrumKind.EDX, List.of(t.find("Fe:Ka").get(0), t.find("O:Ka").get(0)),
                W, H, new EnergyAxis(0, 10, 1000), 200, 1, WindowSettings.defaults(), seed);
    }

    private Path npy(String name, SpectrumImage si) throws IOException {
        Path file = temp.resolve(name);
        NpyWriter.writeFloat32(file, new int[] {si.height(), si.width(), si.channels()}, si.counts());
        return file;
    }

    @Test
    @Timeout(120)
    void noiseFreeEdxMapsFollowTheTruthAndEqualTheCoreMapper() throws Exception {
        SpectrumPhantom ph = edx(1);
        Path in = npy("clean.npy", ph.expected());
        Path out = temp.resolve("maps");
        CliRun r = CliRun.of("maps", "--input", in.toString(), "--elements", "Fe,O", "--energy_offset", "0",
                "--dispersion", "10", "--out", out.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Fe:Ka signal"), r.out());
        assertTrue(r.out().contains("O:Ka signal"), r.out());
        for (String f : List.of("map_Fe.tif", "map_O.tif", "maps.tif", "spectrum.csv", "windows.csv")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), "missing " + f);
        }
        SpectrumMaps direct = new SpectrumMapper(1).map(ph.expected(), WindowPlanner.plan(LineTable.bundled(
                SpectrumKind.EDX), ph.expected().axis(), List.of("Fe", "O"), WindowSettings.defaults()).windows());
        String[] symbols = {"Fe", "O"};
        for (int e = 0; e < 2; e++) {
            float[] m = pixels(out.resolve("map_" + symbols[e] + ".tif"));
            assertArrayEquals(direct.maps().get(e).pixels(), m, symbols[e]);
            // A noise-free map is dose x (the line's share in the window, ~0.98) x the true map, within a count.
            double[] fit = fit(ph.truth().get(e), m);
            assertTrue(fit[0] > 190 && fit[0] < 200, symbols[e] + " gain " + fit[0]);
            assertTrue(fit[1] < 1.0, symbols[e] + " worst residual " + fit[1]);
        }
        ImagePlus stack = ImageFiles.open(out.resolve("maps.tif").toString());
        assertEquals(2, stack.getStackSize());
        assertEquals("Fe", stack.getStack().getSliceLabel(1));
    }

    @Test
    @Timeout(120)
    void noisyEdxMapsWithBinningRecoverTheTruthWithinNoise() throws Exception {
        SpectrumPhantom ph = edx(5);
        Path in = npy("noisy.npy", ph.image());
        Path out = temp.resolve("binned");
        CliRun r = CliRun.of("maps", "--input", in.toString(), "--elements", "Fe:Ka O", "--energy_offset", "0",
                "--dispersion", "10", "--spatial_binning", "2", "--out", out.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("(12 x 10 pixels x 1000 channels"), r.out());
        // 2 x 2 binning sums four pixels: the map is 4 x 200 x share x the block's mean truth, plus Poisson noise.
        for (int e = 0; e < 2; e++) {
            float[] truth = ph.truth().get(e);
            float[] binned = new float[12 * 10];
            for (int y = 0; y < 20; y++) {
                for (int x = 0; x < 24; x++) {
                    binned[(y / 2) * 12 + x / 2] += truth[y * W + x] / 4f;
                }
            }
            float[] m = pixels(out.resolve("map_" + (e == 0 ? "Fe" : "O") + ".tif"));
            double[] fit = fit(binned, m);
            assertTrue(fit[0] > 700 && fit[0] < 870, "gain " + fit[0]);
            assertTrue(fit[2] > 0.9, "correlation with the truth " + fit[2]);
        }
    }

    @Test
    @Timeout(120)
    void eelsFirstEdgeIsExactOnNoiseFreeSpectra() throws Exception {
        LineTable t = LineTable.bundled(SpectrumKind.EELS);
        SpectrumPhantom ph = SpectrumPhantom.generate(SpectrumKind.EELS, List.of(t.find("O:K").get(0)), W, H,
                new EnergyAxis(400, 1, 400), 50, 2000, WindowSettings.defaults(), 2);
        Path in = npy("eels.npy", ph.expected());
        Path out = temp.resolve("eels");
        CliRun r = CliRun.of("maps", "--input", in.toString(), "--kind", "eels", "--elements", "O",
                "--energy_offset", "400", "--dispersion", "1", "--out", out.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("pre-edge fit"), r.out());
        double[] fit = fit(ph.truth().get(0), pixels(out.resolve("map_O.tif")));
        assertTrue(fit[2] > 0.9999, "correlation " + fit[2]);
    }

    @Test
    @Timeout(120)
    void badInputGivesStatusTwoOneLineAndWritesNothing() throws Exception {
        Path in = npy("si.npy", edx(3).image());
        Path out = temp.resolve("o");
        String i = in.toString();
        String o = out.toString();
        oneLine(CliRun.of("maps", "--input", i, "--out", o), "--elements");
        oneLine(CliRun.of("maps", "--elements", "Fe", "--out", o), "--input");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Fe", "--out", o), "si.npy",
                "no energy calibration");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Fe", "--energy_offset", "0", "--dispersion", "10",
                "--kind", "xrf", "--out", o), "kind");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Pb:Ka", "--energy_offset", "0", "--dispersion", "10",
                "--out", o), "no line Ka of Pb");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Pb:La", "--energy_offset", "0", "--dispersion", "10",
                "--out", o), "Pb", "range", "calibration");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Fe", "--energy_offset", "0", "--dispersion", "10",
                "--signal_half_width", "2", "--background_offset", "1.5", "--out", o), "background_offset");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Fe", "--energy_offset", "0", "--dispersion", "10",
                "--spatial_binning", "32", "--out", o), "exceeds");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Fe", "--energy_offset", "0", "--dispersion", "0",
                "--out", o), "dispersion");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Fe", "--energy_offset", "0", "--dispersion", "10",
                "--line_table", temp.resolve("none.tsv").toString(), "--out", o), "line_table", "none.tsv");
        oneLine(CliRun.of("maps", "--input", temp.resolve("missing.npy").toString(), "--elements", "Fe",
                "--out", o), "missing.npy");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Fe", "--energy_offset", "0", "--dispersion", "10",
                "--out", i), "si.npy");
        assertTrue(!Files.exists(out) || Files.list(out).findAny().isEmpty(), "nothing may be written");
        // A second run into a filled folder is refused unless --overwrite.
        List<String> ok = List.of("maps", "--input", i, "--elements", "Fe", "--energy_offset", "0", "--dispersion",
                "10", "--out", o, "--quiet");
        assertEquals(0, CliRun.of(ok.toArray(String[]::new)).status());
        oneLine(CliRun.of(ok.toArray(String[]::new)), "already holds", "overwrite");
        List<String> again = new java.util.ArrayList<>(ok);
        again.add("--overwrite");
        assertEquals(0, CliRun.of(again.toArray(String[]::new)).status());
    }

    @Test
    void helpListsEveryOption() {
        CliRun r = CliRun.of("maps", "--help");
        assertEquals(0, r.status());
        for (String o : List.of("--input", "--kind", "--elements", "--energy_offset", "--dispersion",
                "--spatial_binning", "--energy_binning", "--edx_resolution", "--eels_fit_width", "--line_table",
                "--out", "--overwrite", "--threads")) {
            assertTrue(r.out().contains(o), o + " missing from:\n" + r.out());
        }
        assertTrue(CliRun.of("--help").out().contains("maps"));
    }

    private static float[] pixels(Path tif) throws IOException {
        return (float[]) ImageFiles.open(tif.toString()).getProcessor().getPixels();
    }

    /** Least-squares gain of {@code m} on {@code truth} through the origin, worst residual, correlation. */
    private static double[] fit(float[] truth, float[] m) {
        double st = 0;
        double sm = 0;
        double stt = 0;
        double smm = 0;
        double stm = 0;
        int n = m.length;
        for (int p = 0; p < n; p++) {
            st += truth[p];
            sm += m[p];
            stt += (double) truth[p] * truth[p];
            smm += (double) m[p] * m[p];
            stm += (double) truth[p] * m[p];
        }
        double gain = stm / stt;
        double worst = 0;
        for (int p = 0; p < n; p++) {
            worst = Math.max(worst, Math.abs(m[p] - gain * truth[p]));
        }
        double cov = stm - st * sm / n;
        double r = cov / Math.sqrt((stt - st * st / n) * (smm - sm * sm / n));
        return new double[] {gain, worst, r};
    }

    private static void oneLine(CliRun r, String... fragments) {
        r.assertRefused(fragments);
    }
}
