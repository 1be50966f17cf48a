package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzWriterTest {

    @TempDir
    Path tmp;

    @Test
    void roundTripsArraysInOrderWithFloat32KeptOnlyWhereDeclared() throws IOException {
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("Sc", NdArray.of2D(2, 2, new float[] { 1.25f, 2, 3, 4 }));
        arrays.put("HAADF", new NdArray(new int[] { 1, 3 }, new double[] { Math.PI, Math.E, -1e-200 }, "<f8"));
        arrays.put("counts", new NdArray(new int[] { 2 }, new double[] { 65535, 0 }, "<u2"));
        arrays.put("scalar", new NdArray(new int[0], new double[] { 7 }, ">f8"));
        Path file = tmp.resolve("out.npz");
        NpzWriter.write(file, arrays);

        Map<String, NdArray> back = NpzReader.read(file);
        assertEquals(List.of("Sc", "HAADF", "counts", "scalar"), List.copyOf(back.keySet()));
        assertEquals(arrays.get("Sc"), back.get("Sc"));
        assertEquals(arrays.get("HAADF"), back.get("HAADF"));
        assertEquals("<f8", back.get("counts").dtype());
        assertArrayEquals(new double[] { 65535, 0 }, back.get("counts").data());
        assertEquals(0, back.get("scalar").rank());
        assertEquals("<f8", back.get("scalar").dtype());
    }

    @Test
    void rejectsEmptyKeys() {
        assertThrows(IllegalArgumentException.class,
            () -> NpzWriter.write(tmp.resolve("bad.npz"), Map.of("", NdArray.of1D(new double[1]))));
    }
}
