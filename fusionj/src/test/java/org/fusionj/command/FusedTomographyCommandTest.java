package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.IJ;
import ij.ImagePlus;

import org.fusionj.core.tomo.ElementTiltSeries;
import org.fusionj.core.tomo.phantom.TomoPhantom;
import org.fusionj.core.tomo.phantom.TomoPhantomSpec;
import org.fusionj.workflow.tomo.SimulatedTomo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/** The fused-tomography SciJava command through a real Context, headless, on a small phantom. */
@Timeout(180)
class FusedTomographyCommandTest extends SciJavaContext {

    @TempDir
    static Path temp;

    private static ImagePlus haadf;
    private static String maps;
    private static final java.util.List<ImagePlus> SERIES = new java.util.ArrayList<>();

    @BeforeAll
    static void phantom() {
        TomoPhantom ph = TomoPhantom.generate(TomoPhantomSpec.defaults(24).toBuilder().symbols("Au", "Cu").build(),
                2);
        haadf = SimulatedTomo.series("HAADF", ph.problem().haadf());
        StringBuilder files = new StringBuilder();
        for (ElementTiltSeries e : ph.problem().elements()) {
            Path f = temp.resolve(e.symbol() + ".tif");
            ImagePlus series = SimulatedTomo.series(e.symbol(), e.series());
            SERIES.add(series);
            IJ.saveAsTiff(series, f.toString());
            files.append(files.length() == 0 ? "" : ",").append(f);
        }
        maps = files.toString();
    }

    @Test
    void reconstructsAndSaves() throws Exception {
        Path out = temp.resolve("out");
        CommandModule m = run(FusedTomographyCommand.class, "haadf", haadf, "maps_file", maps, "elements", "Au,Cu",
                "n_iter", 3, "output", out.toFile(), "threads", 2);
        assertFalse(m.isCanceled(), m.getCancelReason());
        ImagePlus v = (ImagePlus) m.getOutput("volumes");
        assertEquals(2, v.getNChannels());
        assertEquals(24, v.getNSlices());
        assertTrue(Files.isRegularFile(out.resolve("tomo_record.h5")));
    }

    @Test
    void badAnglesCancelWithAReason() throws Exception {
        CommandModule m = run(FusedTomographyCommand.class, "haadf", haadf, "maps_file", maps, "elements", "Au,Cu",
                "chem_angles", "-70:70:20", "n_iter", 2);
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("8 tilt angles but the stack holds 15 images"), m.getCancelReason());
    }

    /**
     * The chemical series as one open hyperstack (a channel per element, ImageJ's channel-fastest order), with the
     * tilts as slices or as frames and the angles from the slice labels: the same volumes, bit for bit, as the same
     * series read from files.
     */
    @Test
    void anOpenHyperstackGivesTheSameVolumesAsTheFiles() throws Exception {
        CommandModule files = run(FusedTomographyCommand.class, "haadf", haadf, "maps_file", maps, "elements",
                "Au,Cu", "n_iter", 3, "threads", 2);
        assertFalse(files.isCanceled(), files.getCancelReason());
        float[][] expected = pixels((ImagePlus) files.getOutput("volumes"));
        for (boolean asFrames : new boolean[] {false, true}) {
            ImagePlus hyper = hyperstack(asFrames);
            CommandModule m = run(FusedTomographyCommand.class, "haadf", haadf, "maps", hyper, "elements", "Au,Cu",
                    "n_iter", 3, "threads", 2);
            assertFalse(m.isCanceled(), m.getCancelReason());
            float[][] got = pixels((ImagePlus) m.getOutput("volumes"));
            assertEquals(expected.length, got.length);
            for (int i = 0; i < got.length; i++) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(expected[i], got[i], "plane " + (i + 1)
                        + (asFrames ? " (tilts as frames)" : " (tilts as slices)"));
            }
        }
    }

    @Test
    void hyperstackRefusalsNameTheFix() throws Exception {
        CommandModule both = run(FusedTomographyCommand.class, "haadf", haadf, "maps", hyperstack(false),
                "maps_file", maps, "elements", "Au,Cu", "n_iter", 2);
        assertTrue(both.isCanceled());
        assertTrue(both.getCancelReason().contains("give exactly one of maps"), both.getCancelReason());
        CommandModule neither = run(FusedTomographyCommand.class, "haadf", haadf, "elements", "Au,Cu", "n_iter", 2);
        assertTrue(neither.isCanceled());
        assertTrue(neither.getCancelReason().contains("give exactly one of maps"), neither.getCancelReason());
        CommandModule count = run(FusedTomographyCommand.class, "haadf", haadf, "maps", hyperstack(false),
                "elements", "Au,Ag,Cu", "n_iter", 2);
        assertTrue(count.isCanceled());
        assertTrue(count.getCancelReason().contains("has 2 channel(s) but elements names 3"),
                count.getCancelReason());
    }

    /** The per-element series in one hyperstack: a channel per element, the tilts as slices or frames. */
    private static ImagePlus hyperstack(boolean asFrames) {
        ImagePlus first = SERIES.get(0);
        int tilts = first.getStackSize();
        ij.ImageStack st = new ij.ImageStack(first.getWidth(), first.getHeight());
        for (int a = 1; a <= tilts; a++) {
            for (ImagePlus s : SERIES) {
                st.addSlice(s.getStack().getSliceLabel(a), s.getStack().getProcessor(a));
            }
        }
        ImagePlus h = new ImagePlus("chemical tilts", st);
        h.setDimensions(SERIES.size(), asFrames ? 1 : tilts, asFrames ? tilts : 1);
        h.setOpenAsHyperStack(true);
        return h;
    }

    private static float[][] pixels(ImagePlus imp) {
        float[][] p = new float[imp.getStackSize()][];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float[]) imp.getStack().getProcessor(i + 1).convertToFloatProcessor().getPixels();
        }
        return p;
    }
}
