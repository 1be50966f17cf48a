package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;

import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.service.DictionaryService;
import org.fusionj.workflow.dictionary.DictionaryFixtures;
import org.fusionj.workflow.dictionary.DictionaryImages;
import org.fusionj.workflow.dictionary.EnhanceSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;
import org.scijava.prefs.PrefService;

/** The dictionary SciJava commands and service through a real Context, headless. */
class DictionaryCommandsTest extends SciJavaContext {

    @TempDir
    Path temp;

    @Test
    void learnsSavesAndEnhancesFromTheFile() throws Exception {
        ImagePlus stem = DictionaryFixtures.crop("stem_train.npy", 96, "stem");
        ImagePlus txm = DictionaryFixtures.crop("txm_degraded.npy", 96, "txm");
        Path file = temp.resolve("dict.tif");
        CommandModule learnt = run(LearnDictionaryCommand.class, "stem", stem, "txm", txm, "mode", "coupled",
                "atoms", 80, "steps", 20, "batch", 64, "training_patches", 2000, "output", file.toFile(), "threads", 2);
        assertFalse(learnt.isCanceled(), learnt.getCancelReason());
        ImagePlus montage = (ImagePlus) learnt.getOutput("dictionary");
        assertEquals(2, montage.getStackSize());
        assertTrue(Files.isRegularFile(file));

        CommandModule enhanced = run(EnhanceWithDictionaryCommand.class, "txm", txm,
                "dictionary_file", file.toFile(), "coder", "omp", "alpha", "auto", "sparsity", 2, "stride", 2);
        assertFalse(enhanced.isCanceled(), enhanced.getCancelReason());
        ImagePlus out = (ImagePlus) enhanced.getOutput("enhanced");
        assertNotNull(out);
        assertEquals(96, out.getWidth());
    }

    @Test
    void badInputCancelsWithAReason() throws Exception {
        ImagePlus tiny = DictionaryFixtures.crop("stem_train.npy", 6, "tiny");
        CommandModule m = run(LearnDictionaryCommand.class, "stem", tiny, "patch", 8);
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("larger than the image"), m.getCancelReason());
        m = run(EnhanceWithDictionaryCommand.class, "txm", tiny, "dictionary", tiny, "alpha", "0");
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("alpha"), m.getCancelReason());
    }

    /** An in-range run whose estimate (10^7 training patches of 32 x 32, about 76 GB) exceeds any test heap. */
    @Test
    void aRunTooLargeForTheHeapCancelsWithTheFigureAndNothingWritten() throws Exception {
        ImagePlus stem = DictionaryFixtures.crop("stem_train.npy", 64, "stem");
        Path out = temp.resolve("too-big.tif");
        CommandModule module;
        try {
            module = run(LearnDictionaryCommand.class, "stem", stem, "patch", 32, "training_patches", 10_000_000,
                    "output", out.toFile());
        } finally {
            // SciJava remembers the last values of a command's inputs: forget these for the other tests
            context.service(PrefService.class).remove(LearnDictionaryCommand.class, "patch");
            context.service(PrefService.class).remove(LearnDictionaryCommand.class, "training_patches");
        }
        assertTrue(module.isCanceled());
        assertTrue(module.getCancelReason().contains("10000000 training patches needs about")
                && module.getCancelReason().contains("Edit > Options > Memory"), module.getCancelReason());
        assertNull(module.getOutput("dictionary"));
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void serviceLearnsAndEnhances() throws Exception {
        DictionaryService service = context.service(DictionaryService.class);
        ImagePlus stem = DictionaryFixtures.crop("stem_train.npy", 64, "stem");
        Dictionary d = service.learn(stem, true, service.parameters().atoms(70).steps(5).batchSize(32)
                .trainingPatches(500).build(), null).dictionary();
        assertEquals(70, d.atomCount());
        assertEquals(d.scale(), DictionaryImages.fromImage(DictionaryImages.toImage(d, "d")).scale());
        ImagePlus out = service.enhance(stem, d, EnhanceSettings.defaults()).enhanced();
        assertEquals(64, out.getHeight());
    }
}
