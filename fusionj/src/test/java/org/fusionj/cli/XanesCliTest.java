package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusionj simulate-xanes} and {@code fusionj xanes}: files in, files out, one-line errors. */
class XanesCliTest {

    @TempDir
    Path temp;

    private static CliRun cli(String... args) {
        return CliRun.of(args);
    }

    private Path simulate() {
        Path series = temp.resolve("series.tif");
        CliRun r = cli("simulate-xanes", "--out", series.toString(), "--width", "32", "--height", "32", "--depth",
                "24");
        assertEquals(0, r.status(), r.err());
        return series;
    }

    @Test
    void mapsASimulatedSeriesWithEnergiesFromItsMetadata() throws Exception {
        Path series = simulate();
        Path out = temp.resolve("maps");
        CliRun r = cli("xanes", "--series", series.toString(), "--particles", "--methods",
                "half_height,max_derivative", "--out", out.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("x 60 energies"), r.out());
        assertTrue(r.out().contains("particle 3:"), r.out());
        for (String f : List.of("half_height.tif", "max_derivative.tif", "mask.tif", "particles.tif",
                "particles.csv", "histograms.csv", "densities.csv", "densities.png", "spectra.csv",
                "energies.txt")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), "missing " + f);
        }
        assertEquals(60, Files.readAllLines(out.resolve("energies.txt")).size());
        // the kernel densities (paper's Fig. 4e): one curve per particle, each integrating to 1
        List<String> rows = Files.readAllLines(out.resolve("densities.csv"));
        assertEquals("particle,bandwidth_eV,energy_eV,density_per_eV", rows.get(0));
        double[] integral = new double[4];
        double[] last = {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            int label = Integer.parseInt(f[0]);
            double e = Double.parseDouble(f[2]);
            if (!Double.isNaN(last[label])) {
                integral[label] += (e - last[label]) * Double.parseDouble(f[3]);
            }
            last[label] = e;
        }
        for (int l = 1; l <= 3; l++) {
            assertEquals(1, integral[l], 0.02, "particle " + l + "'s density integrates to " + integral[l]);
        }
        assertTrue(Files.readAllLines(out.resolve("particles.csv")).get(0).contains("kde_peak_eV"));
    }

    @Test
    void badInputGivesStatusTwoAndOneLine() throws Exception {
        Path series = simulate();
        Path out = temp.resolve("o");
        oneLine(cli("xanes", "--series", series.toString(), "--energies", "1,2,3", "--out", out.toString()),
                "60 frames", "3 energies");
        oneLine(cli("xanes", "--series", series.toString(), "--edge", "Qq K", "--out", out.toString()),
                "edge must be Ti K, V K, Cr K, Mn K, Fe K, Co K, Ni K, Cu K, Zn K or custom, got 'Qq K'");
        oneLine(cli("xanes", "--series", series.toString(), "--pre_edge", "-20", "--out", out.toString()),
                "pre_edge");
        oneLine(cli("xanes", "--series", series.toString(), "--edge", "Fe K", "--out", out.toString()),
                "");
        Path ref = Files.writeString(temp.resolve("narrow.csv"), "6540,0.1\n6560,0.9\n");
        Path ref2 = Files.writeString(temp.resolve("narrow2.csv"), "6540,0.2\n6560,0.8\n");
        oneLine(cli("xanes", "--series", series.toString(), "--references", ref.toString(), ref2.toString(),
                "--out", out.toString()), "narrow");
        assertTrue(!Files.exists(out) || Files.list(out).findAny().isEmpty(), "nothing may be written");
    }

    private static void oneLine(CliRun r, String... fragments) {
        assertEquals(2, r.status(), "expected status 2: " + r.out() + r.err());
        String line = r.err().strip();
        assertEquals(1, line.lines().count(), line);
        for (String f : fragments) {
            assertTrue(line.contains(f), "'" + f + "' missing from: " + line);
        }
    }
}
