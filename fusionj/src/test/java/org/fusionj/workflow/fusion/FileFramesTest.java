package org.fusionj.workflow.fusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** How a series spec becomes frames: order, forms, refusals. */
@Timeout(60)
class FileFramesTest {

    @TempDir
    Path temp;

    private Path frame(Path dir, String name, float value) throws Exception {
        Files.createDirectories(dir);
        float[] px = new float[12];
        java.util.Arrays.fill(px, value);
        Path f = dir.resolve(name);
        assertTrue(new FileSaver(new ImagePlus(name, new FloatProcessor(4, 3, px))).saveAsTiff(f.toString()));
        return f;
    }

    @Test
    void namesSortNaturallySoFrame2ComesBeforeFrame10() throws Exception {
        Path dir = temp.resolve("frames");
        for (int i : new int[] {10, 2, 1, 9}) {
            frame(dir, "f_" + i + ".tif", i);
        }
        Files.writeString(dir.resolve("notes.txt"), "not a frame");
        Files.writeString(dir.resolve(".hidden.tif"), "not a frame");
        FileFrames frames = FileFrames.open(dir.toString(), FileFrames.FrameAxis.FIRST);
        assertEquals(4, frames.frameCount());
        List<Float> firstPixels = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            firstPixels.add(frames.read(i, "x").pixels()[0]);
        }
        assertEquals(List.of(1f, 2f, 9f, 10f), firstPixels);
        assertEquals(4, frames.width());
        assertEquals(3, frames.height());
        assertTrue(FileFrames.natural("a007", "a7") != 0, "leading zeros still give a total order");
        assertTrue(FileFrames.natural("a2b", "a10b") < 0);
    }

    @Test
    void aPatternAndAListGiveTheirFilesInOrder() throws Exception {
        Path dir = temp.resolve("p");
        frame(dir, "h_1.tif", 1);
        frame(dir, "h_2.tif", 2);
        frame(dir, "other_3.tif", 3);
        FileFrames pattern = FileFrames.open(dir.resolve("h_*.tif").toString(), FileFrames.FrameAxis.FIRST);
        assertEquals(2, pattern.frameCount());
        Path list = temp.resolve("frames.lst");
        Files.writeString(list, "# two frames, the second first\np/h_2.tif\n\np/h_1.tif\n");
        FileFrames listed = FileFrames.open(list.toString(), FileFrames.FrameAxis.FIRST);
        assertEquals(2f, listed.read(0, "x").pixels()[0]);
        assertEquals(1f, listed.read(1, "x").pixels()[0]);
        assertEquals(2, listed.files().size());
    }

    @Test
    void refusesWhatIsNotASeries() throws Exception {
        Path dir = temp.resolve("r");
        Path one = frame(dir, "one.tif", 1);
        String m = assertThrows(InvalidInputException.class, () -> FileFrames.open(one.toString(),
                FileFrames.FrameAxis.FIRST)).getMessage();
        assertTrue(m.contains("is one image file"), m);
        ImageStack s = new ImageStack(4, 3);
        s.addSlice(new FloatProcessor(4, 3));
        s.addSlice(new FloatProcessor(4, 3));
        Path stacks = Files.createDirectories(temp.resolve("stacks"));
        new FileSaver(new ImagePlus("s", s)).saveAsTiffStack(stacks.resolve("s.tif").toString());
        m = assertThrows(InvalidInputException.class, () -> FileFrames.open(stacks.toString(),
                FileFrames.FrameAxis.FIRST)).getMessage();
        assertTrue(m.contains("has 2 slices"), m);
        m = assertThrows(InvalidInputException.class, () -> FileFrames.open(temp.resolve("nothing").toString(),
                FileFrames.FrameAxis.FIRST)).getMessage();
        assertTrue(m.contains("no such file or folder"), m);
        m = assertThrows(InvalidInputException.class, () -> FileFrames.FrameAxis.parse("middle")).getMessage();
        assertTrue(m.contains("frame_axis must be first or last"), m);
        Path empty = Files.createDirectories(temp.resolve("empty"));
        m = assertThrows(InvalidInputException.class, () -> FileFrames.open(empty.toString(),
                FileFrames.FrameAxis.FIRST)).getMessage();
        assertTrue(m.contains("holds no image files"), m);
    }
}
