package org.fusionj.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ij.ImagePlus;

import org.fusionj.io.fuzz.DamagedFiles;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The refusals issue 9 asked for, each with one line that names the file, the problem and what to do. */
@Timeout(120)
class ReaderRefusalsTest {

    @TempDir
    Path tmp;

    private static String refusal(String spec, String fileName) {
        FileFormatException e = assertThrows(FileFormatException.class, () -> ImageFiles.open(spec));
        assertTrue(e.getMessage().startsWith(fileName), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    /** An NPY header claiming {@code shape}, followed by {@code dataBytes} bytes. */
    private Path npy(String name, String shape, int dataBytes) throws IOException {
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }";
        StringBuilder h = new StringBuilder(dict);
        while ((10 + h.length() + 1) % 64 != 0) {
            h.append(' ');
        }
        h.append('\n');
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) h.length());
        b.put(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        return Files.write(tmp.resolve(name), b.array());
    }

    @Test
    void zeroSizedAxesAndNonImageShapesAreRefused() throws IOException {
        assertTrue(refusal(npy("zero.npy", "(40, 46341, 0, 1)", 0).toString(), "zero.npy").contains("length 0"));
        assertTrue(refusal(npy("five.npy", "(1, 1, 1, 1, 1)", 4).toString(), "five.npy").contains("5-D"));
        String short4 = refusal(npy("short.npy", "(2, 3, 4, 5)", 100).toString(), "short.npy");
        assertTrue(short4.contains("truncated"), short4);
    }

    @Test
    void fourDimensionalFloat32OpensAsAHyperstackOfTheSameValues() throws IOException {
        int n = 2 * 3 * 4 * 5;
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = i * 0.5f - 7;
        }
        Path f = tmp.resolve("series.npy");
        NpyWriter.writeFloat32(f, new int[] {2, 3, 4, 5}, values);
        ImagePlus imp = ImageFiles.open(f.toString());
        assertEquals(2, imp.getNFrames());
        assertEquals(3, imp.getNSlices());
        for (int s = 0; s < 6; s++) {
            assertArrayEquals(Arrays.copyOfRange(values, s * 20, s * 20 + 20),
                    (float[]) imp.getStack().getProcessor(s + 1).getPixels());
        }
    }

    @Test
    void aDamagedZipDirectorySaysSoNotEofException() throws IOException {
        Path good = tmp.resolve("good.npz");
        Map<String, NdArray> arrays = new LinkedHashMap<>();
        arrays.put("HAADF", NdArray.of2D(2, 2, new float[] {1, 2, 3, 4}));
        NpzWriter.write(good, arrays);
        byte[] b = Files.readAllBytes(good);
        for (int cut : new int[] {b.length - 10, b.length - 30, b.length / 2}) {
            Path bad = Files.write(tmp.resolve("cut" + cut + ".npz"), Arrays.copyOf(b, cut));
            String m = refusal(bad.toString(), bad.getFileName().toString());
            assertTrue(m.contains("damaged") || m.contains("truncated"), m);
        }
    }

    @Test
    void hdf5DataRunningPastTheEndOfTheFileIsRefused() throws IOException {
        Path f = tmp.resolve("past.h5");
        try (Hdf5Writer w = Hdf5Writer.create(f)) {
            w.writeDataset("image", new float[48], 6, 8);
        }
        byte[] b = Files.readAllBytes(f);
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        boolean patched = false;
        for (int i = 0; i + 18 <= b.length && !patched; i++) {
            if (b[i] == 3 && b[i + 1] == 1 && bb.getLong(i + 10) == 48 * 4) { // layout message v3, contiguous
                bb.putLong(i + 2, b.length - 16); // the data would start 16 bytes before the end of the file
                patched = true;
            }
        }
        assertTrue(patched, "layout message not found");
        DamagedFiles.rechecksum(b);
        Path bad = Files.write(tmp.resolve("bad.h5"), b);
        String m = refusal(bad + ":/image", "bad.h5");
        assertTrue(m.contains("past the end") || m.contains("truncated") || m.contains("storage"), m);
    }

    @Test
    void anUnreadableFileSaysPermissionDenied() throws IOException {
        Path f = npy("secret.npy", "(1, 1)", 4);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(f), "running as root: every file is readable, nothing to test");
        assertTrue(refusal(f.toString(), "secret.npy").contains("permission denied"));
    }

    @Test
    void aHeapTooSmallForTheFileIsRefusedWithTheFigureAndTheHint() throws Exception {
        Path f = tmp.resolve("big.npy");
        NpyWriter.writeFloat32(f, new int[] {4096, 4096}, new float[4096 * 4096]); // 64 MB
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx48m", "-Djava.awt.headless=true", "-cp",
                System.getProperty("java.class.path"), OpenOne.class.getName(), f.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "the child JVM did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(out.contains("NotEnoughMemoryException: big.npy: reading"), out);
        assertTrue(out.contains("needs 64 MB") && out.contains("FUSIONJ_JAVA_OPTS=-Xmx")
                && out.contains("Edit > Options > Memory"), out);
        assertFalse(out.contains("OutOfMemoryError"), out);
    }

    /** Opens one file in a child JVM with a small heap and prints the outcome. */
    public static final class OpenOne {
        public static void main(String[] args) {
            try {
                System.out.println("opened " + ImageFiles.open(args[0]));
            } catch (Throwable t) {
                System.out.println(t);
            }
        }
    }
}
