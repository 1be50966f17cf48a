package org.fusionj.ij1;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;

import org.fusionj.workflow.tomo.TomoFusionJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Fused Multi-Modal Tomography dialog as a user meets it (see {@link TomoRecordReplayMain}): the preview (x-z
 * sections of a slab of slices along the tilt axis, one channel per element) opens while the dialog is up and closes
 * with it, the recorder writes every parameter under its FusionJ name and not the preview, the run opens the
 * Orthogonal Views panes asked for, and the recorded options replay to identical volumes.
 */
@Timeout(600)
class TomoRecordReplayIT {

    @TempDir
    Path temp;

    @Test
    void recordedTomographyDialogReplaysToTheSameVolumes() throws Exception {
        Path ij = ImageJLauncher.imageJFolder(Files.createDirectories(temp.resolve("ij")));
        Path first = temp.resolve("first");
        Path replay = temp.resolve("replay");
        ImageJLauncher.Run run = ImageJLauncher.runMain(ij, TomoRecordReplayMain.class.getName(), first.toString(),
                replay.toString());
        assertEquals(0, run.exitCode(), run.output());

        int n = TomoRecordReplayMain.SIZE;
        assertTrue(run.output().contains(TomoRecordReplayMain.PREVIEW_SHOWN + n + "x" + n + "x2"),
                "the preview window (x-z sections, width x depth, 2 elements) did not open:\n" + run.output());
        assertEquals("closed", line(run.output(), TomoRecordReplayMain.PREVIEW_AFTER_OK),
                "the preview window stayed open after OK");

        String recorded = line(run.output(), TomoRecordReplayMain.RECORDED);
        for (String expected : List.of("haadf=[HAADF tilt series]", "elements=Au,Cu", "map_1=[Au tilt series]",
                "map_2=[Cu tilt series]", "map_3=*None*", "method=fused", "lambda_tv=0.02", "n_iter=6",
                "n_iter_init=6", "composition_tv=0.2", "views=orthogonal", " regularize", " tv_warm_start",
                " save", "output=" + first)) {
            assertTrue(recorded.contains(expected), "recorded options lack '" + expected + "': " + recorded);
        }
        assertFalse(recorded.contains("preview"), "the preview switch must not be recorded: " + recorded);
        assertTrue(run.output().contains(TomoRecordReplayMain.OPENED + "XZ ")
                        && run.output().contains(TomoRecordReplayMain.OPENED + "YZ "),
                "views=orthogonal opened no Orthogonal Views panes:\n" + run.output());

        ImagePlus a = IJ.openImage(first.resolve(TomoFusionJob.VOLUMES).toString());
        ImagePlus b = IJ.openImage(replay.resolve(TomoFusionJob.VOLUMES).toString());
        assertNotNull(a, "the first run wrote no volumes:\n" + run.output());
        assertNotNull(b, "the replay wrote no volumes:\n" + run.output());
        assertEquals(2 * n, a.getStackSize());
        for (int s = 1; s <= a.getStackSize(); s++) {
            assertArrayEquals((float[]) a.getStack().getPixels(s), (float[]) b.getStack().getPixels(s),
                    "replaying the recorded options changed volume slice " + s);
        }
    }

    private static String line(String output, String marker) {
        return output.lines().filter(l -> l.startsWith(marker)).map(l -> l.substring(marker.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + marker + "' in:\n" + output));
    }
}
