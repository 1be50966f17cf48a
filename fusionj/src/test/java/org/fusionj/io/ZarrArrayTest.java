package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hand-written Zarr v2 float32 arrays: chunk files, aligned writes by many writers, boxes, zlib, refusals. */
class ZarrArrayTest {

    @TempDir
    Path tmp;

    private static float[] random(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return v;
    }

    @Test
    void alignedBlocksWrittenSeparatelyReadBackAsOneArrayAnyBox() throws Exception {
        for (ZarrArray.Compression c : ZarrArray.Compression.values()) {
            Path dir = tmp.resolve("a-" + c);
            long[] shape = {3, 11, 13};
            ZarrArray a = ZarrArray.create(dir, shape, new int[] {2, 4, 5}, c, Float.NaN,
                    Map.of("unit", "nm", "voxel_size", new double[] {1, 2, 3}), false);
            float[] all = random(3 * 11 * 13, 4);
            // two writers: z rows [0, 2) and [2, 3), each a whole number of chunks
            for (int[] part : new int[][] {{0, 2}, {2, 1}}) {
                float[] v = new float[part[1] * 11 * 13];
                System.arraycopy(all, part[0] * 143, v, 0, v.length);
                a.writeAligned(new long[] {part[0], 0, 0}, new int[] {part[1], 11, 13}, v);
            }
            ZarrArray b = ZarrArray.open(dir);
            assertEquals(c, b.compression());
            assertTrue(Float.isNaN(b.fillValue()));
            assertArrayEquals(all, b.read(new long[] {0, 0, 0}, new int[] {3, 11, 13}));
            float[] box = b.read(new long[] {1, 3, 4}, new int[] {2, 5, 7});
            for (int z = 0; z < 2; z++) {
                for (int y = 0; y < 5; y++) {
                    for (int x = 0; x < 7; x++) {
                        assertEquals(all[(x + 4) + 13 * ((y + 3) + 11 * (z + 1))], box[x + 7 * (y + 5 * z)]);
                    }
                }
            }
            // outside the array: the fill value
            assertTrue(Float.isNaN(b.read(new long[] {2, 10, 12}, new int[] {1, 2, 2})[3]));
            assertTrue(Files.exists(dir.resolve("1.2.2")), "chunk files are named by their indices");
        }
        String meta = Files.readString(tmp.resolve("a-RAW/.zarray"), StandardCharsets.UTF_8);
        assertTrue(meta.contains("\"dtype\": \"<f4\"") && meta.contains("\"compressor\": null")
                && meta.contains("\"fill_value\": \"NaN\""), meta);
        assertTrue(Files.readString(tmp.resolve("a-ZLIB/.zarray")).contains("\"id\": \"zlib\""));
        // raw chunks are the little-endian floats, full chunk size
        assertEquals(4L * 2 * 4 * 5, Files.size(tmp.resolve("a-RAW/1.2.2")));
    }

    @Test
    void unwrittenChunksReadAsTheFillValueAndUnalignedWritesAndOtherFormatsAreRefused() throws Exception {
        ZarrArray a = ZarrArray.create(tmp.resolve("b"), new long[] {8, 8}, new int[] {4, 4},
                ZarrArray.Compression.RAW, 0, Map.of(), false);
        assertArrayEquals(new float[4], a.read(new long[] {5, 5}, new int[] {2, 2}));
        assertThrows(IllegalArgumentException.class, () -> a.writeAligned(new long[] {2, 0}, new int[] {4, 4},
                new float[16]));
        assertThrows(FileAlreadyExistsException.class, () -> ZarrArray.create(tmp.resolve("b"), new long[] {8, 8},
                new int[] {4, 4}, ZarrArray.Compression.RAW, 0, Map.of(), false));
        Files.writeString(tmp.resolve("b/.zarray"), Files.readString(tmp.resolve("b/.zarray")).replace("<f4", "<u2"));
        FileFormatException e = assertThrows(FileFormatException.class, () -> ZarrArray.open(tmp.resolve("b")));
        assertTrue(e.getMessage().contains("<u2"), e.getMessage());
        assertThrows(FileFormatException.class, () -> ZarrArray.open(tmp.resolve("nothing")));
    }

    @Test
    void hdf5BoxesReadOnlyTheBox() throws Exception {
        Path file = tmp.resolve("s.h5");
        float[] all = random(2 * 5 * 6 * 7, 9);
        double[] d = new double[all.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = all[i];
        }
        try (Hdf5Writer w = Hdf5Writer.create(file)) {
            w.writeDataset("series", new NdArray(new int[] {2, 5, 6, 7}, d, "<f4"));
        }
        try (Hdf5Reader r = Hdf5Reader.open(file)) {
            assertArrayEquals(new int[] {2, 5, 6, 7}, r.datasetShape("/series"));
            float[] box = r.readFloatBox("/series", new long[] {1, 2, 1, 3}, new int[] {1, 2, 3, 4});
            for (int z = 0; z < 2; z++) {
                for (int y = 0; y < 3; y++) {
                    for (int x = 0; x < 4; x++) {
                        assertEquals(all[(x + 3) + 7 * ((y + 1) + 6 * ((z + 2) + 5))], box[x + 4 * (y + 3 * z)]);
                    }
                }
            }
            assertThrows(FileFormatException.class, () -> r.readFloatBox("/series", new long[] {0, 0, 0, 5},
                    new int[] {1, 1, 1, 3}));
        }
    }
}
