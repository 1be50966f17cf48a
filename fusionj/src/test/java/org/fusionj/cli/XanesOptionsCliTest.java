package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The XANES options the schema gained (edge_estimator, edge_fit_window, flatten, lcf_max_shift,
 * phases, components) from the command
 * line: a 2-D mixture of two reference spectra whose energies are off by +1.5 and -0.8 eV; the shifts are found,
 * k-means and PCA write their files; refusals.
 */
class XanesOptionsCliTest {

    @TempDir
    Path temp;

    static final int N = 16;

    static double ref1(double e) {
        return 1 / (1 + Math.exp(-(e - 6545) / 2));
    }

    static double ref2(double e) {
        return 1 / (1 + Math.exp(-(e - 6556) / 2)) + 0.3 * Math.exp(-Math.pow((e - 6562) / 4, 2));
    }

    private Path reference(String name, java.util.function.DoubleUnaryOperator mu) throws Exception {
        StringBuilder sb = new StringBuilder();
        for (double e = 6400; e <= 6700; e += 0.5) {
            sb.append(e).append(',').append(mu.applyAsDouble(e)).append('\n');
        }
        return Files.writeString(temp.resolve(name), sb.toString());
    }

    /** Fraction a of reference 1 (shifted by +1.5 eV) rising from 0 to 1 along x; the rest reference 2 (-0.8 eV). */
    private Path mixture() {
        int count = 76;
        double[] energies = new double[count];
        float[][] planes = new float[count][N * N];
        SplittableRandom rnd = new SplittableRandom(5);
        for (int k = 0; k < count; k++) {
            energies[k] = 6480 + 2 * k;
        }
        for (int i = 0; i < N * N; i++) {
            double a = (i % N) / (N - 1.0);
            for (int k = 0; k < count; k++) {
                double e = energies[k];
                planes[k][i] = (float) (0.1 + a * ref1(e - 1.5) + (1 - a) * ref2(e + 0.8)
                        + 1e-3 * rnd.nextGaussian());
            }
        }
        return Register2dCliTest.save(temp.resolve("mixture.tif"), planes, energies, false);
    }

    @Test
    @Timeout(300)
    void shiftsAreFoundAndPhaseFilesWritten() throws Exception {
        Path series = mixture();
        Path r1 = reference("a.csv", XanesOptionsCliTest::ref1);
        Path r2 = reference("b.csv", XanesOptionsCliTest::ref2);
        Path out = temp.resolve("lcf");
        CliRun r = CliRun.of("xanes", "--series", series.toString(), "--edge", "custom", "--e0", "6550",
                "--pre_edge", "-60,-20", "--post_edge", "30,70", "--references", r1.toString(), r2.toString(),
                "--lcf_max_shift", "3", "--phases", "kmeans", "--components", "2", "--out", out.toString(), "--quiet",
                "--threads", "2");
        assertEquals(0, r.status(), r.err());
        List<String> shifts = Files.readAllLines(out.resolve("lcf_shifts.csv"));
        assertEquals("reference,shift_eV", shifts.get(0));
        double s1 = Double.parseDouble(shifts.get(1).split(",")[1]);
        double s2 = Double.parseDouble(shifts.get(2).split(",")[1]);
        assertEquals(1.5, s1, 0.1, shifts.toString());
        assertEquals(-0.8, s2, 0.1, shifts.toString());
        for (String f : List.of("clusters.tif", "phase_spectra.csv", "phase_spectra.png", "half_height.tif")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }

        Path pca = temp.resolve("pca");
        r = CliRun.of("xanes", "--series", series.toString(), "--edge", "custom", "--e0", "6550", "--pre_edge",
                "-60,-20", "--post_edge", "30,70", "--edge_estimator", "interpolate", "--flatten", "true",
                "--phases", "pca", "--components", "2", "--out", pca.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("PCA explained variance:"), r.out());
        for (String f : List.of("pca_scores.tif", "pca_scree.csv", "pca_scree.png", "phase_spectra.csv")) {
            assertTrue(Files.size(pca.resolve(f)) > 0, f);
        }
        // two states: the first component carries nearly all the variance
        List<String> scree = Files.readAllLines(pca.resolve("pca_scree.csv"));
        assertEquals("explained", scree.get(0).split(",")[2], scree.toString());
        assertTrue(Double.parseDouble(scree.get(1).split(",")[2]) > 0.95, scree.toString());
    }

    @Test
    void refusals() throws Exception {
        Path series = mixture();
        CliRun r = CliRun.of("xanes", "--series", series.toString(), "--edge", "custom", "--e0", "6550",
                "--lcf_max_shift", "2", "--out", temp.resolve("a").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("lcf_max_shift") && r.err().strip().lines().count() == 1, r.err());
        r = CliRun.of("xanes", "--series", series.toString(), "--edge", "custom", "--e0", "6550", "--phases",
                "kmeans", "--components", "1", "--out", temp.resolve("b").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("at least 2"), r.err());
        r = CliRun.of("xanes", "--series", series.toString(), "--phases", "ica", "--out",
                temp.resolve("c").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("phases"), r.err());
        assertTrue(!Files.exists(temp.resolve("a")) || Files.list(temp.resolve("a")).findAny().isEmpty());
        // edge_fit_window reaches the kernel: at 2 eV steps -3..3 eV holds 4 energies, the edge model needs 9
        r = CliRun.of("xanes", "--series", series.toString(), "--edge", "custom", "--e0", "6550", "--pre_edge",
                "-60,-20", "--post_edge", "30,70", "--edge_fit_window", "-3,3", "--out", temp.resolve("d").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("widen edge_fit_window") && r.err().strip().lines().count() == 1, r.err());
        assertTrue(!Files.exists(temp.resolve("d")) || Files.list(temp.resolve("d")).findAny().isEmpty());
    }

    /** edge_fit_window changes what the edge model sees: a narrower window, a different (still close) edge map. */
    @Test
    @Timeout(300)
    void theEdgeFitWindowIsTheModelsWindow() throws Exception {
        Path series = mixture();
        java.util.Map<String, float[]> maps = new java.util.LinkedHashMap<>();
        for (String w : List.of("-15,25", "-9,15")) {
            Path out = temp.resolve("fit" + w);
            CliRun r = CliRun.of("xanes", "--series", series.toString(), "--edge", "custom", "--e0", "6550",
                    "--pre_edge", "-60,-20", "--post_edge", "30,70", "--edge_fit_window", w, "--out", out.toString(),
                    "--quiet", "--threads", "2");
            assertEquals(0, r.status(), r.err());
            maps.put(w, (float[]) org.fusionj.io.ImageFiles.open(out.resolve("half_height.tif").toString())
                    .getProcessor().convertToFloatProcessor().getPixels());
        }
        float[] wide = maps.get("-15,25");
        float[] narrow = maps.get("-9,15");
        int differ = 0;
        int mapped = 0;
        for (int i = 0; i < wide.length; i++) {
            if (Float.isFinite(wide[i]) && Float.isFinite(narrow[i])) {
                mapped++;
                differ += wide[i] != narrow[i] ? 1 : 0;
                assertEquals(wide[i], narrow[i], 1.0, "pixel " + i);
            }
        }
        assertTrue(mapped > N * N / 2, mapped + " pixels mapped by both");
        assertTrue(differ > mapped / 2, "the window made no difference: " + differ + " of " + mapped);
    }
}
