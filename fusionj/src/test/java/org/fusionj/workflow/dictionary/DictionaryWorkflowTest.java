package org.fusionj.workflow.dictionary;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.FloatProcessor;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.dictionary.CoderKind;
import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.DictionaryMode;
import org.fusionj.core.dictionary.LearnParameters;
import org.fusionj.core.dictionary.OverlapWeighting;
import org.fusionj.workflow.RunContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Learn and enhance jobs on reference crops: files, metadata round trips, refusals. */
class DictionaryWorkflowTest {
    private static final RunContext ONE = RunContext.threads(1);
    private static final RunContext TWO = RunContext.threads(2);


    private static final LearnParameters QUICK = LearnParameters.builder().atoms(96).steps(40).batchSize(128)
            .trainingPatches(4000).build();

    private static ImagePlus stem;
    private static ImagePlus txm;

    @TempDir
    Path temp;

    @BeforeAll
    static void load() throws Exception {
        stem = DictionaryFixtures.crop("stem_train.npy", 128, "stem.tif");
        Calibration cal = new Calibration();
        cal.pixelWidth = 15;
        cal.pixelHeight = 15;
        cal.setUnit("nm");
        stem.setCalibration(cal);
        txm = DictionaryFixtures.crop("txm_degraded.npy", 128, "txm.tif");
        txm.setCalibration(cal.copy());
    }

    @Test
    void savedDictionaryReopensBitForBit() throws Exception {
        for (DictionaryMode mode : DictionaryMode.values()) {
            LearnParameters p = QUICK.toBuilder().mode(mode).psfSigma(2).build();
            Path file = temp.resolve(mode.key() + ".tif");
            LearnJob.Outcome o = new LearnJob(p, TWO.saveTo(file, false)).txm(txm).run(stem, true);
            assertEquals(file.toAbsolutePath(), o.written().toAbsolutePath());
            Dictionary back = DictionaryImages.open(file);
            Dictionary d = o.dictionary();
            assertArrayEquals(d.codingAtoms(), back.codingAtoms());
            assertArrayEquals(d.rebuildAtoms(), back.rebuildAtoms());
            assertEquals(d.scale(), back.scale());
            assertEquals(d.info(), back.info());
            assertEquals(32, back.info().bitDepth());
            assertEquals(15, back.info().pixelSize());
            assertEquals(mode == DictionaryMode.COUPLED ? 2 : 1, o.image().getStackSize());
            // the same file again is refused unless overwrite
            InvalidInputException e = assertThrows(InvalidInputException.class,
                    () -> new LearnJob(p, ONE.saveTo(file, false)).txm(txm).run(stem, true));
            assertTrue(e.getMessage().contains(file.getFileName() + " already exists"), e.getMessage());
        }
    }

    @Test
    void enhancingAStackGivesACalibratedStackThatBeatsTheInput() throws Exception {
        Dictionary d = new LearnJob(QUICK, TWO).run(stem, true).dictionary();
        ImageStack two = new ImageStack(128, 128);
        two.addSlice("a", txm.getProcessor().duplicate());
        two.addSlice("b", txm.getProcessor().duplicate());
        ImagePlus stack = new ImagePlus("txm stack", two);
        stack.setCalibration(txm.getCalibration().copy());
        Path file = temp.resolve("enhanced.tif");
        EnhanceJob.Outcome o = new EnhanceJob(d, EnhanceSettings.defaults(),
                TWO.saveTo(file, false)).run(stack);
        ImagePlus out = o.enhanced();
        assertEquals(2, out.getStackSize());
        assertEquals(15, out.getCalibration().pixelWidth);
        assertEquals("nm", out.getCalibration().getUnit());
        assertTrue(Files.isRegularFile(file));
        assertTrue(o.parameters().coder().alpha() > 0.5 && o.parameters().coder().alpha() < 2,
                "automatic alpha " + o.parameters().coder().alpha());
        ImagePlus gt = DictionaryFixtures.crop("txm_gt.npy", 128, "gt");
        double before = mse((float[]) gt.getProcessor().getPixels(), (float[]) txm.getProcessor().getPixels());
        double after = mse((float[]) gt.getProcessor().getPixels(), (float[]) out.getStack().getPixels(2));
        assertTrue(after < 0.7 * before, "MSE " + before + " -> " + after);
    }

    @Test
    void pixelSizeMatchingResamplesAndReportsIt() throws Exception {
        Dictionary d = new LearnJob(QUICK.toBuilder().steps(5).build(), ONE).run(stem, true).dictionary();
        ImagePlus coarse = txm.duplicate();
        Calibration cal = coarse.getCalibration();
        cal.pixelWidth = 30;
        cal.pixelHeight = 30;
        EnhanceSettings omp = new EnhanceSettings(CoderKind.OMP, Double.NaN, 2, Double.NaN, false, 2,
                OverlapWeighting.WINDOWED);
        EnhanceJob.Outcome o = new EnhanceJob(d, omp, TWO).matchPixelSize(true).run(coarse);
        assertTrue(o.note().contains("resampled by 2"), o.note());
        assertEquals(128, o.enhanced().getWidth());
        // 256 x 256 after resampling, 8 x 8 patches at stride 2: corners 0, 2, ..., 248 along each axis
        assertEquals(125L * 125, o.patches());
    }

    @Test
    void txmOfAnotherBitDepthIsRefused() throws Exception {
        Dictionary d = new LearnJob(QUICK.toBuilder().steps(2).build(), ONE).run(stem, true).dictionary();
        ImagePlus sixteen = new ImagePlus("txm16.tif", txm.getProcessor().convertToShortProcessor(true));
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> new EnhanceJob(d, EnhanceSettings.defaults(), ONE).run(sixteen));
        assertTrue(e.getMessage().contains("16-bit") && e.getMessage().contains("32-bit"), e.getMessage());
    }

    @Test
    void imagesWithoutOrWithDamagedMetadataAreRefused() throws Exception {
        ImagePlus plain = new ImagePlus("plain.tif", new FloatProcessor(10, 10));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DictionaryImages.fromImage(plain));
        assertTrue(e.getMessage().contains("not a FusionJ dictionary"), e.getMessage());

        ImagePlus image = new LearnJob(QUICK.toBuilder().steps(2).build(), ONE).run(stem, true).image();
        String info = (String) image.getProperty("Info");
        image.setProperty("Info", info.replace("fusionj.dictionary.atoms = 96", "fusionj.dictionary.atoms = 95"));
        e = assertThrows(InvalidInputException.class, () -> DictionaryImages.fromImage(image));
        assertTrue(e.getMessage().contains("asks for"), e.getMessage());

        image.setProperty("Info", info.replaceAll("fusionj.dictionary.scale = .*\n", ""));
        e = assertThrows(InvalidInputException.class, () -> DictionaryImages.fromImage(image));
        assertTrue(e.getMessage().contains("lacks \"scale\""), e.getMessage());

        image.setProperty("Info", info);
        image.getProcessor().setf(0, 0, 5f);
        e = assertThrows(InvalidInputException.class, () -> DictionaryImages.fromImage(image));
        assertTrue(e.getMessage().contains("edited"), e.getMessage());
    }

    @Test
    void settingsTextIsCheckedBeforeAnyWork() {
        assertThrows(InvalidInputException.class, () -> EnhanceSettings.parse("lasso", "0", null, null, null, null));
        assertThrows(InvalidInputException.class, () -> EnhanceSettings.parse("lasso", "-2", null, null, null, null));
        assertThrows(InvalidInputException.class, () -> EnhanceSettings.parse("lars", null, null, null, null, null));
        assertThrows(InvalidInputException.class, () -> EnhanceSettings.parse("omp", null, "0", null, null, null));
        assertThrows(InvalidInputException.class, () -> EnhanceSettings.parse("omp", null, "2", "-1", null, null));
        assertThrows(InvalidInputException.class, () -> EnhanceSettings.parse("omp", null, "2", null, "0", null));
        EnhanceSettings s = EnhanceSettings.parse("omp", null, "3", "auto", "2", "windowed");
        assertTrue(s.autoError() && s.automatic());
        assertEquals(OverlapWeighting.WINDOWED, s.weighting());
    }

    private static double mse(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (double) (a[i] - b[i]);
        }
        return s / a.length;
    }
}
