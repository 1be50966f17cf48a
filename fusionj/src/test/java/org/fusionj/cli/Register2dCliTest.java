package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.phantom.Series2dPhantom;
import org.fusionj.core.registration.phantom.TransformError;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.SpectralImages;
import org.fusionj.workflow.registration.TransformsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fusionj register} on 2-D stacks (full-field XANES: one image per energy): generated series with known
 * drift, rotation and magnification (Series2dPhantom), registered from the command line, the saved transforms
 * compared with the truth; raw counts with flat, dark and i0 files; refusals.
 */
class Register2dCliTest {

    @TempDir
    Path temp;

    static final int N = 96;

    /** The phantom's images as a plain stack (energies as slices), or a hyperstack with energies as frames. */
    static Path save(Path file, float[][] planes, double[] energies, boolean asFrames) {
        int n = (int) Math.round(Math.sqrt(planes[0].length));
        ImageStack st = new ImageStack(n, n);
        for (float[] p : planes) {
            st.addSlice(null, new FloatProcessor(n, n, p));
        }
        ImagePlus imp = new ImagePlus(file.getFileName().toString(), st);
        if (asFrames) {
            imp.setDimensions(1, 1, planes.length);
            imp.setOpenAsHyperStack(true);
        }
        if (energies != null) {
            SpectralImages.store(imp, energies);
        }
        assertTrue(planes.length == 1 ? new FileSaver(imp).saveAsTiff(file.toString())
                : new FileSaver(imp).saveAsTiffStack(file.toString()));
        return file;
    }

    /** Mean distance (pixels) of the saved transforms from the phantom's motions over its particles. */
    static double meanError(Path transforms, Series2dPhantom p) throws Exception {
        TransformsFile t = TransformsFile.read(transforms);
        assertEquals(p.count(), t.count());
        double sum = 0;
        for (int e = 0; e < p.count(); e++) {
            AffineTransform3D found = t.volumes().get(e).matrix();
            AffineTransform3D truth = p.motion(e);
            sum += TransformError.of(i -> found, new AffineTransform3D[] {truth, truth, truth}, p.labels(), N, N)
                    .mean();
        }
        return sum / p.count();
    }

    @Test
    @Timeout(300)
    void registersA2dStackToWithinTwentiethOfAPixel() throws Exception {
        Series2dPhantom p = new Series2dPhantom(N, 8, 1.5, 0.01, 0.01, 3);
        float[][] images = new float[p.count()][];
        for (int e = 0; e < p.count(); e++) {
            images[e] = p.image(e).data();
        }
        Path stack = save(temp.resolve("stack.tif"), images, p.energies(), false);
        Path out = temp.resolve("reg");
        CliRun r = CliRun.of("register", "--series", stack.toString(), "--transform", "similarity", "--metric",
                "ncc", "--out", out.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("registered 7 image(s) to energy 6580 eV (frame 8)"), r.out());
        for (String f : List.of("registered.tif", "transforms.json", "registration.csv", "mse_vs_energy.png",
                "mse_vs_energy.csv", "registration_mask.tif")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        double error = meanError(out.resolve("transforms.json"), p);
        assertTrue(error <= 0.05, "mean error " + error + " px");
        ImagePlus registered = ImageFiles.open(out.resolve("registered.tif").toString());
        assertEquals(p.count(), registered.getNFrames());
        assertEquals(1, registered.getNSlices());
        assertEquals(p.count() + 1, Files.readAllLines(out.resolve("mse_vs_energy.csv")).size());
        ImagePlus mask = ImageFiles.open(out.resolve("registration_mask.tif").toString());
        assertEquals(N, mask.getWidth());
        assertTrue(mask.getStatistics().max == 255 && mask.getStatistics().min == 0, "a mask with inside and out");
    }

    @Test
    @Timeout(300)
    void rawCountsWithFlatDarkAndI0AsFramesAlongTheChain() throws Exception {
        Series2dPhantom p = new Series2dPhantom(N, 6, 1.5, 0.01, 0.01, 5);
        float[][] raw = new float[p.count()][];
        StringBuilder i0 = new StringBuilder();
        for (int e = 0; e < p.count(); e++) {
            raw[e] = p.raw(p.image(e), e).data();
            i0.append(p.i0(e)).append('\n');
        }
        Path stack = save(temp.resolve("raw.tif"), raw, null, true);
        Path flat = save(temp.resolve("flat.tif"), new float[][] {p.flatImage().data()}, null, false);
        Path dark = save(temp.resolve("dark.tif"), new float[][] {p.darkImage().data()}, null, false);
        Path i0File = Files.writeString(temp.resolve("i0.txt"), i0.toString());
        StringBuilder energies = new StringBuilder();
        for (double e : p.energies()) {
            energies.append(energies.length() == 0 ? "" : ",").append(e);
        }
        Path out = temp.resolve("reg");
        CliRun r = CliRun.of("register", "--series", stack.toString(), "--energies", energies.toString(), "--flat",
                flat.toString(), "--dark", dark.toString(), "--i0", i0File.toString(), "--transform", "similarity",
                "--metric", "ncc", "--chain", "true", "--out", out.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertFalse(r.out().contains("clamped"), r.out());
        double error = meanError(out.resolve("transforms.json"), p);
        assertTrue(error <= 0.05, "mean error along the chain " + error + " px");
    }

    @Test
    void refusalsAreOneLineAndStatus2() {
        Series2dPhantom p = new Series2dPhantom(32, 3, 1, 0, 0, 1);
        float[][] images = {p.image(0).data(), p.image(1).data(), p.image(2).data()};
        Path stack = save(temp.resolve("s.tif"), images, null, false);
        Path small = save(temp.resolve("flat.tif"), new float[][] {new float[N * N]}, null, false);
        String[][] cases = {
            {"no energies", "--series", stack.toString(), "--out", temp.resolve("a").toString()},
            {"96 x 96, the stack's images 32 x 32", "--series", stack.toString(), "--energies", "1,2,3", "--flat", small.toString(),
                "--out", temp.resolve("b").toString()},
            {"i0 needs one value per energy (3), got 2", "--series", stack.toString(), "--energies", "1,2,3",
                "--i0", "1,2", "--out", temp.resolve("c").toString()},
            {"--flat, --dark and --i0 correct a 2-D stack", "--volumes", stack.toString(), stack.toString(),
                "--flat", small.toString(), "--out", temp.resolve("d").toString()},
            {"per_particle", "--series", stack.toString(), "--energies", "1,2,3", "--chain", "true",
                "--per_particle", "--out", temp.resolve("e").toString()},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length];
            args[0] = "register";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            CliRun r = CliRun.of(args);
            assertEquals(2, r.status(), c[0] + ": " + r.err());
            String line = r.err().strip();
            assertEquals(1, line.lines().count(), line);
            boolean found = false;
            for (String expected : c[0].split("\\|")) {
                found |= line.contains(expected);
            }
            assertTrue(found, c[0] + " in: " + line);
            assertFalse(Files.exists(Path.of(c[c.length - 1]).resolve("registered.tif")), c[0]);
        }
    }
}
