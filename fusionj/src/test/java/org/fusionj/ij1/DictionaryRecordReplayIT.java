package org.fusionj.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;

import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Enhance with Dictionary dialog as a user meets it (see {@link DictionaryRecordReplayMain}): the preview
 * opens on a crop, the recorder writes every parameter under its FusionJ name and not the preview, and the
 * recorded options replay to the identical image.
 */
class DictionaryRecordReplayIT {

    @TempDir
    Path temp;

    @Test
    void recordedEnhanceDialogReplaysToTheSameImage() throws Exception {
        Path ij = ImageJLauncher.imageJFolder(Files.createDirectories(temp.resolve("ij")));
        Path first = temp.resolve("first.tif");
        Path replay = temp.resolve("replay.tif");
        ImageJLauncher.Run run = ImageJLauncher.runMain(ij, DictionaryRecordReplayMain.class.getName(),
                TestData.projectDir().resolve("test-data/dictionary").toString(), first.toString(),
                replay.toString());
        assertEquals(0, run.exitCode(), run.output());
        assertTrue(run.output().contains(DictionaryRecordReplayMain.PREVIEW_SHOWN + "128x128"),
                "the preview window (a 128 x 128 crop) did not open:\n" + run.output());
        assertTrue(run.output().contains(DialogRecordReplay.PREVIEW_AFTER_OK + "closed"),
                "the preview window stayed open after OK:\n" + run.output());
        String recorded = run.output().lines().filter(l -> l.startsWith(DictionaryRecordReplayMain.RECORDED))
                .findFirst().orElseThrow(() -> new AssertionError(run.output()))
                .substring(DictionaryRecordReplayMain.RECORDED.length());
        for (String expected : List.of("txm=txm_crop128.tif", "dictionary=stem_crop128-dictionary-plain",
                "coder=omp", "alpha=auto", "sparsity=2", "error_target=none", "stride=1", "weighting=uniform",
                " save", "output=" + first)) {
            assertTrue(recorded.contains(expected), "recorded options lack '" + expected + "': " + recorded);
        }
        assertTrue(!recorded.contains("preview"), "the preview switch must not be recorded: " + recorded);
        ImagePlus a = IJ.openImage(first.toString());
        ImagePlus b = IJ.openImage(replay.toString());
        assertNotNull(a, "first run wrote nothing:\n" + run.output());
        assertNotNull(b, "the replay wrote nothing:\n" + run.output());
        assertArrayEquals((float[]) a.getProcessor().getPixels(), (float[]) b.getProcessor().getPixels());
    }
}
