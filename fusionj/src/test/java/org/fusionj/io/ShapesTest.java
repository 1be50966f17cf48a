package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ShapesTest {

    @Test
    void formatsLikePythonTuples() {
        assertEquals("()", Shapes.format(new int[0]));
        assertEquals("(30,)", Shapes.format(new int[] { 30 }));
        assertEquals("(256, 256)", Shapes.format(new int[] { 256, 256 }));
    }

    @Test
    void fortranToCTransposesA2DMatrix() {
        // the 2x3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column
        double[] fortran = { 1, 4, 2, 5, 3, 6 };
        assertArrayEquals(new double[] { 1, 2, 3, 4, 5, 6 }, Shapes.fortranToC(fortran, new int[] { 2, 3 }));
    }

    @Test
    void elementCountReportsOverflow() {
        assertEquals(-1, Shapes.elementCount(new int[] { Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE }));
        FileFormatException e = assertThrows(FileFormatException.class,
            () -> Shapes.arrayLength(new int[] { 100_000, 100_000 }, "big.npy"));
        assertEquals("big.npy: shape (100000, 100000) has 10000000000 elements, more than a Java array can hold ("
            + Shapes.MAX_ARRAY_LENGTH + ")", e.getMessage());
    }
}
