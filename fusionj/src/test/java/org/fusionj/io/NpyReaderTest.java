package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Known-answer tests against files written by numpy (see make_fixtures.py). */
class NpyReaderTest {

    @TempDir
    Path tmp;

    @Test
    void readsFloat32InCOrder() throws IOException {
        NdArray array = NpyReader.read(Fixtures.path("f32_c.npy"));
        assertArrayEquals(new int[] { 3, 4 }, array.shape());
        assertEquals("<f4", array.dtype());
        assertArrayEquals(new double[] { 0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5 }, array.data());
    }

    @Test
    void reordersFortranOrder3DToCOrder() throws IOException {
        NdArray array = NpyReader.read(Fixtures.path("f64_fortran_3d.npy"));
        assertArrayEquals(new int[] { 2, 3, 4 }, array.shape());
        assertEquals("<f8", array.dtype());
        int c = 0;
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) assertEquals(100 * i + 10 * j + k, array.data()[c++], "at " + i + j + k);
            }
        }
    }

    @Test
    void readsInt32In3D() throws IOException {
        NdArray array = NpyReader.read(Fixtures.path("i4_3d.npy"));
        assertArrayEquals(new int[] { 2, 3, 4 }, array.shape());
        for (int i = 0; i < 24; i++) assertEquals(i - 12, array.data()[i]);
    }

    @Test
    void readsBigEndianFloat64() throws IOException {
        NdArray array = NpyReader.read(Fixtures.path("f8_big_endian.npy"));
        assertEquals(">f8", array.dtype());
        assertArrayEquals(new double[] { 1.5, -2.25, 1e300 }, array.data());
    }

    @Test
    void readsIntegerTypesWithTheirFullRange() throws IOException {
        assertArrayEquals(new double[] { -32768, -1, 0, 32767 }, NpyReader.read(Fixtures.path("i2.npy")).data());
        assertArrayEquals(new double[] { 0, 1, 254, 255 }, NpyReader.read(Fixtures.path("u1.npy")).data());
        assertEquals("|u1", NpyReader.read(Fixtures.path("u1.npy")).dtype());
        assertArrayEquals(new double[] { 0, 18446744073709551615.0 }, NpyReader.read(Fixtures.path("u8.npy")).data());
        assertArrayEquals(new double[] { -9007199254740992.0, 9007199254740992.0 },
            NpyReader.read(Fixtures.path("i8.npy")).data());
    }

    @Test
    void readsBoolAsZeroAndOne() throws IOException {
        NdArray array = NpyReader.read(Fixtures.path("bool.npy"));
        assertEquals("|b1", array.dtype());
        assertArrayEquals(new double[] { 1, 0, 1 }, array.data());
    }

    @Test
    void readsZeroDimensionalAndEmptyArrays() throws IOException {
        NdArray scalar = NpyReader.read(Fixtures.path("scalar_0d.npy"));
        assertEquals(0, scalar.rank());
        assertArrayEquals(new double[] { 3.25 }, scalar.data());
        NdArray empty = NpyReader.read(Fixtures.path("empty.npy"));
        assertArrayEquals(new int[] { 0 }, empty.shape());
        assertEquals(0, empty.size());
    }

    @Test
    void readsVersion2And3Headers() throws IOException {
        NdArray v2 = NpyReader.read(Fixtures.path("f4_v2.npy"));
        assertArrayEquals(new int[] { 2, 2 }, v2.shape());
        assertArrayEquals(new double[] { 1, 2, 3, 4 }, v2.data());
        assertArrayEquals(new double[] { 7, 8 }, NpyReader.read(Fixtures.path("f4_v3.npy")).data());
    }

    @Test
    void streamOverloadMatchesPathOverloadAndStopsAfterTheData() throws IOException {
        byte[] file = Fixtures.bytes("f32_c.npy");
        byte[] withTrailer = Arrays.copyOf(file, file.length + 3);
        try (InputStream in = new ByteArrayInputStream(withTrailer)) {
            assertEquals(NpyReader.read(Fixtures.path("f32_c.npy")), NpyReader.read(in, "stream"));
            assertEquals(3, in.available());
        }
    }

    @Test
    void toleratesAnyKeyOrderSpacingAndLegacyLongSuffix() throws IOException {
        String header = "{ \"shape\" : (1L, 2L),'fortran_order':False , 'descr':'<f4' }";
        NdArray array = NpyReader.read(new ByteArrayInputStream(Fixtures.npy(header, Fixtures.littleEndianFloats(1, 2))), "x");
        assertArrayEquals(new int[] { 1, 2 }, array.shape());
        assertArrayEquals(new double[] { 1, 2 }, array.data());
    }

    // ---- damaged and unsupported files ----

    @Test
    void rejectsMissingMagic() throws IOException {
        Path file = write("notes.npy", "hello, world".getBytes());
        FileFormatException e = assertThrows(FileFormatException.class, () -> NpyReader.read(file));
        assertEquals("notes.npy: not an NPY file: missing the magic string \\x93NUMPY at the start", e.getMessage());
        assertEquals("notes.npy", e.sourceName());
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        byte[] full = Fixtures.bytes("f32_c.npy"); // 128-byte header, then 48 bytes of data
        Path file = write("Sc.npy", Arrays.copyOf(full, full.length - 8));
        FileFormatException e = assertThrows(FileFormatException.class, () -> NpyReader.read(file));
        assertEquals("Sc.npy: data truncated: expected 48 bytes after the header, found 40", e.getMessage());
    }

    @Test
    void rejectsTruncatedDataFromAStreamOfUnknownLength() throws IOException {
        byte[] full = Fixtures.bytes("f32_c.npy");
        InputStream in = new ByteArrayInputStream(Arrays.copyOf(full, full.length - 8));
        FileFormatException e = assertThrows(FileFormatException.class, () -> NpyReader.read(in, "Sc.npy"));
        assertEquals("Sc.npy: data truncated: expected 48 bytes after the header, found 40", e.getMessage());
    }

    @Test
    void rejectsTruncatedHeader() throws IOException {
        Path file = write("cut.npy", Arrays.copyOf(Fixtures.bytes("f32_c.npy"), 40));
        FileFormatException e = assertThrows(FileFormatException.class, () -> NpyReader.read(file));
        assertEquals("cut.npy: header truncated: expected a 118-byte header dict, found 30 bytes", e.getMessage());
        Path tiny = write("tiny.npy", Arrays.copyOf(Fixtures.bytes("f32_c.npy"), 7));
        assertTrue(assertThrows(FileFormatException.class, () -> NpyReader.read(tiny)).getMessage()
            .startsWith("tiny.npy: header truncated"));
    }

    @Test
    void rejectsComplexNumbers() {
        FileFormatException e = assertThrows(FileFormatException.class, () -> NpyReader.read(Fixtures.path("c16.npy")));
        assertTrue(e.getMessage().startsWith("c16.npy: unsupported dtype '<c16' (complex numbers); supported: "),
            e.getMessage());
    }

    @Test
    void rejectsStructuredObjectAndStringDtypes() throws IOException {
        FileFormatException structured = assertThrows(FileFormatException.class,
            () -> NpyReader.read(Fixtures.path("structured.npy")));
        assertTrue(structured.getMessage().contains("structured records"), structured.getMessage());
        assertRejected("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }", "Python objects");
        assertRejected("{'descr': '<U5', 'fortran_order': False, 'shape': (1,), }", "strings");
        assertRejected("{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", "unsupported dtype '<f2'");
    }

    @Test
    void rejectsShapesTooLargeForAJavaArray() {
        FileFormatException e = assertRejected("{'descr': '<f8', 'fortran_order': False, 'shape': (100000, 100000), }",
            "has 10000000000 elements, more than a Java array can hold");
        assertTrue(e.getMessage().startsWith("big.npy: shape (100000, 100000)"), e.getMessage());
        assertRejected("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999,), }", "more than a Java array");
        assertRejected("{'descr': '<f8', 'fortran_order': False, 'shape': (99999999999999999999999,), }",
            "not a number in the supported range");
    }

    @Test
    void checksTheClaimedSizeAgainstTheFileBeforeAllocating() throws IOException {
        // 10000 x 10000 doubles would need 800 MB; the file has none of it
        byte[] bytes = Fixtures.npy("{'descr': '<f8', 'fortran_order': False, 'shape': (10000, 10000), }", new byte[16]);
        Path file = write("huge.npy", bytes);
        FileFormatException e = assertThrows(FileFormatException.class, () -> NpyReader.read(file));
        assertEquals("huge.npy: data truncated: expected 800000000 bytes after the header, found 16", e.getMessage());
        // a stream of unknown length is read in chunks, so this fails fast without a huge allocation
        assertThrows(FileFormatException.class, () -> NpyReader.read(new ByteArrayInputStream(bytes), "huge.npy"));
    }

    @Test
    void rejectsUnknownVersionAndMalformedHeaders() {
        assertRejected(Fixtures.npy(4, "{}", new byte[0]), "unsupported NPY format version 4.0");
        assertRejected("{'descr': '<f4', 'shape': (2,), }", "malformed header: no 'fortran_order' entry");
        assertRejected("{'descr': '<f4', 'fortran_order': False, 'shape': (2, -1), }", "invalid 'shape'");
        assertRejected("{'descr': '<f4', 'fortran_order': 0, 'shape': (2,), }", "invalid 'fortran_order'");
        assertRejected("{'descr': '<f4' 'fortran_order': False}", "expected ',' or '}'");
        assertRejected("{'descr': '<f4', 'fortran_order': False, 'shape': (2,", "unexpected end of header");
        assertRejected("{'descr': '<f4', 'fortran_order': False, 'shape': " + "[".repeat(5000), "nesting deeper");
        assertRejected("not a dict", "expected the header to start with '{'");
    }

    @Test
    void randomlyDamagedFilesFailCleanlyAndQuickly() {
        Random random = new Random(20240521);
        List<String> fixtures = List.of("f32_c.npy", "f64_fortran_3d.npy", "f4_v2.npy", "u8.npy", "scalar_0d.npy");
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (int trial = 0; trial < 5000; trial++) {
                byte[] bytes = Fixtures.bytes(fixtures.get(trial % fixtures.size()));
                bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                byte[] damaged = random.nextBoolean() ? bytes : Arrays.copyOf(bytes, random.nextInt(bytes.length));
                long knownSize = random.nextBoolean() ? damaged.length : NpyReader.UNKNOWN_SIZE;
                try {
                    NpyReader.read(new ByteArrayInputStream(damaged), "fuzz.npy", knownSize);
                } catch (FileFormatException expected) {
                    assertTrue(expected.getMessage().startsWith("fuzz.npy: "), expected.getMessage());
                }
            }
        });
    }

    private FileFormatException assertRejected(String headerDict, String expectedFragment) {
        return assertRejected(Fixtures.npy(headerDict, new byte[0]), expectedFragment);
    }

    private FileFormatException assertRejected(byte[] file, String expectedFragment) {
        FileFormatException e = assertThrows(FileFormatException.class,
            () -> NpyReader.read(new ByteArrayInputStream(file), "big.npy"));
        assertTrue(e.getMessage().startsWith("big.npy: "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedFragment), e.getMessage());
        return e;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(tmp.resolve(name), bytes);
    }
}
