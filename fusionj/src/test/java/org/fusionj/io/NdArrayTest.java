package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NdArrayTest {

    @Test
    void of2DKeepsRowMajorValuesAndReportsDimensions() {
        NdArray array = NdArray.of2D(2, 3, new float[] { 1, 2, 3, 4, 5, 6.5f });
        assertEquals(2, array.rows());
        assertEquals(3, array.cols());
        assertEquals(2, array.rank());
        assertEquals(6L, array.size());
        assertEquals("<f4", array.dtype());
        assertArrayEquals(new float[] { 1, 2, 3, 4, 5, 6.5f }, array.toFloats());
        assertEquals(6.5, array.data()[5]);
    }

    @Test
    void of1DWrapsDoubles() {
        NdArray array = NdArray.of1D(new double[] { 0.1, 0.2 });
        assertArrayEquals(new int[] { 2 }, array.shape());
        assertEquals("<f8", array.dtype());
        assertEquals(1, array.rank());
    }

    @Test
    void scalarHasRankZeroAndOneElement() {
        NdArray scalar = new NdArray(new int[0], new double[] { 4 }, "<f8");
        assertEquals(0, scalar.rank());
        assertEquals(1L, scalar.size());
    }

    @Test
    void rejectsShapeThatDoesNotMatchData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new NdArray(new int[] { 2, 3 }, new double[5], "<f8"));
        assertTrue(e.getMessage().contains("(2, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NdArray(new int[] { -1 }, new double[0], "<f8"));
        assertThrows(IllegalArgumentException.class, () -> new NdArray(new int[0], new double[0], "<f8"));
    }

    @Test
    void rowsAndColsNeedTwoDimensions() {
        NdArray cube = new NdArray(new int[] { 2, 2, 2 }, new double[8], "<f8");
        IllegalStateException e = assertThrows(IllegalStateException.class, cube::rows);
        assertEquals("rows() needs a 2-D array, but this array has shape (2, 2, 2)", e.getMessage());
        assertThrows(IllegalStateException.class, NdArray.of1D(new double[3])::cols);
    }

    @Test
    void equalityComparesContents() {
        NdArray a = NdArray.of1D(new double[] { 1, 2 });
        assertEquals(a, NdArray.of1D(new double[] { 1, 2 }));
        assertEquals(a.hashCode(), NdArray.of1D(new double[] { 1, 2 }).hashCode());
        assertNotEquals(a, NdArray.of1D(new double[] { 1, 3 }));
        assertNotEquals(a, new NdArray(new int[] { 2 }, new double[] { 1, 2 }, "<f4"));
        assertEquals("NdArray[shape=(2,), dtype=<f8]", a.toString());
    }
}
