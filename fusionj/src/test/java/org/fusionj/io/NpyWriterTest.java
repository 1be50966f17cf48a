package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {

    @TempDir
    Path tmp;

    @Test
    void float32OutputIsByteIdenticalToNumpy() throws IOException {
        float[] values = new float[12];
        for (int i = 0; i < values.length; i++) values[i] = 0.5f * i;
        Path file = tmp.resolve("f32.npy");
        NpyWriter.writeFloat32(file, new int[] { 3, 4 }, values);
        assertArrayEquals(Fixtures.bytes("f32_c.npy"), Files.readAllBytes(file));
    }

    @Test
    void scalarAndEmptyOutputIsByteIdenticalToNumpy() throws IOException {
        ByteArrayOutputStream scalar = new ByteArrayOutputStream();
        NpyWriter.writeFloat64(scalar, new int[0], new double[] { 3.25 });
        assertArrayEquals(Fixtures.bytes("scalar_0d.npy"), scalar.toByteArray());
        ByteArrayOutputStream empty = new ByteArrayOutputStream();
        NpyWriter.writeFloat32(empty, new int[] { 0 }, new float[0]);
        assertArrayEquals(Fixtures.bytes("empty.npy"), empty.toByteArray());
    }

    @Test
    void float64RoundTripsThroughTheReader() throws IOException {
        double[] values = { Math.PI, -0.0, Double.MAX_VALUE, Double.MIN_VALUE, Double.NaN, 1e-300 };
        Path file = tmp.resolve("f64.npy");
        NpyWriter.writeFloat64(file, new int[] { 1, 2, 3 }, values);
        NdArray back = NpyReader.read(file);
        assertArrayEquals(new int[] { 1, 2, 3 }, back.shape());
        assertEquals("<f8", back.dtype());
        assertArrayEquals(values, back.data());
    }

    @Test
    void dataStartsOnA64ByteBoundaryForEveryShape() {
        int[][] shapes = { {}, { 7 }, { 1234567 }, { 2, 3, 4, 5, 6 }, { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 } };
        for (int[] shape : shapes) {
            byte[] header = NpyWriter.header("<f4", shape);
            assertEquals(0, header.length % 64, Arrays.toString(shape));
            assertEquals('\n', header[header.length - 1]);
        }
    }

    @Test
    void switchesToVersion2WhenTheHeaderOutgrowsVersion1() throws IOException {
        int[] shape = new int[30_000]; // a rank this high is absurd, but it is the only way to need version 2.0
        Arrays.fill(shape, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        NpyWriter.writeFloat32(out, shape, new float[] { 42 });
        byte[] bytes = out.toByteArray();
        assertEquals(2, bytes[6]);
        NdArray back = NpyReader.read(new ByteArrayInputStream(bytes), "v2");
        assertEquals(30_000, back.rank());
        assertArrayEquals(new double[] { 42 }, back.data());
    }

    @Test
    void writeNdArrayKeepsSinglePrecisionOnlyForFloat32() throws IOException {
        Path f4 = tmp.resolve("a.npy");
        NpyWriter.write(f4, NdArray.of2D(1, 2, new float[] { 1.5f, 2.5f }));
        assertEquals("<f4", NpyReader.read(f4).dtype());
        Path f8 = tmp.resolve("b.npy");
        NpyWriter.write(f8, new NdArray(new int[] { 2 }, new double[] { -32768, 16777217 }, "<i4"));
        NdArray back = NpyReader.read(f8);
        assertEquals("<f8", back.dtype());
        assertArrayEquals(new double[] { -32768, 16777217 }, back.data());
    }

    @Test
    void rejectsShapeThatDoesNotMatchTheData() {
        assertThrows(IllegalArgumentException.class,
            () -> NpyWriter.writeFloat32(new ByteArrayOutputStream(), new int[] { 2, 2 }, new float[3]));
    }
}
