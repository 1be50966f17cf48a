package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.fusionj.core.parallel.RowBlocks;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static Volume wave(int n, double shift) {
        float[] d = new float[n * n * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    d[x + n * (y + n * z)] = (float) (Math.sin(0.4 * (x + shift)) * Math.cos(0.3 * y) + 0.1 * z);
                }
            }
        }
        return new Volume(n, n, n, d);
    }

    private static double interiorRms(Volume a, Volume b) {
        int n = a.nx();
        double s = 0;
        int count = 0;
        for (int z = 3; z < n - 3; z++) {
            for (int y = 3; y < n - 3; y++) {
                for (int x = 3; x < n - 3; x++) {
                    double e = a.get(x, y, z) - b.get(x, y, z);
                    s += e * e;
                    count++;
                }
            }
        }
        return Math.sqrt(s / count);
    }

    @Test
    void integerShiftsAreExactAndCubicBeatsLinearBetweenVoxels() {
        int n = 20;
        Volume v = wave(n, 0);
        try (RowBlocks blocks = new RowBlocks(2)) {
            Volume shifted = Resampler.resample(v, n, n, n, AffineTransform3D.translation(1, 0, 0),
                    Interpolation.CUBIC, blocks);
            assertEquals(0, interiorRms(shifted, wave(n, 1)), 1e-6);
            AffineTransform3D half = AffineTransform3D.translation(0.5, 0, 0);
            double linear = interiorRms(Resampler.resample(v, n, n, n, half, Interpolation.TRILINEAR, blocks),
                    wave(n, 0.5));
            double cubic = interiorRms(Resampler.resample(v, n, n, n, half, Interpolation.CUBIC, blocks),
                    wave(n, 0.5));
            assertTrue(cubic < linear / 3, "cubic " + cubic + " vs linear " + linear);
            // the per-voxel field gives the same result as one transform
            Volume field = Resampler.resample(v, n, n, n, i -> half, Interpolation.TRILINEAR, blocks);
            assertEquals(0, interiorRms(field, Resampler.resample(v, n, n, n, half, Interpolation.TRILINEAR,
                    blocks)), 1e-6);
        }
    }
}
