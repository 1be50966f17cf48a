package org.fusionj.core.segment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fusionj.core.parallel.RowBlocks;
import org.junit.jupiter.api.Test;

class VolumeFiltersTest {

    @Test
    void medianRemovesIsolatedSaltAndPepperAndKeepsAFlatEdge() {
        int n = 8;
        float[] v = new float[n * n * n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i % n) < 4 ? 0 : 1;
        }
        float[] clean = v.clone();
        v[2 + n * (3 + n * 3)] = 9;
        v[6 + n * (4 + n * 5)] = -9;
        try (RowBlocks b = new RowBlocks(2)) {
            assertArrayEquals(clean, MedianFilter3D.filter(v, n, n, n, b));
        }
    }

    @Test
    void selectFindsTheKthSmallest() {
        float[] a = {5, 1, 4, 2, 3};
        assertEquals(3f, MedianFilter3D.select(a, 5, 2));
    }

    @Test
    void dilationGrowsByACubeOfTheRadius() {
        int n = 9;
        byte[] m = new byte[n * n * n];
        m[4 + n * (4 + n * 4)] = 1;
        byte[] d = BinaryDilation3D.dilate(m, n, n, n, 2);
        int count = 0;
        for (byte b : d) {
            count += b;
        }
        assertEquals(125, count);
        assertEquals(1, d[2 + n * (6 + n * 2)]);
        assertEquals(0, d[1 + n * (4 + n * 4)]);
    }
}
