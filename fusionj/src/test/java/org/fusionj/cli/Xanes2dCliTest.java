package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;

import org.fusionj.core.registration.phantom.Series2dPhantom;
import org.fusionj.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusionj xanes --register}: raw 2-D XANES counts with flat, dark and i0 to a registered stack and edge map. */
class Xanes2dCliTest {

    @TempDir
    Path temp;

    @Test
    @Timeout(300)
    void rawStackToRegisteredStackToEdgeMapInOneCommand() throws Exception {
        int n = Register2dCliTest.N;
        Series2dPhantom p = new Series2dPhantom(n, 12, 1.5, 0.01, 0.01, 6);
        float[][] raw = new float[p.count()][];
        StringBuilder i0 = new StringBuilder();
        StringBuilder energies = new StringBuilder();
        for (int e = 0; e < p.count(); e++) {
            raw[e] = p.raw(p.image(e), e).data();
            i0.append(i0.length() == 0 ? "" : ",").append(p.i0(e));
            energies.append(energies.length() == 0 ? "" : ",").append(p.energies()[e]);
        }
        Path stack = Register2dCliTest.save(temp.resolve("raw.tif"), raw, p.energies(), false);
        Path flat = Register2dCliTest.save(temp.resolve("flat.tif"), new float[][] {p.flatImage().data()}, null,
                false);
        Path dark = Register2dCliTest.save(temp.resolve("dark.tif"), new float[][] {p.darkImage().data()}, null,
                false);
        Path out = temp.resolve("maps");
        // the phantom's particles rise across 6552 eV (a logistic of 3 eV); windows fit its 50 eV range
        CliRun r = CliRun.of("xanes", "--series", stack.toString(), "--register", "--flat", flat.toString(),
                "--dark", dark.toString(), "--i0", i0.toString(), "--transform", "similarity", "--metric", "ncc",
                "--edge", "custom", "--e0", "6552", "--pre_edge", "-25,-14", "--post_edge", "12,30", "--post_order",
                "0", "--edge_window", "-10,10", "--white_line_window", "0,25", "--jump_threshold", "5",
                "--registration_mask", "--out", out.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("registered 11 images to energy 6580 eV (frame 12)"), r.out());
        for (String f : List.of("registered.tif", "transforms.json", "registration.csv", "mse_vs_energy.png",
                "mse_vs_energy.csv", "registration_mask.tif", "squared_difference.tif", "half_height.tif", "mask.tif",
                "spectra.csv")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        ImagePlus hh = ImageFiles.open(out.resolve("half_height.tif").toString());
        float[] e0 = (float[]) hh.getProcessor().convertToFloatProcessor().getPixels();
        int[] labels = p.labels();
        double sum = 0;
        int count = 0;
        int particles = 0;
        for (int i = 0; i < labels.length; i++) {
            particles += labels[i] > 0 ? 1 : 0;
            if (labels[i] > 0 && Float.isFinite(e0[i]) && e0[i] > 0) {
                sum += e0[i];
                count++;
            }
        }
        assertTrue(count > 0.5 * particles, count + " of " + particles + " particle pixels mapped");
        assertEquals(6552, sum / count, 1.0);
    }

    @Test
    void registrationOptionsNeedRegister() throws Exception {
        Path stack = temp.resolve("none.tif");
        for (String[] c : new String[][] {{"--transform", "rigid"}, {"--flat", "f.tif"}, {"--mask", "registration"},
            {"--registration_mask", "--quiet"}}) {
            CliRun r = CliRun.of("xanes", "--series", stack.toString(), c[0], c[1], "--out",
                    temp.resolve("o").toString());
            assertEquals(2, r.status(), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains("--register"), r.err());
        }
        assertFalse(Files.exists(temp.resolve("o")));
    }
}
