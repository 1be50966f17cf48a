package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening inputs named as "path" or "path:key", whatever the format. */
class ImageFilesTest {

    @TempDir
    Path temp;

    private static final float[] PIXELS = {1, 2, 3, 4, 5, 6};

    @Test
    void npyBecomesA2DImageWithRowsAsHeight() throws IOException {
        Path npy = temp.resolve("a.npy");
        NpyWriter.writeFloat32(npy, new int[] {2, 3}, PIXELS);
        ImagePlus imp = ImageFiles.open(npy.toString());
        assertEquals(3, imp.getWidth());
        assertEquals(2, imp.getHeight());
        assertEquals(6f, imp.getProcessor().getPixelValue(2, 1));
        assertThrows(FileFormatException.class, () -> ImageFiles.open(npy + ":x"));
    }

    @Test
    void npzKeysAreFoundIgnoringCaseAndAmbiguityIsExplained() throws IOException {
        Path npz = temp.resolve("maps.npz");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("HAADF", NdArray.of2D(2, 3, PIXELS));
        arrays.put("Sc", NdArray.of2D(2, 3, PIXELS));
        NpzWriter.write(npz, arrays);
        assertArrayEquals(PIXELS, (float[]) ImageFiles.open(npz + ":haadf").getProcessor().getPixels());
        String m = assertThrows(FileFormatException.class, () -> ImageFiles.open(npz.toString())).getMessage();
        assertTrue(m.contains("maps.npz") && m.contains("HAADF") && m.contains("Sc"), m);
        String missing = assertThrows(FileFormatException.class, () -> ImageFiles.open(npz + ":Dy")).getMessage();
        assertTrue(missing.contains("Dy") && missing.contains("Sc"), missing);
        assertTrue(ImageFiles.isKeylessArchive(npz.toString()));
    }

    @Test
    void hdf5DatasetsAreOpenedByPath() throws IOException {
        Path h5 = temp.resolve("run.h5");
        try (Hdf5Writer w = Hdf5Writer.create(h5)) {
            w.writeDataset("fused_Sc", PIXELS, 2, 3);
            w.writeDataset("costTV", new double[] {1, 2});
        }
        assertArrayEquals(PIXELS, (float[]) ImageFiles.open(h5 + ":/fused_Sc").getProcessor().getPixels());
        assertArrayEquals(PIXELS, (float[]) ImageFiles.open(h5 + ":fused_Sc").getProcessor().getPixels());
        String m = assertThrows(FileFormatException.class, () -> ImageFiles.open(h5.toString())).getMessage();
        assertTrue(m.contains("2 datasets"), m);
        String oneD = assertThrows(FileFormatException.class, () -> ImageFiles.open(h5 + ":/costTV")).getMessage();
        assertTrue(oneD.contains("1-D"), oneD);
    }

    @Test
    void tiffGoesThroughImageJAndKeepsItsCalibration() throws IOException {
        ImagePlus imp = new ImagePlus("t", new FloatProcessor(3, 2, PIXELS.clone()));
        imp.getCalibration().pixelWidth = 0.5;
        imp.getCalibration().setUnit("nm");
        Path tif = temp.resolve("t.tif");
        new FileSaver(imp).saveAsTiff(tif.toString());
        ImagePlus back = ImageFiles.open(tif.toString());
        assertEquals(0.5, back.getCalibration().pixelWidth);
        assertEquals("nm", back.getCalibration().getUnit());
    }

    @Test
    void unreadableFilesAreNamed() throws IOException {
        Path junk = Files.writeString(temp.resolve("notes.xyz"), "not an image");
        String m = assertThrows(FileFormatException.class, () -> ImageFiles.open(junk.toString())).getMessage();
        assertTrue(m.startsWith("notes.xyz"), m);
        assertThrows(java.nio.file.NoSuchFileException.class, () -> ImageFiles.open(temp.resolve("no.tif").toString()));
    }
}
