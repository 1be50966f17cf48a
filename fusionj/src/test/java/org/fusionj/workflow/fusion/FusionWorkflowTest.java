package org.fusionj.workflow.fusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.io.ImageFiles;
import org.fusionj.testing.TestData;
import org.fusionj.workflow.RunContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run every front-end shares: input checks, results with calibration, safe saving, cancellation. */
class FusionWorkflowTest {
    private static final RunContext ONE = RunContext.threads(1);
    private static final RunContext TWO = RunContext.threads(2);


    @TempDir
    Path temp;

    private ImagePlus haadf;
    private List<ImagePlus> maps;

    @BeforeEach
    void openDyScO3() throws IOException {
        String npz = TestData.dyscO3Npz().toString();
        haadf = ImageFiles.open(npz + ":HAADF");
        Calibration cal = new Calibration();
        cal.pixelWidth = 0.0125;
        cal.pixelHeight = 0.0125;
        cal.setUnit("nm");
        haadf.setCalibration(cal);
        maps = List.of(ImageFiles.open(npz + ":Sc"), ImageFiles.open(npz + ":Dy"), ImageFiles.open(npz + ":O"));
    }

    private static FusionParameters quick() {
        return FusionParameters.tutorialDyScO3().toBuilder().iterations(4).build();
    }

    @Test
    void resultsKeepTheHaadfCalibrationAndOneChannelPerElement() throws IOException {
        FusionJob.Outcome o = new FusionJob(quick(), TWO).run(haadf, maps, "Sc,Dy,O");
        ImagePlus fused = o.images().fusedMaps();
        assertEquals(3, fused.getNChannels());
        assertEquals("Dy", fused.getStack().getSliceLabel(2));
        assertEquals("nm", fused.getCalibration().getUnit());
        assertEquals(0.0125, fused.getCalibration().pixelWidth);
        assertEquals(0.0125, o.images().modelHaadf().getCalibration().pixelHeight);
        assertEquals(3, o.images().convergence().asStack("c").getStackSize());
    }

    @Test
    void mapCountMustMatchElementCount() {
        String fewer = assertThrows(InvalidInputException.class,
                () -> new FusionJob(quick(), ONE).run(haadf, maps.subList(0, 2), "Sc,Dy,O")).getMessage();
        assertTrue(fewer.contains("2 elemental map(s)") && fewer.contains("3 element symbol(s)"), fewer);
        String more = assertThrows(InvalidInputException.class,
                () -> new FusionJob(quick(), ONE).run(haadf, maps, "Sc,Dy")).getMessage();
        assertTrue(more.contains("3 elemental map(s)") && more.contains("2 element symbol(s)"), more);
    }

    @Test
    void colourImagesAreRefusedClearlyAndGreyTypesAccepted() throws IOException {
        ImagePlus rgb = new ImagePlus("rgb map", new ColorProcessor(256, 256));
        String m = assertThrows(InvalidInputException.class,
                () -> new FusionJob(quick(), ONE).run(haadf, List.of(rgb, maps.get(1), maps.get(2)), "Sc,Dy,O"))
                .getMessage();
        assertTrue(m.contains("rgb map") && m.contains("RGB"), m);

        // A palette of unrelated colours (as in a GIF): indices, not intensities. A monotonic display LUT such
        // as Fire is a grey image to ImageJ and is accepted.
        byte[] r = new byte[256];
        byte[] g = new byte[256];
        byte[] b = new byte[256];
        java.util.Random random = new java.util.Random(7);
        random.nextBytes(r);
        random.nextBytes(g);
        random.nextBytes(b);
        ByteProcessor indexed = new ByteProcessor(256, 256);
        indexed.setLut(new LUT(r, g, b));
        ImagePlus colour8 = new ImagePlus("indexed map", indexed);
        String m8 = assertThrows(InvalidInputException.class,
                () -> new FusionJob(quick(), ONE).run(haadf, List.of(colour8, maps.get(1), maps.get(2)), "Sc,Dy,O"))
                .getMessage();
        assertTrue(m8.contains("indexed map") && m8.contains("indexed-colour"), m8);

        ImagePlus sixteen = new ImagePlus("16-bit HAADF", haadf.getProcessor().convertToShortProcessor(true));
        assertTrue(sixteen.getProcessor() instanceof ShortProcessor);
        assertEquals(3, new FusionJob(quick(), ONE).run(sixteen, maps, "Sc,Dy,O").result().fusedMaps().size());
    }

    @Test
    void oneStackOfMapsWorksLikeSeparateImages() throws IOException {
        ImageStack s = new ImageStack(256, 256);
        maps.forEach(m -> s.addSlice(m.getTitle(), m.getProcessor()));
        float[] fromStack = new FusionJob(quick(), ONE).run(haadf, List.of(new ImagePlus("maps", s)), "Sc,Dy,O")
                .result().fusedMaps().get(1);
        float[] fromImages = new FusionJob(quick(), ONE).run(haadf, maps, "Sc,Dy,O").result().fusedMaps().get(1);
        assertArrayEquals(fromImages, fromStack);
    }

    @Test
    void existingFilesAreRefusedBeforeAnyWorkUnlessOverwriteIsAsked() throws IOException {
        Path out = Files.createDirectories(temp.resolve("out"));
        Files.writeString(out.resolve("fused_Dy.tif"), "keep me");
        String m = assertThrows(InvalidInputException.class,
                () -> new FusionJob(quick(), ONE.saveTo(out, false)).run(haadf, maps, "Sc,Dy,O")).getMessage();
        assertTrue(m.contains("fused_Dy.tif") && m.contains("overwrite"), m);
        assertEquals("keep me", Files.readString(out.resolve("fused_Dy.tif")));
        assertEquals(1, count(out), "nothing may be written when refusing");

        FusionJob.Outcome o = new FusionJob(quick(), ONE.saveTo(out, true)).run(haadf, maps, "Sc,Dy,O");
        assertEquals(7, o.written().size());
        assertEquals(7, count(out), "only the 7 result files, no temporary ones");
        assertTrue(Files.size(out.resolve("fused_Dy.tif")) > 256 * 256 * 4);
    }

    @Test
    void cancellingMidRunWritesNothingAndLeavesInputsUntouched() throws IOException {
        Path out = temp.resolve("cancelled");
        float[] before = ((float[]) maps.get(1).getProcessor().getPixels()).clone();
        CancellationToken token = new CancellationToken();
        FusionJob job = new FusionJob(FusionParameters.tutorialDyScO3(), TWO.cancellation(token)
                .progress((fraction, message) -> {
                    if (fraction >= 0.3) {
                        token.cancel();
                    }
                })
                .saveTo(out, false));
        assertThrows(CancelledException.class, () -> job.run(haadf, maps, "Sc,Dy,O"));
        assertTrue(!Files.exists(out) || count(out) == 0, "files were written by a cancelled run");
        assertArrayEquals(before, (float[]) maps.get(1).getProcessor().getPixels());
    }

    @Test
    void floatInputsAreCopiedNotModified() throws IOException {
        float[] haadfBefore = ((float[]) haadf.getProcessor().getPixels()).clone();
        new FusionJob(quick(), TWO).run(haadf, maps, "Sc,Dy,O");
        assertArrayEquals(haadfBefore, (float[]) haadf.getProcessor().getPixels());
        assertTrue(haadf.getProcessor() instanceof FloatProcessor);
    }

    private static long count(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }
}
