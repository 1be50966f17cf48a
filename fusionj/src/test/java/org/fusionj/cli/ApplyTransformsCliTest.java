package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ShortProcessor;

import org.fusionj.core.registration.phantom.Series2dPhantom;
import org.fusionj.io.ImageFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fusionj apply-transforms}: register, then apply the saved transforms to the same data (it must reproduce
 * registered.tif), to a label image (nearest neighbour: labels stay labels and 16-bit), and to a 3-D series; refusals.
 */
class ApplyTransformsCliTest {

    @TempDir
    Path temp;

    static float maxDifference(ImagePlus a, ImagePlus b) {
        assertEquals(a.getStackSize(), b.getStackSize());
        assertEquals(a.getWidth(), b.getWidth());
        float worst = 0;
        for (int i = 1; i <= a.getStackSize(); i++) {
            float[] x = (float[]) a.getStack().getProcessor(i).convertToFloatProcessor().getPixels();
            float[] y = (float[]) b.getStack().getProcessor(i).convertToFloatProcessor().getPixels();
            for (int k = 0; k < x.length; k++) {
                worst = Math.max(worst, Math.abs(x[k] - y[k]));
            }
        }
        return worst;
    }

    @Test
    @Timeout(300)
    void appliedTo2dDataAndLabelsItReproducesTheRegistration() throws Exception {
        int n = Register2dCliTest.N;
        Series2dPhantom p = new Series2dPhantom(n, 5, 1.5, 0.01, 0.01, 4);
        float[][] images = new float[p.count()][];
        for (int e = 0; e < p.count(); e++) {
            images[e] = p.image(e).data();
        }
        Path stack = Register2dCliTest.save(temp.resolve("stack.tif"), images, p.energies(), false);
        Path reg = temp.resolve("reg");
        CliRun r = CliRun.of("register", "--series", stack.toString(), "--transform", "similarity", "--metric", "ncc",
                "--out", reg.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        Path transforms = reg.resolve("transforms.json");
        Path again = temp.resolve("again.tif");
        r = CliRun.of("apply-transforms", "--transforms", transforms.toString(), "--input", stack.toString(),
                "--out", again.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("applied 5 transform(s)"), r.out());
        ImagePlus registered = ImageFiles.open(reg.resolve("registered.tif").toString());
        ImagePlus applied = ImageFiles.open(again.toString());
        float diff = maxDifference(registered, applied);
        assertTrue(diff <= 1e-5f, "largest difference from registered.tif " + diff);

        // a 16-bit label image of every energy (the phantom's particles): nearest neighbour keeps labels and type
        int[] labels = p.labels();
        ImageStack ls = new ImageStack(n, n);
        for (int e = 0; e < p.count(); e++) {
            short[] px = new short[n * n];
            for (int i = 0; i < px.length; i++) {
                px[i] = (short) (labels[i] * 100);
            }
            ls.addSlice(null, new ShortProcessor(n, n, px, null));
        }
        Path labelFile = temp.resolve("labels.tif");
        assertTrue(new FileSaver(new ImagePlus("labels", ls)).saveAsTiffStack(labelFile.toString()));
        Path warped = temp.resolve("labels_registered.tif");
        r = CliRun.of("apply-transforms", "--transforms", transforms.toString(), "--input", labelFile.toString(),
                "--interpolation", "nearest", "--out", warped.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        ImagePlus w = ImageFiles.open(warped.toString());
        assertEquals(16, w.getBitDepth());
        Set<Integer> values = new HashSet<>();
        for (int i = 1; i <= w.getStackSize(); i++) {
            short[] px = (short[]) w.getStack().getPixels(i);
            for (short v : px) {
                values.add(v & 0xffff);
            }
        }
        for (int v : values) {
            assertEquals(0, v % 100, "label value " + v + " is not one of the image's");
        }
        assertTrue(values.size() > 1, values.toString());

        // one image with its entry
        Path one = Register2dCliTest.save(temp.resolve("one.tif"), new float[][] {images[0]}, null, false);
        Path oneOut = temp.resolve("one_registered.tif");
        r = CliRun.of("apply-transforms", "--transforms", transforms.toString(), "--input", one.toString(),
                "--index", "0", "--out", oneOut.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        ImagePlus first = new ImagePlus("first", registered.getStack().getProcessor(1));
        assertTrue(maxDifference(first, ImageFiles.open(oneOut.toString())) <= 1e-5f);
    }

    @Test
    @Timeout(300)
    void appliedToA3dSeriesItReproducesTheRegistration() throws Exception {
        Path series = temp.resolve("series.tif");
        assertEquals(0, CliRun.of("simulate-series", "--out", series.toString(), "--size", "40", "--energies", "3",
                "--threads", "2").status());
        Path reg = temp.resolve("reg");
        CliRun r = CliRun.of("register", "--series", series.toString(), "--levels", "2", "--out", reg.toString(),
                "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        Path again = temp.resolve("again.tif");
        r = CliRun.of("apply-transforms", "--transforms", reg.resolve("transforms.json").toString(), "--input",
                series.toString(), "--out", again.toString(), "--quiet", "--threads", "2");
        assertEquals(0, r.status(), r.err());
        float diff = maxDifference(ImageFiles.open(reg.resolve("registered.tif").toString()),
                ImageFiles.open(again.toString()));
        assertTrue(diff <= 1e-5f, "largest difference from registered.tif " + diff);
    }

    @Test
    void refusalsAreOneLineAndStatus2() throws Exception {
        Path t = Files.writeString(temp.resolve("t.json"), "{\"format\": \"something else\"}");
        float[][] planes = {new float[32 * 32], new float[32 * 32]};
        Path stack = Register2dCliTest.save(temp.resolve("s.tif"), planes, null, false);
        String[][] cases = {
            {"t.json", "--transforms", t.toString(), "--input", stack.toString(), "--out", temp.resolve("a.tif")
                .toString()},
            {"missing option --input", "--transforms", t.toString(), "--out", temp.resolve("b.tif").toString()},
            {"interpolation", "--transforms", t.toString(), "--input", stack.toString(), "--interpolation", "bspline",
                "--out", temp.resolve("c.tif").toString()},
        };
        for (String[] c : cases) {
            String[] args = new String[c.length];
            args[0] = "apply-transforms";
            System.arraycopy(c, 1, args, 1, c.length - 1);
            CliRun r = CliRun.of(args);
            assertEquals(2, r.status(), c[0] + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
            assertTrue(r.err().contains(c[0]), c[0] + " in: " + r.err());
            assertFalse(Files.exists(Path.of(c[c.length - 1])), c[0]);
        }
    }
}
