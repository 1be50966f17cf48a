package org.fusionj.workflow.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.core.fusion.phantom.FusionPhantom;
import org.fusionj.core.fusion.phantom.PhantomSpec;
import org.fusionj.io.Hdf5Reader;
import org.fusionj.io.NdArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The series entry: stacks and hyperstacks in, a hyperstack, a model stack and saved files out. */
class SeriesFusionJobTest {

    @TempDir
    Path temp;

    private static final int FRAMES = 3;
    private static final int W = 40;
    private static final int H = 30;
    private static final FusionParameters PARAMS = FusionParameters.defaults().toBuilder().iterations(6).build();

    private static FusionPhantom frame(int f) {
        return FusionPhantom.generate(PhantomSpec.defaults(W, H).toBuilder().seed(7 + f).build(), 1);
    }

    private static ImagePlus haadfStack() {
        ImageStack s = new ImageStack(W, H);
        for (int f = 0; f < FRAMES; f++) {
            s.addSlice("frame " + (f + 1), frame(f).haadf().pixels().clone());
        }
        ImagePlus imp = new ImagePlus("HAADF series", s);
        Calibration cal = new Calibration();
        cal.pixelWidth = 0.02;
        cal.pixelHeight = 0.02;
        cal.setUnit("nm");
        imp.setCalibration(cal);
        return imp;
    }

    /** Maps as one hyperstack: channel = element, frame = frame (ImageJ's CZT order, channels fastest). */
    private static ImagePlus mapHyperstack() {
        ImageStack s = new ImageStack(W, H);
        for (int f = 0; f < FRAMES; f++) {
            FusionPhantom p = frame(f);
            for (int e = 0; e < 3; e++) {
                s.addSlice(p.symbols().get(e), p.noisyMaps().get(e).clone());
            }
        }
        ImagePlus imp = new ImagePlus("maps", s);
        imp.setDimensions(3, 1, FRAMES);
        imp.setOpenAsHyperStack(true);
        return imp;
    }

    private static List<ImagePlus> mapStacks() {
        ImageStack[] s = {new ImageStack(W, H), new ImageStack(W, H), new ImageStack(W, H)};
        for (int f = 0; f < FRAMES; f++) {
            FusionPhantom p = frame(f);
            for (int e = 0; e < 3; e++) {
                s[e].addSlice("frame " + (f + 1), p.noisyMaps().get(e).clone());
            }
        }
        return List.of(new ImagePlus("Dy", s[0]), new ImagePlus("Sc", s[1]), new ImagePlus("O", s[2]));
    }

    @Test
    @Timeout(120)
    void hyperstackAndSeparateStacksGiveTheSingleFrameResultsAndSave() throws IOException {
        Path out = temp.resolve("series");
        SeriesFusionJob.Outcome a = new SeriesFusionJob(PARAMS, 2).saveTo(out, false)
                .run(haadfStack(), List.of(mapHyperstack()), "Dy,Sc,O");
        SeriesFusionJob.Outcome b = new SeriesFusionJob(PARAMS, 2).framesInParallel(1)
                .run(haadfStack(), mapStacks(), "Dy,Sc,O");
        assertEquals(3, a.fusedMaps().getNChannels());
        assertEquals(FRAMES, a.fusedMaps().getNFrames());
        assertEquals(0.02, a.fusedMaps().getCalibration().pixelWidth, 0);
        for (int f = 0; f < FRAMES; f++) {
            FusionPhantom p = frame(f);
            var single = new FusionSolver(1).solve(p.problem(), PARAMS);
            for (int e = 0; e < 3; e++) {
                int slice = f * 3 + e + 1;
                assertArrayEquals(single.fusedMaps().get(e), (float[]) a.fusedMaps().getStack().getPixels(slice),
                        "frame " + f + " element " + e);
                assertArrayEquals(single.fusedMaps().get(e), (float[]) b.fusedMaps().getStack().getPixels(slice));
            }
            assertArrayEquals(single.modelHaadf(), (float[]) a.modelHaadf().getStack().getPixels(f + 1));
        }
        assertEquals(SeriesFusionJob.fileNames(new String[] {"Dy", "Sc", "O"}).size(), a.written().size());
        List<String> csv = Files.readAllLines(out.resolve("series_costs.csv"));
        assertEquals(FRAMES + 1, csv.size());
        try (Hdf5Reader h5 = Hdf5Reader.open(out.resolve(SeriesFusionJob.RECORD))) {
            NdArray dy = h5.readDataset("/fused_Dy");
            assertArrayEquals(new int[] {FRAMES, H, W}, dy.shape());
            assertArrayEquals(new int[] {FRAMES, 6}, h5.readDataset("/costHAADF").shape());
            assertEquals("Dy,Sc,O", h5.attributes("/").get("elements"));
        }
        // Refused before any work: the same folder again without overwrite.
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SeriesFusionJob(PARAMS, 2)
                .saveTo(out, false).run(haadfStack(), List.of(mapHyperstack()), "Dy,Sc,O"));
        assertTrue(e.getMessage().contains("already holds"), e.getMessage());
    }

    @Test
    void mismatchedSeriesAreRefusedNamingThem() {
        ImagePlus haadf = haadfStack();
        List<ImagePlus> stacks = mapStacks();
        ImageStack two = new ImageStack(W, H);
        two.addSlice("a", new float[W * H]);
        two.addSlice("b", new float[W * H]);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new SeriesInputs(haadf,
                List.of(stacks.get(0), new ImagePlus("Sc short", two), stacks.get(2)), "Dy,Sc,O"));
        assertEquals("Sc short has 2 frame(s) but the HAADF series HAADF series has 3; every series needs one frame "
                + "per HAADF frame", e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> new SeriesInputs(haadf, List.of(mapHyperstack()),
                "Dy,Sc"));
        assertTrue(e.getMessage().startsWith("maps has 3 channels but 2 element symbol(s)"), e.getMessage());
    }
}
