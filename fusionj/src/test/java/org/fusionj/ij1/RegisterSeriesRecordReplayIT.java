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

import org.fusionj.workflow.registration.RegistrationJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Register Spectro-Tomography Series dialog as a user meets it (see {@link RegisterSeriesRecordReplayMain}):
 * the preview opens (fixed over moving, before | after, of the middle slice) and closes with the dialog, the
 * recorder writes every parameter under its FusionJ name and not the preview, and the recorded options replay to
 * the identical registered series, transforms and results table.
 */
class RegisterSeriesRecordReplayIT {

    @TempDir
    Path temp;

    @Test
    void recordedRegistrationDialogReplaysToTheSameResults() throws Exception {
        Path ij = ImageJLauncher.imageJFolder(Files.createDirectories(temp.resolve("ij")));
        Path first = temp.resolve("first");
        Path replay = temp.resolve("replay");
        ImageJLauncher.Run run = ImageJLauncher.runMain(ij, RegisterSeriesRecordReplayMain.class.getName(),
                first.toString(), replay.toString());
        assertEquals(0, run.exitCode(), run.output());

        int n = RegisterSeriesRecordReplayMain.SIZE;
        assertTrue(run.output().contains(RegisterSeriesRecordReplayMain.PREVIEW_SHOWN + (2 * n + 4) + "x" + n + "x1"),
                "the preview window (middle slice, before | after) did not open:\n" + run.output());
        assertEquals("closed", line(run.output(), RegisterSeriesRecordReplayMain.PREVIEW_AFTER_OK),
                "the preview window stayed open after OK");

        String recorded = line(run.output(), RegisterSeriesRecordReplayMain.RECORDED);
        for (String expected : List.of("series=[" + RegisterSeriesRecordReplayMain.SERIES + "]", "energies=[]",
                "energies_file=[]", "fixed_energy=highest", "transform=rigid", "metric=ncc", " median",
                "smoothing=1.5", "levels=3", "iterations=20", " per_particle", "dilation=3", "min_voxels=50",
                "interpolation=cubic", " init_neighbour", "difference_energy=6530", " save", "output=" + first)) {
            assertTrue(recorded.contains(expected), "recorded options lack '" + expected + "': " + recorded);
        }
        assertFalse(recorded.contains("preview"), "the preview switch must not be recorded: " + recorded);
        assertFalse(recorded.contains("overwrite"), "overwrite was not ticked: " + recorded);

        ImagePlus a = IJ.openImage(first.resolve(RegistrationJob.REGISTERED).toString());
        ImagePlus b = IJ.openImage(replay.resolve(RegistrationJob.REGISTERED).toString());
        assertNotNull(a, "the first run wrote no registered series:\n" + run.output());
        assertNotNull(b, "the replay wrote no registered series:\n" + run.output());
        assertEquals(n + "x" + n + "x" + n * RegisterSeriesRecordReplayMain.ENERGIES,
                a.getWidth() + "x" + a.getHeight() + "x" + a.getStackSize(), "registered series size");
        assertEquals(a.getStackSize(), b.getStackSize());
        for (int s = 1; s <= a.getStackSize(); s++) {
            assertArrayEquals((float[]) a.getStack().getPixels(s), (float[]) b.getStack().getPixels(s),
                    "replaying the recorded options changed registered slice " + s);
        }
        String transforms = Files.readString(first.resolve(RegistrationJob.TRANSFORMS));
        assertTrue(transforms.contains("\"transform\": \"rigid\"") && transforms.contains("\"metric\": \"ncc\"")
                && transforms.contains("\"per_particle\": true"),
                "the transforms file does not carry the dialog's options: " + transforms);
        assertEquals(transforms, Files.readString(replay.resolve(RegistrationJob.TRANSFORMS)),
                "replaying the recorded options changed the transforms");
        // the paper's Fig. 3 at the chosen energy, in the series route too: before and after, identical on replay
        ImagePlus sq = IJ.openImage(first.resolve(RegistrationJob.SQUARED_DIFFERENCE).toString());
        assertNotNull(sq, "the series run wrote no squared difference:\n" + run.output());
        assertEquals(2, sq.getNFrames(), "frames before and after");
        assertArrayEquals((float[]) sq.getStack().getPixels(sq.getStackSize()), (float[]) IJ.openImage(
                replay.resolve(RegistrationJob.SQUARED_DIFFERENCE).toString()).getStack().getPixels(sq.getStackSize()));
        List<String> table = Files.readAllLines(first.resolve(RegistrationJob.TABLE));
        assertEquals(RegisterSeriesRecordReplayMain.ENERGIES + 1, table.size(), "one row per energy: " + table);
        List<String> header = List.of(table.get(0).split(","));
        for (int e = 1; e < RegisterSeriesRecordReplayMain.ENERGIES; e++) {
            String[] row = table.get(e).split(",");
            double before = Double.parseDouble(row[header.indexOf("mse_before")]);
            double after = Double.parseDouble(row[header.indexOf("mse_after")]);
            assertTrue(after < before, "registration did not lower the MSE of energy " + e + ": " + table.get(e));
            assertEquals("3", row[header.indexOf("particles")], "the phantom's three particles, per particle");
        }
        assertEquals(table, Files.readAllLines(replay.resolve(RegistrationJob.TABLE)),
                "replaying the recorded options changed the results table");
    }

    /**
     * A 2-D stack (one image per energy): the preview opens too (the current image over the fixed one, before |
     * after), closes with the dialog, and the recorded options replay to the identical registered stack.
     */
    @Test
    void twoDStacksPreviewAndReplay() throws Exception {
        Path ij = ImageJLauncher.imageJFolder(Files.createDirectories(temp.resolve("ij2d")));
        Path first = temp.resolve("first2d");
        Path replay = temp.resolve("replay2d");
        ImageJLauncher.Run run = ImageJLauncher.runMain(ij, RegisterSeriesRecordReplayMain.class.getName(),
                first.toString(), replay.toString(), RegisterSeriesRecordReplayMain.TWO_D);
        assertEquals(0, run.exitCode(), run.output());
        int n = RegisterSeriesRecordReplayMain.SIZE;
        assertTrue(run.output().contains(RegisterSeriesRecordReplayMain.PREVIEW_SHOWN + (2 * n + 4) + "x" + n + "x1"),
                "the preview window of the 2-D stack did not open:\n" + run.output());
        assertEquals("closed", line(run.output(), RegisterSeriesRecordReplayMain.PREVIEW_AFTER_OK));
        ImagePlus a = IJ.openImage(first.resolve(RegistrationJob.REGISTERED).toString());
        ImagePlus b = IJ.openImage(replay.resolve(RegistrationJob.REGISTERED).toString());
        assertNotNull(a, "the first run wrote no registered stack:\n" + run.output());
        assertNotNull(b, "the replay wrote no registered stack:\n" + run.output());
        assertEquals(n + "x" + n + "x" + RegisterSeriesRecordReplayMain.ENERGIES,
                a.getWidth() + "x" + a.getHeight() + "x" + a.getStackSize(), "registered stack size");
        for (int s = 1; s <= a.getStackSize(); s++) {
            assertArrayEquals((float[]) a.getStack().getPixels(s), (float[]) b.getStack().getPixels(s),
                    "replaying the recorded options changed registered image " + s);
        }
        assertTrue(Files.size(first.resolve(RegistrationJob.MASK)) > 0, "registration_mask.tif");
        assertTrue(Files.size(first.resolve(RegistrationJob.SQUARED_DIFFERENCE)) > 0, "squared_difference.tif");
    }

    private static String line(String output, String marker) {
        return output.lines().filter(l -> l.startsWith(marker)).map(l -> l.substring(marker.length()))
                .findFirst().orElseThrow(() -> new AssertionError("no '" + marker + "' in:\n" + output));
    }
}
