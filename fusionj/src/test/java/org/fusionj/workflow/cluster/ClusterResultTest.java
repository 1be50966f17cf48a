package org.fusionj.workflow.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.io.ZarrArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Open Cluster Result's reader: a map of maps.zarr as a virtual stack equal slice by slice to the array (raw and
 * zlib chunks, chunks that do not divide the shape, unwritten chunks as the fill value), calibrated from the
 * group's attributes, reading nothing but metadata until a slice is asked for; clear refusals.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ClusterResultTest {

    private static final int NZ = 5;
    private static final int NY = 9;
    private static final int NX = 11;

    @TempDir
    Path tmp;

    private static float[] values(int seed) {
        float[] v = new float[NZ * NY * NX];
        for (int i = 0; i < v.length; i++) {
            v[i] = i % 17 == seed ? Float.NaN : 6500 + (i * 31 + seed) % 97 * 0.5f;
        }
        return v;
    }

    private Path results(ZarrArray.Compression c) throws Exception {
        Path results = tmp.resolve("results-" + c);
        Path maps = results.resolve("maps.zarr");
        ZarrArray.createGroup(maps, Map.of("voxel_size", List.of(20.0, 22.0, 25.0), "unit", "nm"));
        ZarrArray.create(maps.resolve("half_height"), new long[] {NZ, NY, NX}, new int[] {2, 4, 4}, c, Float.NaN,
                Map.of(), true).writeAligned(new long[3], new int[] {NZ, NY, NX}, values(3));
        ZarrArray.create(maps.resolve("mask"), new long[] {NZ, NY, NX}, new int[] {2, 4, 4}, c, 0, Map.of(), true)
                .writeAligned(new long[3], new int[] {NZ, NY, NX}, values(5));
        // written only in its first chunk: the rest reads as the fill value
        ZarrArray.create(maps.resolve("particles"), new long[] {NZ, NY, NX}, new int[] {2, 4, 4}, c, 0, Map.of(),
                true).writeChunk(new long[3], new float[2 * 4 * 4]);
        return results;
    }

    @Test
    void aMapOpensAsACalibratedVirtualStackEqualToTheArray() throws Exception {
        for (ZarrArray.Compression c : ZarrArray.Compression.values()) {
            Path results = results(c);
            assertEquals(List.of("half_height", "mask", "particles"), ClusterResult.maps(results));
            for (Path where : List.of(results, results.resolve("maps.zarr"), results.resolve("maps.zarr/mask"))) {
                ImagePlus imp = ClusterResult.open(where, "mask");
                assertTrue(imp.getStack().isVirtual());
                assertEquals(NZ, imp.getStackSize());
                assertEquals(32, imp.getBitDepth());
                float[] expected = values(5);
                for (int z = 0; z < NZ; z++) {
                    float[] slice = (float[]) imp.getStack().getProcessor(z + 1).getPixels();
                    float[] want = java.util.Arrays.copyOfRange(expected, z * NY * NX, (z + 1) * NY * NX);
                    assertArrayEquals(want, slice, c + " slice " + z);
                }
            }
            ImagePlus hh = ClusterResult.open(results, "");
            assertEquals("half_height", hh.getTitle(), "the default map");
            assertEquals(20.0, hh.getCalibration().pixelWidth);
            assertEquals(22.0, hh.getCalibration().pixelHeight);
            assertEquals(25.0, hh.getCalibration().pixelDepth);
            assertEquals("nm", hh.getCalibration().getUnit());
            float[] p = (float[]) ClusterResult.open(results, "particles").getStack().getProcessor(NZ).getPixels();
            assertTrue(java.util.Arrays.equals(p, new float[NY * NX]), "unwritten chunks read as the fill value");
        }
    }

    @Test
    void nothingButMetadataIsReadUntilASliceIsShown() throws Exception {
        Path results = results(ZarrArray.Compression.RAW);
        Path chunk = results.resolve("maps.zarr/half_height/2.0.0");
        assertTrue(Files.exists(chunk));
        Files.write(chunk, new byte[3]);
        ImagePlus imp = ClusterResult.open(results, "half_height");
        imp.getStack().getProcessor(1);
        RuntimeException e = assertThrows(RuntimeException.class, () -> imp.getStack().getProcessor(5));
        assertTrue(e.getMessage().contains("slice 5") && e.getMessage().contains("2.0.0"), e.getMessage());
    }

    @Test
    void badLocationsAndUnfinishedRunsAreRefusedWithTheReason() throws Exception {
        Path results = results(ZarrArray.Compression.RAW);
        InvalidInputException map = assertThrows(InvalidInputException.class,
                () -> ClusterResult.open(results, "edge_jump"));
        assertTrue(map.getMessage().contains("half_height, mask, particles"), map.getMessage());
        Path running = Files.createDirectories(tmp.resolve("running/.fusionj-run-abc/maps.zarr"));
        InvalidInputException unfinished = assertThrows(InvalidInputException.class,
                () -> ClusterResult.open(running.getParent().getParent(), ""));
        assertTrue(unfinished.getMessage().contains("has not finished"), unfinished.getMessage());
        InvalidInputException missing = assertThrows(InvalidInputException.class,
                () -> ClusterResult.open(tmp.resolve("nowhere"), ""));
        assertTrue(missing.getMessage().contains("does not exist"), missing.getMessage());
    }
}
