package org.fusionj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.fusionj.io.ZarrArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files through Hadoop's FileSystem API (file: URIs, no Spark needed) and through java.nio (paths) behave alike:
 * whole writes that replace, missing files read as null, listing, deleting, no checksum or temporary files left;
 * a Zarr array written through one is read through the other.
 */
class LocationTest {

    @TempDir
    Path tmp;

    @Test
    void hadoopAndLocalLocationsWriteReadListAndDeleteAlike() throws Exception {
        for (Location dir : List.of(Location.of(tmp.resolve("local")), Location.of(tmp.resolve("hadoop").toUri()
                .toString()))) {
            assertEquals(!dir.toString().startsWith("file:"), dir.isLocal(), dir.toString());
            assertFalse(dir.exists());
            assertNull(dir.resolve("a.txt").read());
            dir.resolve("sub/a.txt").write("first");
            dir.resolve("sub/a.txt").write("second, longer");
            assertEquals("second, longer", dir.resolve("sub/a.txt").readString());
            assertTrue(dir.resolve("sub/a.txt").isFile());
            assertEquals(List.of("a.txt"), dir.resolve("sub").list());
            dir.deleteTree();
            assertFalse(dir.exists());
        }
        // a Zarr array written through Hadoop is the same files as one written locally
        Location viaHadoop = Location.of(tmp.resolve("z-hadoop").toUri().toString());
        float[] values = new float[6 * 5 * 4];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 3;
        }
        for (Location where : List.of(Location.of(tmp.resolve("z-local")), viaHadoop)) {
            ZarrArray a = ZarrArray.create(where.zarr(), new long[] {6, 5, 4}, new int[] {4, 4, 4},
                    ZarrArray.Compression.ZLIB, Float.NaN, java.util.Map.of("unit", "nm"), false);
            a.writeAligned(new long[3], new int[] {6, 5, 4}, values);
        }
        assertArrayEquals(values, ZarrArray.open(tmp.resolve("z-hadoop")).read(new long[3], new int[] {6, 5, 4}));
        List<String> local;
        List<String> hadoop;
        try (var s = Files.list(tmp.resolve("z-local"))) {
            local = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        try (var s = Files.list(tmp.resolve("z-hadoop"))) {
            hadoop = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(local, hadoop, "the same files: no .crc, no temporary names");
        for (String f : local) {
            assertArrayEquals(Files.readAllBytes(tmp.resolve("z-local").resolve(f)),
                    Files.readAllBytes(tmp.resolve("z-hadoop").resolve(f)), f);
        }
    }
}
