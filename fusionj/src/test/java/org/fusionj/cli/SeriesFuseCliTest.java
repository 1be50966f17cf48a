package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import org.fusionj.io.Hdf5Reader;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.fusion.SeriesFusionJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code fusionj fuse} with a HAADF stack: the series route, frame by frame, one parameter set. */
class SeriesFuseCliTest {

    private static final int W = 48;
    private static final int H = 40;
    private static final int FRAMES = 3;

    @TempDir
    Path temp;

    private String symbols;

    /** A series of three phantoms (seeds 1-3) as a HAADF stack and one stack per element; also frame 2 alone. */
    private List<String> series(int mapFrames) {
        List<FusionPhantom> ph = new ArrayList<>();
        for (int f = 0; f < FRAMES; f++) {
            ph.add(FusionPhantom.generate(PhantomSpec.defaults(W, H), f + 1));
        }
        List<String> syms = ph.get(0).symbols();
        symbols = String.join(",", syms);
        ImageStack haadf = new ImageStack(W, H);
        for (FusionPhantom p : ph) {
            haadf.addSlice(new FloatProcessor(W, H, p.haadf().pixels().clone()));
        }
        List<String> args = new ArrayList<>(List.of("--haadf", save("haadf.tif", haadf), "--maps"));
        for (int e = 0; e < syms.size(); e++) {
            ImageStack m = new ImageStack(W, H);
            for (int f = 0; f < mapFrames; f++) {
                m.addSlice(new FloatProcessor(W, H, ph.get(f).noisyMaps().get(e).clone()));
            }
            args.add(save(syms.get(e) + ".tif", m));
            ImageStack single = new ImageStack(W, H);
            single.addSlice(new FloatProcessor(W, H, ph.get(1).noisyMaps().get(e).clone()));
            save("frame2_" + syms.get(e) + ".tif", single);
        }
        ImageStack h2 = new ImageStack(W, H);
        h2.addSlice(new FloatProcessor(W, H, ph.get(1).haadf().pixels().clone()));
        save("frame2_haadf.tif", h2);
        args.add("--elements");
        args.add(symbols);
        return args;
    }

    private String save(String name, ImageStack stack) {
        Path file = temp.resolve(name);
        ImagePlus imp = new ImagePlus(name, stack);
        boolean ok = stack.getSize() > 1 ? new FileSaver(imp).saveAsTiffStack(file.toString())
                : new FileSaver(imp).saveAsTiff(file.toString());
        assertTrue(ok, "could not write " + file);
        return file.toString();
    }

    private static CliRun fuse(List<String> inputs, String... more) {
        return CliRun.of("fuse", inputs, more);
    }

    @Test
    @Timeout(300)
    void aHaadfStackIsFusedFrameByFrameLikeSingleFrames() throws Exception {
        List<String> in = series(FRAMES);
        Path out = temp.resolve("series");
        CliRun r = fuse(in, "--n_iter", "10", "--out", out.toString(), "--threads", "2");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("fused a series of 3 frame(s)"), r.out());
        for (int f = 1; f <= FRAMES; f++) {
            assertTrue(r.out().contains("frame " + f + ": final costs"), r.out());
            assertTrue(r.err().contains("frame " + f + " of 3 fused"), "no line for frame " + f + ":\n" + r.err());
        }
        for (String name : SeriesFusionJob.fileNames(symbols.split(","))) {
            assertTrue(Files.isRegularFile(out.resolve(name)), "missing " + name);
        }
        // Frame 2 of the series equals frame 2 fused alone, bit for bit.
        List<String> single = new ArrayList<>(List.of("--haadf", temp.resolve("frame2_haadf.tif").toString(),
                "--maps"));
        for (String s : symbols.split(",")) {
            single.add(temp.resolve("frame2_" + s + ".tif").toString());
        }
        single.addAll(List.of("--elements", symbols));
        Path alone = temp.resolve("alone");
        CliRun r2 = fuse(single, "--n_iter", "10", "--out", alone.toString(), "--quiet", "--threads", "1");
        assertEquals(0, r2.status(), r2.err());
        for (String s : symbols.split(",")) {
            ImagePlus stack = ImageFiles.open(out.resolve("fused_" + s + ".tif").toString());
            assertEquals(FRAMES, stack.getStackSize());
            float[] fromSeries = (float[]) stack.getStack().getPixels(2);
            float[] fromAlone = (float[]) ImageFiles.open(alone.resolve("fused_" + s + ".tif").toString())
                    .getProcessor().getPixels();
            assertArrayEquals(fromAlone, fromSeries, s);
        }
    }

    @Test
    @Timeout(300)
    void autoChoosesOnTheMiddleFrameAndRecordsIt() throws Exception {
        List<String> in = series(FRAMES);
        Path out = temp.resolve("auto");
        CliRun r = fuse(in, "--n_iter", "8", "--lambda_chem", "auto", "--lambda_tv", "auto", "--out",
                out.toString(), "--quiet");
        assertEquals(0, r.status(), r.err());
        assertTrue(r.out().contains("automatic parameters (chosen on frame 2"), r.out());
        try (Hdf5Reader h5 = Hdf5Reader.open(out.resolve(SeriesFusionJob.RECORD))) {
            double[] it = (double[]) h5.attributes("/").get("n_iter_per_element");
            assertEquals(symbols.split(",").length, it.length);
        }
    }

    @Test
    @Timeout(120)
    void mismatchedFrameCountsAreRefusedInOneLine() {
        List<String> in = series(FRAMES - 1);
        Path out = temp.resolve("bad");
        CliRun r = fuse(in, "--out", out.toString());
        r.assertRefused("has 2 frame(s) but the HAADF series");
        assertTrue(!Files.exists(out), "nothing may be written");
    }
}
