package org.fusionj.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fusionj.core.dictionary.Dictionary;
import org.fusionj.core.dictionary.DictionaryMode;
import org.fusionj.testing.TestData;
import org.fusionj.workflow.dictionary.DictionaryImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Learn Dictionary dialog as a user meets it (see {@link LearnDictionaryRecordReplayMain}): the recorder writes
 * every parameter under its FusionJ name, and the recorded options replay to the identical dictionary (atoms bit
 * for bit, scale and metadata).
 */
class LearnDictionaryRecordReplayIT {

    @TempDir
    Path temp;

    @Test
    void recordedLearnDialogReplaysToTheSameDictionary() throws Exception {
        Path ij = ImageJLauncher.imageJFolder(Files.createDirectories(temp.resolve("ij")));
        Path first = temp.resolve("first.tif");
        Path replay = temp.resolve("replay.tif");
        ImageJLauncher.Run run = ImageJLauncher.runMain(ij, LearnDictionaryRecordReplayMain.class.getName(),
                TestData.projectDir().resolve("test-data/dictionary").toString(), first.toString(),
                replay.toString());
        assertEquals(0, run.exitCode(), run.output());

        String recorded = run.output().lines().filter(l -> l.startsWith(LearnDictionaryRecordReplayMain.RECORDED))
                .findFirst().orElseThrow(() -> new AssertionError(run.output()))
                .substring(LearnDictionaryRecordReplayMain.RECORDED.length());
        for (String expected : List.of("stem=stem_crop128.tif", " all_slices", "mode=plain", "patch=6", "atoms=48",
                "alpha=0.15", "steps=15", "batch=64", "training_patches=2000", "seed=7", "txm=*None*",
                "psf_sigma=auto", "noise=auto", " save", "output=" + first)) {
            assertTrue(recorded.contains(expected), "recorded options lack '" + expected + "': " + recorded);
        }
        assertFalse(recorded.contains("overwrite"), "overwrite was not ticked: " + recorded);

        assertTrue(Files.isRegularFile(first), "the first run wrote no dictionary:\n" + run.output());
        assertTrue(Files.isRegularFile(replay), "the replay wrote no dictionary:\n" + run.output());
        Dictionary a = DictionaryImages.open(first);
        Dictionary b = DictionaryImages.open(replay);
        assertEquals(DictionaryMode.PLAIN, a.mode());
        assertEquals(6, a.patchSize());
        assertEquals(48, a.atomCount());
        assertEquals(7, a.info().seed());
        assertEquals(15, a.info().steps());
        assertEquals(64, a.info().batchSize());
        assertEquals(0.15, a.info().alpha(), 1e-12);
        assertEquals(36 * 48, a.codingAtoms().length);
        assertArrayEquals(a.codingAtoms(), b.codingAtoms(), "replaying the recorded options changed the atoms");
        assertArrayEquals(a.rebuildAtoms(), b.rebuildAtoms());
        assertEquals(a.scale(), b.scale(), "replaying the recorded options changed the scale");
        assertEquals(a.info(), b.info(), "replaying the recorded options changed the metadata");
    }
}
