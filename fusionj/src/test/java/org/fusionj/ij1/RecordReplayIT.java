package org.fusionj.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;

import org.fusionj.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dialog as a user meets it (see {@link RecordReplayMain}): the preview opens, the recorder writes every
 * parameter under its FusionJ name, the recorded options replay to identical results, and the recorded example
 * macro carries the same keys as a fresh recording.
 */
class RecordReplayIT {

    @TempDir
    Path temp;

    @Test
    void recordedDialogReplaysToTheSameResults() throws Exception {
        Path ij = ImageJLauncher.imageJFolder(Files.createDirectories(temp.resolve("ij")));
        Path first = temp.resolve("first");
        Path replay = temp.resolve("replay");
        ImageJLauncher.Run run = ImageJLauncher.runMain(ij, RecordReplayMain.class.getName(),
                TestData.dyscO3Npz().toString(), first.toString(), replay.toString());
        assertEquals(0, run.exitCode(), run.output());

        assertTrue(run.output().contains(RecordReplayMain.PREVIEW_SHOWN + "128x128x3"),
                "the preview window (a 128 x 128 crop, 3 channels) did not open:\n" + run.output());
        assertTrue(run.output().contains(DialogRecordReplay.PREVIEW_AFTER_OK + "closed"),
                "the preview window stayed open after OK:\n" + run.output());

        String recorded = line(run.output(), RecordReplayMain.RECORDED);
        for (String expected : List.of("haadf=HAADF", "map_1=Sc", "map_2=Dy", "map_3=O", "elements=Sc,Dy,O",
                "preset=tutorial", "gamma=1.60", "weight_method=1", "lambda_haadf=auto", "lambda_chem=0.08",
                "lambda_tv=0.15", "n_iter=30", "n_iter_tv=3", "bkg=0.2400", " regularize", " save",
                "output=" + first)) {
            assertTrue(recorded.contains(expected), "recorded options lack '" + expected + "': " + recorded);
        }
        assertTrue(!recorded.contains("preview"), "the preview switch must not be recorded: " + recorded);

        for (String el : List.of("Sc", "Dy", "O")) {
            float[] a = pixels(first.resolve("fused_" + el + ".tif"));
            float[] b = pixels(replay.resolve("fused_" + el + ".tif"));
            assertArrayEquals(a, b, "replaying the recorded options changed " + el);
        }

        String macroLine = Files.readAllLines(TestData.projectDir().resolve("macros/fuse_recorded.ijm")).stream()
                .filter(l -> l.startsWith("run(\"Fuse Multi-Modal...\"")).findFirst().orElseThrow();
        assertEquals(keys(recorded), keys(macroLine), "macros/fuse_recorded.ijm no longer matches the recorder");
    }

    private static String line(String output, String marker) {
        return output.lines().filter(l -> l.startsWith(marker)).map(l -> l.substring(marker.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + marker + "' in:\n" + output));
    }

    private static float[] pixels(Path tif) {
        ImagePlus imp = IJ.openImage(tif.toString());
        assertNotNull(imp, "missing " + tif);
        return (float[]) imp.getProcessor().getPixels();
    }

    /** The option keys in order ("haadf", "map_1", ..., "regularize", "save"), up to the output folder. */
    private static List<String> keys(String options) {
        String prefix = "\"Fuse Multi-Modal...\", \"";
        int start = options.contains(prefix) ? options.indexOf(prefix) + prefix.length() : 0;
        String body = options.substring(start, options.indexOf("output=")).trim();
        List<String> keys = new ArrayList<>();
        for (String token : body.split("\\s+")) {
            keys.add(token.split("=")[0]);
        }
        return keys;
    }
}
