package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Hdf5RoundTripTest {

    @TempDir
    Path tmp;

    @Test
    void writesAndReadsBackDatasetsGroupsAndAttributes() throws IOException {
        Path file = tmp.resolve("fused.h5");
        double[] cube = new double[24];
        for (int i = 0; i < cube.length; i++) cube[i] = i * 1.5 - 7;
        float[] image = { 1, 2, 3, 4, 5, 6 };
        try (Hdf5Writer writer = Hdf5Writer.create(file)) {
            writer.attribute("title", "DyScO3 fusion").attribute("lambda", 0.25).attribute("iterations", 300)
                .attribute("weights", new double[] { 1, 0.5, 0.25 });
            writer.writeDataset("fused_Sc", image, 2, 3).attribute("unit", "counts").attribute("scale", 2.5);
            writer.writeDataset("cube", new NdArray(new int[] { 2, 3, 4 }, cube, "<f8"));
            writer.writeDataset("cost", new double[] { 3, 2, 1 });
            writer.writeScalar("gamma", 0.125);
            Hdf5GroupWriter inputs = writer.group("inputs").attribute("source", "EDX");
            inputs.group("maps").writeDataset("Dy", NdArray.of2D(1, 2, new float[] { 7, 8 }));
            image[0] = 99; // the writer copied the data when it was added
        }

        try (Hdf5Reader reader = Hdf5Reader.open(file)) {
            assertEquals(Set.of("/fused_Sc", "/cube", "/cost", "/gamma", "/inputs/maps/Dy"), Set.copyOf(reader.datasetPaths()));
            assertEquals(Set.of("/inputs", "/inputs/maps"), Set.copyOf(reader.groupPaths()));
            assertEquals(Set.of("maps"), Set.copyOf(reader.childNames("/inputs")));

            NdArray fused = reader.readDataset("/fused_Sc");
            assertEquals(NdArray.of2D(2, 3, new float[] { 1, 2, 3, 4, 5, 6 }).data().length, fused.data().length);
            assertArrayEquals(new double[] { 1, 2, 3, 4, 5, 6 }, fused.data());
            assertArrayEquals(new int[] { 2, 3 }, fused.shape());
            assertEquals("float32", fused.dtype());

            NdArray cubeBack = reader.readDataset("cube"); // leading slash is optional
            assertArrayEquals(new int[] { 2, 3, 4 }, cubeBack.shape());
            assertArrayEquals(cube, cubeBack.data());
            assertEquals("float64", cubeBack.dtype());

            assertArrayEquals(new double[] { 3, 2, 1 }, reader.readDataset("/cost").data());
            NdArray gamma = reader.readDataset("/gamma");
            assertEquals(0, gamma.rank());
            assertArrayEquals(new double[] { 0.125 }, gamma.data());
            assertArrayEquals(new double[] { 7, 8 }, reader.readDataset("/inputs/maps/Dy/").data());

            Map<String, Object> root = reader.attributes("/");
            assertEquals("DyScO3 fusion", root.get("title"));
            assertEquals(0.25, root.get("lambda"));
            assertEquals(300, root.get("iterations"));
            assertArrayEquals(new double[] { 1, 0.5, 0.25 }, (double[]) root.get("weights"));
            assertEquals(Map.of("unit", "counts", "scale", 2.5), reader.attributes("/fused_Sc"));
            assertEquals(Map.of("source", "EDX"), reader.attributes("/inputs"));

            assertTrue(reader.exists("/"));
            assertTrue(reader.exists("/inputs/maps"));
            assertTrue(reader.exists("/inputs/maps/Dy"));
            assertFalse(reader.exists("/inputs/nothing"));
            assertFalse(reader.exists("/fused_Sc/below_a_dataset"));
        }
    }

    @Test
    void readsIntegerAndBoolDatasetsWrittenDirectlyWithJhdf() throws IOException {
        Path file = tmp.resolve("ints.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("bytes", new byte[] { -128, 0, 127 });
            hdf.putDataset("shorts", new short[][] { { -1, 2 }, { 3, 32767 } });
            hdf.putDataset("longs", new long[] { Long.MIN_VALUE, 1L << 40 });
            hdf.putDataset("flags", new boolean[] { true, false });
        }
        try (Hdf5Reader reader = Hdf5Reader.open(file)) {
            assertEquals(new NdArray(new int[] { 3 }, new double[] { -128, 0, 127 }, "int8"), reader.readDataset("/bytes"));
            assertEquals(new NdArray(new int[] { 2, 2 }, new double[] { -1, 2, 3, 32767 }, "int16"),
                reader.readDataset("/shorts"));
            assertArrayEquals(new double[] { Long.MIN_VALUE, 1L << 40 }, reader.readDataset("/longs").data());
            assertEquals("int64", reader.readDataset("/longs").dtype());
            assertEquals(new NdArray(new int[] { 2 }, new double[] { 1, 0 }, "bool"), reader.readDataset("/flags"));
        }
    }

    @Test
    void refusesToOverwriteUnlessAsked() throws IOException {
        Path file = tmp.resolve("exists.h5");
        try (Hdf5Writer writer = Hdf5Writer.create(file)) {
            writer.writeDataset("big", new double[10_000]);
        }
        assertThrows(FileAlreadyExistsException.class, () -> Hdf5Writer.create(file));
        assertThrows(FileAlreadyExistsException.class, () -> Hdf5Writer.create(file, false));
        try (Hdf5Writer writer = Hdf5Writer.create(file, true)) {
            writer.writeScalar("small", 1);
        }
        assertTrue(Files.size(file) < 10_000, "old content must be gone");
        try (Hdf5Reader reader = Hdf5Reader.open(file)) {
            assertEquals(List.of("/small"), reader.datasetPaths());
        }
    }

    @Test
    void rejectsInvalidAndDuplicateNames() throws IOException {
        try (Hdf5Writer writer = Hdf5Writer.create(tmp.resolve("names.h5"))) {
            assertThrows(IllegalArgumentException.class, () -> writer.writeScalar("a/b", 1));
            assertThrows(IllegalArgumentException.class, () -> writer.group(" "));
            assertThrows(IllegalArgumentException.class, () -> writer.attribute("", 1));
            writer.writeScalar("x", 1);
            assertThrows(IllegalArgumentException.class, () -> writer.writeScalar("x", 2));
            assertThrows(IllegalArgumentException.class, () -> writer.group("x"));
        }
    }

    @Test
    void rejectsEmptyArraysWhichJhdfCannotWrite() throws IOException {
        try (Hdf5Writer writer = Hdf5Writer.create(tmp.resolve("empty.h5"))) {
            assertThrows(IllegalArgumentException.class, () -> writer.writeDataset("a", new double[0]));
            assertThrows(IllegalArgumentException.class,
                () -> writer.writeDataset("b", new NdArray(new int[] { 0, 3 }, new double[0], "<f4")));
            assertThrows(IllegalArgumentException.class, () -> writer.attribute("c", new double[0]));
            writer.writeScalar("ok", 1);
        }
    }

    @Test
    void missingOrNonNumericDatasetsNameTheFileAndPath() throws IOException {
        Path file = tmp.resolve("mixed.h5");
        try (WritableHdfFile hdf = HdfFile.write(file)) {
            hdf.putDataset("label", new String[] { "HAADF", "Sc" });
            hdf.putGroup("group").putDataset("values", new double[] { 1 });
        }
        try (Hdf5Reader reader = Hdf5Reader.open(file)) {
            FileFormatException missing = assertThrows(FileFormatException.class, () -> reader.readDataset("/nope"));
            assertEquals("mixed.h5: no dataset at '/nope'", missing.getMessage());
            FileFormatException group = assertThrows(FileFormatException.class, () -> reader.readDataset("/group"));
            assertTrue(group.getMessage().endsWith("no dataset at '/group'"), group.getMessage());
            FileFormatException text = assertThrows(FileFormatException.class, () -> reader.readDataset("/label"));
            assertTrue(text.getMessage().startsWith("mixed.h5: dataset '/label' is not numeric"), text.getMessage());
            assertThrows(FileFormatException.class, () -> reader.attributes("/nope"));
            assertThrows(FileFormatException.class, () -> reader.childNames("/label"));
        }
    }

    @Test
    void rejectsFilesThatAreNotHdf5() throws IOException {
        Path text = Files.writeString(tmp.resolve("notes.h5"), "just some text, long enough to be checked ".repeat(50));
        FileFormatException e = assertThrows(FileFormatException.class, () -> Hdf5Reader.open(text));
        assertTrue(e.getMessage().startsWith("notes.h5: not a readable HDF5 file"), e.getMessage());
        Path empty = Files.write(tmp.resolve("empty.h5"), new byte[0]);
        assertThrows(FileFormatException.class, () -> Hdf5Reader.open(empty));
        assertThrows(NoSuchFileException.class, () -> Hdf5Reader.open(tmp.resolve("absent.h5")));
    }

    @Test
    void rejectsTruncatedFilesWhenOpening() throws IOException {
        Path file = tmp.resolve("whole.h5");
        try (Hdf5Writer writer = Hdf5Writer.create(file)) {
            writer.writeDataset("data", new double[1000]);
        }
        byte[] bytes = Files.readAllBytes(file);
        Path cut = Files.write(tmp.resolve("cut.h5"), java.util.Arrays.copyOf(bytes, bytes.length / 2));
        FileFormatException e = assertThrows(FileFormatException.class, () -> Hdf5Reader.open(cut));
        assertTrue(e.getMessage().startsWith("cut.h5: file truncated: the HDF5 superblock records " + bytes.length),
            e.getMessage());
    }

    @Test
    void corruptStructureIsReportedNotThrownAsRuntimeException() throws IOException {
        Path file = tmp.resolve("whole.h5");
        try (Hdf5Writer writer = Hdf5Writer.create(file)) {
            writer.group("g").writeDataset("data", new double[] { 1, 2, 3 });
        }
        byte[] bytes = Files.readAllBytes(file);
        // keep the superblock (first 48 bytes) but scramble the object headers after it
        for (int i = 48; i < bytes.length - 100; i++) bytes[i] = (byte) (i * 31);
        Path corrupt = Files.write(tmp.resolve("corrupt.h5"), bytes);
        FileFormatException e = assertThrows(FileFormatException.class, () -> {
            try (Hdf5Reader reader = Hdf5Reader.open(corrupt)) {
                for (String path : reader.datasetPaths()) reader.readDataset(path);
            }
        });
        assertTrue(e.getMessage().startsWith("corrupt.h5: "), e.getMessage());
    }
}
