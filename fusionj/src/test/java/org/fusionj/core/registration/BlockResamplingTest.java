package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.junit.jupiter.api.Test;

/** Blocks resampled from windows tile the whole resampling bit for bit; downsampling while reading. */
class BlockResamplingTest {

    private static Volume noise(int nx, int ny, int nz, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[nx * ny * nz];
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
        }
        return new Volume(nx, ny, nz, d);
    }

    private static AffineTransform3D motion(Volume v) {
        return AffineTransform3D.translation(1.37, -2.11, 0.73)
                .after(AffineTransform3D.rotationAbout(v.centre(), new double[] {0.2, 1, 0.4}, 7))
                .after(AffineTransform3D.linearAbout(v.centre(), new double[] {1.03, 0.02, 0, 0, 0.98, 0.01, 0, 0,
                    1.01}));
    }

    @Test
    void blocksFromWindowsTileTheWholeResamplingBitForBit() {
        Volume moving = noise(37, 29, 23, 1);
        int fx = 33;
        int fy = 31;
        int fz = 21;
        AffineTransform3D t = motion(moving);
        LargeVolume large = LargeVolume.of(moving);
        for (Interpolation interp : Interpolation.values()) {
            try (RowBlocks blocks = new RowBlocks(2); RowBlocks one = new RowBlocks(1)) {
                Volume whole = Resampler.resample(moving, fx, fy, fz, t, interp, blocks);
                float[] tiled = new float[fx * fy * fz];
                int b = 8;
                for (int z0 = 0; z0 < fz; z0 += b) {
                    for (int y0 = 0; y0 < fy; y0 += b) {
                        for (int x0 = 0; x0 < fx; x0 += b) {
                            Box3D box = new Box3D(x0, y0, z0, Math.min(b, fx - x0), Math.min(b, fy - y0),
                                    Math.min(b, fz - z0));
                            Box3D foot = Resampler.footprint(box, t, interp, moving.nx(), moving.ny(), moving.nz());
                            Volume block = Resampler.resampleBlock(large.window(foot), box, t, interp, one);
                            for (int z = 0; z < box.nz(); z++) {
                                for (int y = 0; y < box.ny(); y++) {
                                    System.arraycopy(block.data(), box.nx() * (y + box.ny() * z), tiled,
                                            box.x0() + fx * (box.y0() + y + fy * (box.z0() + z)), box.nx());
                                }
                            }
                        }
                    }
                }
                assertArrayEquals(whole.data(), tiled, interp.key());
            }
        }
    }

    @Test
    void aBlockMappedOutsideTheMovingVolumeHasNoFootprintAndResamplesToZeros() {
        Box3D box = new Box3D(0, 0, 0, 4, 4, 4);
        AffineTransform3D far = AffineTransform3D.translation(100, 0, 0);
        assertNull(Resampler.footprint(box, far, Interpolation.CUBIC, 20, 20, 20));
        try (RowBlocks one = new RowBlocks(1)) {
            Volume v = Resampler.resampleBlock(null, box, far, Interpolation.TRILINEAR, one);
            assertArrayEquals(new float[64], v.data());
        }
    }

    @Test
    void downsamplingWhileReadingAveragesBlocksAndDropsTheIncompleteLast() {
        Volume v = noise(11, 9, 10, 2);
        int[] slabReads = new int[1];
        LargeVolume counted = new LargeVolume() {
            @Override
            public int nx() {
                return v.nx();
            }

            @Override
            public int ny() {
                return v.ny();
            }

            @Override
            public int nz() {
                return v.nz();
            }

            @Override
            public Volume read(Box3D box) {
                slabReads[0]++;
                assertEquals(3, box.nz(), "reads one slab of f slices at a time");
                return LargeVolume.crop(v, box);
            }
        };
        Volume d = Downsampling.blockAverage(counted, 3, CancellationToken.NEVER);
        assertEquals(3, d.nx());
        assertEquals(3, d.ny());
        assertEquals(3, d.nz());
        assertEquals(3, slabReads[0]);
        for (int z = 0; z < 3; z++) {
            for (int y = 0; y < 3; y++) {
                for (int x = 0; x < 3; x++) {
                    double s = 0;
                    for (int k = 0; k < 3; k++) {
                        for (int j = 0; j < 3; j++) {
                            for (int i = 0; i < 3; i++) {
                                s += v.get(3 * x + i, 3 * y + j, 3 * z + k);
                            }
                        }
                    }
                    assertEquals((float) (s / 27), d.get(x, y, z), 0, "voxel " + x + "," + y + "," + z);
                }
            }
        }
        assertThrows(InvalidInputException.class, () -> Downsampling.blockAverage(LargeVolume.of(v), 12,
                CancellationToken.NEVER));
    }

    @Test
    void transformsCarryBetweenTheDownsampledAndTheFullGrids() {
        Volume v = noise(16, 16, 16, 3);
        AffineTransform3D t = motion(v);
        AffineTransform3D back = Downsampling.toFullResolution(Downsampling.toDownsampled(t, 4), 4);
        assertEquals(0, t.maxDistanceOnBox(back, 64, 64, 64), 1e-9);
        // a coarse shift of one voxel is a shift of f voxels at full resolution
        AffineTransform3D full = Downsampling.toFullResolution(AffineTransform3D.translation(1, 0, 0), 4);
        assertArrayEquals(new double[] {4, 0, 0}, full.apply(0, 0, 0), 1e-12);
    }
}
