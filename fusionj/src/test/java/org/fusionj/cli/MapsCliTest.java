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
                "no energy calibration", "energy_offset", "dispersion");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Fe", "--energy_offset", "0", "--dispersion", "10",
                "--kind", "xrf", "--out", o), "kind");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Pb:Ka", "--energy_offset", "0", "--dispersion", "10",
                "--out", o), "no line Ka of Pb");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Pb:La", "--energy_offset", "0", "--dispersion", "10",
                "--out", o), "Pb", "range", "calibration");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Fe", "--energy_offset", "0", "--dispersion", "10",
                "--signal_half_width", "2", "--background_offset", "1.5", "--out", o), "background_offset");
        oneLine(CliRun.of("maps", "--input", i, "--elements", "Fe", "--energy_offset", "0", "--dispersion", "10",
                "--spatial_binning", "32", "--out", o), "spatial_binning 32 exceeds", "give at most");
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

    /**
     * {@code --windows}: the windows.csv of a planned run, given back, and the same windows typed, give the same maps
     * bit for bit; a window of the user's own (a narrower Fe signal, one background window) changes the Fe map and
     * is what windows.csv then records; bad windows are refused in one line naming the parameter.
     */
    @Test
    @Timeout(120)
    void explicitWindowsAsTextOrAnEarlierWindowsCsv() throws Exception {
        Path in = npy("w.npy", edx(2).image());
        String i = in.toString();
        Path planned = temp.resolve("planned");
        assertEquals(0, CliRun.of("maps", "--input", i, "--elements", "Fe,O", "--energy_offset", "0", "--dispersion",
                "10", "--out", planned.toString(), "--quiet").status());
        Path fromCsv = temp.resolve("from-csv");
        CliRun r = CliRun.of("maps", "--input", i, "--windows", planned.resolve("windows.csv").toString(),
                "--energy_offset", "0", "--dispersion", "10", "--out", fromCsv.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        List<String> rows = Files.readAllLines(planned.resolve("windows.csv"));
        StringBuilder typed = new StringBuilder();
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            typed.append(typed.length() > 0 ? ";" : "").append(f[0]).append(':').append(f[1]).append('=')
                    .append(f[4]).append('-').append(f[5]);
            for (String b : f[6].split(" ")) {
                typed.append('/').append(b);
            }
        }
        Path fromText = temp.resolve("from-text");
        r = CliRun.of("maps", "--input", i, "--windows", typed.toString(), "--energy_offset", "0", "--dispersion",
                "10", "--out", fromText.toString(), "--quiet");
        assertEquals(0, r.status(), typed + "\n" + r.err());
        for (String el : List.of("Fe", "O")) {
            float[] p = pixels(planned.resolve("map_" + el + ".tif"));
            assertArrayEquals(p, pixels(fromCsv.resolve("map_" + el + ".tif")), el + " from windows.csv");
            assertArrayEquals(p, pixels(fromText.resolve("map_" + el + ".tif")), el + " from " + typed);
        }
        Path own = temp.resolve("own");
        r = CliRun.of("maps", "--input", i, "--windows", "Fe=6350-6450/6000-6100;O=480-570/380-440",
                "--energy_offset", "0", "--dispersion", "10", "--out", own.toString());
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("Fe:window signal 6350-6450 eV, background 6000-6100 eV"), r.out());
        assertTrue(Files.readString(own.resolve("windows.csv")).contains("Fe,window,6400.0,edx,6350.00,6450.00,"
                + "6000-6100"), Files.readString(own.resolve("windows.csv")));
        assertTrue(!java.util.Arrays.equals(pixels(planned.resolve("map_Fe.tif")), pixels(own.resolve(
                "map_Fe.tif"))), "the Fe map did not follow the window given");
        String o = temp.resolve("refused").toString();
        oneLine(CliRun.of("maps", "--input", i, "--windows", "Fe=6560-6250", "--energy_offset", "0",
                "--dispersion", "10", "--out", o), "windows", "Fe=6560-6250", "first below the second");
        oneLine(CliRun.of("maps", "--input", i, "--windows", "Fe 6250-6560", "--energy_offset", "0",
                "--dispersion", "10", "--out", o), "windows", "El=SIGNAL");
        oneLine(CliRun.of("maps", "--input", i, "--windows", "Xx=6250-6560", "--energy_offset", "0",
                "--dispersion", "10", "--out", o), "windows", "Xx");
        oneLine(CliRun.of("maps", "--input", i, "--windows", "Fe=6250-6560;Fe=700-800", "--energy_offset", "0",
                "--dispersion", "10", "--out", o), "windows", "two windows");
        oneLine(CliRun.of("maps", "--input", i, "--windows", "Fe=6250-6560/5000-5100/5200-5300/7000-7100",
                "--energy_offset", "0", "--dispersion", "10", "--out", o), "windows", "at most two");
        oneLine(CliRun.of("maps", "--input", i, "--windows", temp.resolve("none.csv").toString(),
                "--energy_offset", "0", "--dispersion", "10", "--out", o), "windows", "none.csv");
        oneLine(CliRun.of("maps", "--input", i, "--windows", planned.resolve("windows.csv").toString(),
                "--kind", "eels", "--energy_offset", "0", "--dispersion", "10", "--out", o), "windows", "kind edx");
        oneLine(CliRun.of("maps", "--input", i, "--windows", "Fe=20000-20100", "--energy_offset", "0",
                "--dispersion", "10", "--out", o), "Fe", "not inside the spectrum");
        assertTrue(!Files.exists(Path.of(o)), "nothing may be written");
    }

    @Test
    void helpListsEveryOption() {
        CliRun r = CliRun.of("maps", "--help");
        assertEquals(0, r.status());
        for (String o : List.of("--input", "--kind", "--elements", "--energy_offset", "--dispersion",
                "--spatial_binning", "--energy_binning", "--edx_resolution", "--eels_fit_width", "--line_table", "--windows",
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
