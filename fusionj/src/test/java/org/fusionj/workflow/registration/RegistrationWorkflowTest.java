package org.fusionj.workflow.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.process.FloatProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.RegistrationParameters;
import org.fusionj.core.registration.Volume;
import org.fusionj.core.registration.phantom.PhantomNoise;
import org.fusionj.core.registration.phantom.SeriesPhantom;
import org.fusionj.core.spectral.Energies;
import org.fusionj.io.JsonReader;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.xanes.EnergyLists;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationWorkflowTest {
    private static final RunContext ONE = RunContext.threads(1);
    private static final RunContext TWO = RunContext.threads(2);


    static final int N = 48;
    static final RegistrationParameters PARAMS = RegistrationParameters.builder().levels(2).build();
    private static SeriesPhantom phantom;
    private static ImagePlus series;

    /** A simulated series as a hyperstack, energies in the metadata, calibrated. */
    static ImagePlus hyperstack(SeriesPhantom p) {
        ImageStack stack = new ImageStack(p.size(), p.size());
        try (RowBlocks b = new RowBlocks(2)) {
            for (int e = 0; e < p.count(); e++) {
                for (float[] s : p.volume(e, b).toSlices()) {
                    stack.addSlice(p.energies()[e] + " eV", new FloatProcessor(p.size(), p.size(), s));
                }
            }
        }
        ImagePlus imp = new ImagePlus("series", stack);
        imp.setDimensions(1, p.size(), p.count());
        imp.setOpenAsHyperStack(true);
        imp.getCalibration().pixelWidth = 20;
        imp.getCalibration().pixelHeight = 20;
        imp.getCalibration().pixelDepth = 20;
        imp.getCalibration().setUnit("nm");
        EnergyLists.store(imp, p.energies());
        return imp;
    }

    /** The series route's Fig. 3: at a typed energy, or none (no file); a word or energy it lacks is refused first. */
    @Test
    void theSquaredDifferenceEnergyIsChosenOrLeftOut(@TempDir Path dir) throws IOException {
        SeriesInput in = SeriesInput.ofHyperstack(series, EnergyLists.fromImage(series));
        double first = phantom.energies()[0];
        RegistrationJob.Outcome o = new RegistrationJob(PARAMS, TWO.saveTo(dir.resolve("a"), false))
                .difference(Double.toString(first)).runSeries(in, 2);
        assertTrue(o.squaredDifference().getTitle().endsWith(" at " + Energies.fmt(first)
                + " eV"), o.squaredDifference().getTitle());
        o = new RegistrationJob(PARAMS, TWO.saveTo(dir.resolve("b"), false)).difference("none").runSeries(in, 2);
        assertEquals(null, o.squaredDifference());
        assertEquals(RegistrationJob.fileNames().size(), o.written().size());
        assertFalse(Files.exists(dir.resolve("b").resolve(RegistrationJob.SQUARED_DIFFERENCE)));
        for (String bad : List.of("lowest", "7000")) {
            String m = assertThrows(InvalidInputException.class, () -> new RegistrationJob(PARAMS,
                    TWO.saveTo(dir.resolve("c"), false)).difference(bad).runSeries(in, 2)).getMessage();
            assertTrue(m.contains("difference"), m);
        }
        assertFalse(Files.exists(dir.resolve("c")), "refused before any work");
    }

    @BeforeAll
    static void data() {
        phantom = new SeriesPhantom(N, 3, PhantomNoise.DEFAULT, 2);
        series = hyperstack(phantom);
    }

    @Test
    void aSeriesRunWritesTheRegisteredStackTheTransformsAndTheTable(@TempDir Path dir) throws IOException {
        SeriesInput in = SeriesInput.ofHyperstack(series, EnergyLists.fromImage(series));
        RegistrationJob.Outcome o = new RegistrationJob(PARAMS, TWO.saveTo(dir, false))
                .runSeries(in, in.fixedIndex("highest"));
        assertEquals(3, o.registered().getNFrames());
        assertEquals(N, o.registered().getNSlices());
        assertEquals(20, o.registered().getCalibration().pixelDepth);
        assertEquals(3, o.table().size());
        for (int i = 0; i < 2; i++) {
            assertTrue(o.results().get(i).after().mse() < o.results().get(i).before().mse());
        }
        // every route saves the MSE plot and its data beside the stack, the transforms and the table, and the
        // squared difference (Fig. 3) at the energy with the largest MSE before (the default, `largest`)
        assertEquals(RegistrationJob.fileNames().size() + 1, o.written().size());
        int worst = o.results().get(0).before().mse() > o.results().get(1).before().mse() ? 0 : 1;
        ImagePlus sq = o.squaredDifference();
        assertEquals(2, sq.getNFrames());
        assertEquals(N, sq.getNSlices());
        assertTrue(sq.getTitle().endsWith(" at " + Energies.fmt(phantom.energies()[worst])
                + " eV"), sq.getTitle());
        // its frames' means are the MSE figures of that energy (the binarised volumes' squared difference)
        assertEquals(o.results().get(worst).before().mse(), frameMean(sq, 1), 1e-4);
        assertEquals(o.results().get(worst).after().mse(), frameMean(sq, 2), 1e-4);
        assertTrue(Files.size(dir.resolve(RegistrationJob.SQUARED_DIFFERENCE)) > 0);
        @SuppressWarnings("unchecked")
        Map<String, Object> json = (Map<String, Object>) JsonReader.parse(Files.readString(dir.resolve(
                RegistrationJob.TRANSFORMS)));
        assertEquals("nm", json.get("unit"));
        assertEquals(2.0, json.get("fixed_index"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> volumes = (List<Map<String, Object>>) json.get("volumes");
        @SuppressWarnings("unchecked")
        List<List<Double>> m = (List<List<Double>>) volumes.get(0).get("matrix");
        double[] flat = new double[16];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 4; c++) {
                flat[4 * r + c] = m.get(r).get(c);
            }
        }
        // the file's matrix is the result's, to the last bit, and close to the true motion
        assertEquals(o.results().get(0).global(), AffineTransform3D.ofMatrix4x4(flat));
        assertTrue(o.results().get(0).global().maxDistanceOnBox(phantom.motion(0), N, N, N) < 0.5);
        // the registered frame 1 now looks like the fixed frame
        Volume fixed = Volumes.frame(series, 3);
        Volume reg = Volumes.frame(o.registered(), 1);
        Volume raw = Volumes.frame(series, 1);
        assertTrue(rmsOverParticles(fixed, reg) < rmsOverParticles(fixed, raw));
    }

    private static double rmsOverParticles(Volume a, Volume b) {
        double s = 0;
        for (int i = 0; i < a.voxels(); i++) {
            double ab = a.data()[i] > 0.5 ? 1 : 0;
            double bb = b.data()[i] > 0.4 ? 1 : 0;
            s += (ab - bb) * (ab - bb);
        }
        return Math.sqrt(s / a.voxels());
    }

    @Test
    void cancellingMidSeriesWritesNothing(@TempDir Path dir) throws IOException {
        SeriesInput in = SeriesInput.ofHyperstack(series, phantom.energies());
        CancellationToken token = new CancellationToken();
        RegistrationJob job = new RegistrationJob(PARAMS, TWO.saveTo(dir, false).cancellation(token)
                .progress((f, msg) -> {
                    if (msg.contains("2 of 3")) {
                        token.cancel();
                    }
                }));
        assertThrows(CancelledException.class, () -> job.runSeries(in, 2));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(0, files.count());
        }
    }

    @Test
    void energiesOfTheWrongLengthOrNotIncreasingAreRefused() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SeriesInput.ofHyperstack(series, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("3 frames but 2 energies"), e.getMessage());
        e = assertThrows(InvalidInputException.class,
                () -> SeriesInput.ofHyperstack(series, new double[] {6530, 6540, 6535}));
        assertTrue(e.getMessage().contains("must increase"), e.getMessage());
        SeriesInput in = SeriesInput.ofHyperstack(series, phantom.energies());
        assertEquals(0, in.fixedIndex("6530"));
        assertThrows(InvalidInputException.class, () -> in.fixedIndex("6600"));
    }

    @Test
    void aSingleFrameOr2dFramesAreRefused() {
        ImagePlus one = new ImagePlus("one", Volumes.toImage("v", Volumes.frame(series, 1), null).getStack());
        assertTrue(assertThrows(InvalidInputException.class, () -> SeriesInput.ofHyperstack(one, new double[] {1}))
                .getMessage().contains("1 frame"));
        ImageStack flat = new ImageStack(8, 8);
        flat.addSlice(new FloatProcessor(8, 8));
        flat.addSlice(new FloatProcessor(8, 8));
        ImagePlus flats = new ImagePlus("flat", flat);
        flats.setDimensions(1, 1, 2);
        assertTrue(assertThrows(InvalidInputException.class, () -> SeriesInput.ofHyperstack(flats,
                new double[] {1, 2})).getMessage().contains("2-D"));
    }

    @Test
    void aPairOfVolumesIsRegisteredOntoTheFixedGrid(@TempDir Path dir) throws IOException {
        ImagePlus fixed = Volumes.toImage("fixed", Volumes.frame(series, 3), series.getCalibration());
        ImagePlus moving = Volumes.toImage("moving", Volumes.frame(series, 1), series.getCalibration());
        RegistrationJob.Outcome o = new RegistrationJob(PARAMS, ONE.saveTo(dir, false)).runPair(fixed, moving);
        assertEquals(N, o.registered().getStackSize());
        assertTrue(o.results().get(0).after().mse() < o.results().get(0).before().mse());
        assertFalse(Files.readString(dir.resolve(RegistrationJob.TRANSFORMS)).contains("fixed_index"));
        // the paper's Fig. 3 for the pair: squared difference before (frame 1) and after (frame 2), calibrated,
        // whose means are the table's binarised MSE; saved beside the results
        ImagePlus sq = o.squaredDifference();
        assertEquals(2, sq.getNFrames());
        assertEquals(N, sq.getNSlices());
        assertEquals(series.getCalibration().pixelWidth, sq.getCalibration().pixelWidth);
        assertTrue(frameMean(sq, 2) < frameMean(sq, 1), "after must differ less than before");
        assertTrue(Files.size(dir.resolve(RegistrationJob.SQUARED_DIFFERENCE)) > 0);
        assertTrue(Files.readString(dir.resolve(RegistrationJob.MSE_DATA)).startsWith("frame,mse_before,mse_after"));
        // a second run into the same folder is refused before any work
        assertThrows(InvalidInputException.class, () -> new RegistrationJob(PARAMS, ONE.saveTo(dir, false))
                .runPair(fixed, moving));
    }

    @Test
    void aListOfVolumeFilesIsRegisteredLikeTheHyperstack(@TempDir Path dir) throws IOException {
        List<Path> files = new java.util.ArrayList<>();
        for (int f = 1; f <= 3; f++) {
            Path file = dir.resolve("e" + f + ".tif");
            org.fusionj.workflow.OutputFolder.saveTiff(Volumes.toImage("e" + f, Volumes.frame(series, f),
                    series.getCalibration()), file);
            files.add(file);
        }
        SeriesInput in = SeriesInput.ofFiles(files, phantom.energies());
        RegistrationJob.Outcome fromFiles = new RegistrationJob(PARAMS, TWO).runSeries(in, 2);
        RegistrationJob.Outcome fromStack = new RegistrationJob(PARAMS, TWO).runSeries(
                SeriesInput.ofHyperstack(series, phantom.energies()), 2);
        assertEquals(fromStack.results().get(0).global(), fromFiles.results().get(0).global());
        assertEquals(20, fromFiles.registered().getCalibration().pixelWidth);
    }

    private static double frameMean(ImagePlus imp, int frame) {
        double sum = 0;
        long n = 0;
        for (int z = 1; z <= imp.getNSlices(); z++) {
            float[] px = (float[]) imp.getStack().getPixels(imp.getStackIndex(1, z, frame));
            for (float v : px) {
                sum += v;
                n++;
            }
        }
        return sum / n;
    }
}
