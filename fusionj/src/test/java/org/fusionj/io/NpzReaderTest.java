package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known-answer tests against archives written by numpy.savez and numpy.savez_compressed. */
class NpzReaderTest {

    private static final Path REFERENCE = Path.of("/work/shared/reference/fusion/DyScO3/DyScO3_HAADF_EDX.npz");

    @TempDir
    Path tmp;

    @Test
    void readsStoredArchive() throws IOException {
        assertFixtureContents(NpzReader.read(Fixtures.path("stored.npz")));
    }

    @Test
    void readsCompressedArchive() throws IOException {
        assertFixtureContents(NpzReader.read(Fixtures.path("compressed.npz")));
    }

    private static void assertFixtureContents(Map<String, NdArray> arrays) {
        assertEquals(List.of("zeta", "alpha", "mid"), List.copyOf(arrays.keySet()));
        NdArray zeta = arrays.get("zeta");
        assertArrayEquals(new int[] { 2, 3 }, zeta.shape());
        assertArrayEquals(new double[] { 0, 1, 2, 3, 4, 5 }, zeta.data());
        assertEquals("<f8", zeta.dtype());
        assertEquals(new NdArray(new int[] { 3 }, new double[] { 1, 2, 3 }, "<f4"), arrays.get("alpha"));
        assertEquals(new NdArray(new int[] { 1, 2 }, new double[] { 1, 0 }, "|b1"), arrays.get("mid"));
    }

    @Test
    void readsOneArrayByKeyWithOrWithoutSuffix() throws IOException {
        for (String key : List.of("alpha", "alpha.npy")) {
            assertArrayEquals(new double[] { 1, 2, 3 }, NpzReader.read(Fixtures.path("compressed.npz"), key).data());
        }
    }

    @Test
    void missingKeyListsTheAvailableKeys() {
        FileFormatException e = assertThrows(FileFormatException.class,
            () -> NpzReader.read(Fixtures.path("stored.npz"), "beta"));
        assertEquals("stored.npz: no array 'beta'; available keys: [zeta, alpha, mid]", e.getMessage());
    }

    @Test
    void rejectsAFileThatIsNotAZipArchive() throws IOException {
        Path file = Files.write(tmp.resolve("plain.npz"), Fixtures.bytes("f32_c.npy"));
        FileFormatException e = assertThrows(FileFormatException.class, () -> NpzReader.read(file));
        assertTrue(e.getMessage().startsWith("plain.npz: not a valid NPZ (zip) archive"), e.getMessage());
        Path empty = Files.write(tmp.resolve("empty.npz"), new byte[0]);
        assertThrows(FileFormatException.class, () -> NpzReader.read(empty, "x"));
    }

    @Test
    void rejectsATruncatedArchive() throws IOException {
        byte[] full = Fixtures.bytes("compressed.npz");
        Path file = Files.write(tmp.resolve("cut.npz"), Arrays.copyOf(full, full.length / 2));
        FileFormatException e = assertThrows(FileFormatException.class, () -> NpzReader.read(file));
        assertTrue(e.getMessage().startsWith("cut.npz: "), e.getMessage());
    }

    @Test
    void rejectsCorruptDeflateData() throws IOException {
        byte[] bytes = Fixtures.bytes("compressed.npz");
        // the first local header is 30 bytes plus name and extra field; its deflate stream follows
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int dataStart = 30 + header.getShort(26) + header.getShort(28);
        // a zero byte starts a "stored" deflate block whose length check (LEN vs ~LEN) must then fail
        Arrays.fill(bytes, dataStart, dataStart + 8, (byte) 0xFF);
        bytes[dataStart] = 0;
        Path file = Files.write(tmp.resolve("corrupt.npz"), bytes);
        FileFormatException e = assertThrows(FileFormatException.class, () -> NpzReader.read(file));
        assertTrue(e.getMessage().startsWith("corrupt.npz:zeta.npy: corrupt zip entry"), e.getMessage());
    }

    @Test
    void readsTheDyScO3ReferenceArchive() throws IOException {
        Assumptions.assumeTrue(Files.isRegularFile(REFERENCE), "reference data not available");
        Map<String, NdArray> arrays = NpzReader.read(REFERENCE);
        assertTrue(arrays.keySet().containsAll(List.of("HAADF", "Sc", "Dy", "O")), arrays.keySet().toString());
        for (String key : List.of("HAADF", "Sc", "Dy", "O")) {
            NdArray array = arrays.get(key);
            assertEquals(256, array.rows(), key);
            assertEquals(256, array.cols(), key);
            assertEquals("<f8", array.dtype(), key);
            assertTrue(Arrays.stream(array.data()).allMatch(Double::isFinite), key);
        }
        assertEquals(arrays.get("Sc"), NpzReader.read(REFERENCE, "Sc"));
    }
}
