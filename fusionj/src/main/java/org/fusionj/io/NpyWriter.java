package org.fusionj.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes numpy {@code .npy} files: little-endian, C order, format version 1.0 (2.0 only if the
 * header would not fit), with the header padded so the data starts at a multiple of 64 bytes,
 * exactly as numpy lays it out. Files written here are byte-identical to {@code numpy.save}'s.
 */
public final class NpyWriter {

    /** numpy aligns the data so that it can be memory-mapped efficiently. */
    private static final int ALIGNMENT = 64;
    /** numpy leaves room for the first axis to grow to this many digits without rewriting the file. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    private static final int CHUNK_BYTES = 1 << 16;

    private NpyWriter() {}

    /** Writes {@code data} (C order) as a {@code <f4} array of the given shape, replacing any existing file. */
    public static void writeFloat32(Path file, int[] shape, float[] data) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writeFloat32(out, shape, data);
        }
    }

    /** Writes {@code data} (C order) as a {@code <f8} array of the given shape, replacing any existing file. */
    public static void writeFloat64(Path file, int[] shape, double[] data) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            writeFloat64(out, shape, data);
        }
    }

    /** Writes {@code array} as float32 if its dtype is a 32-bit float, otherwise as float64. */
    public static void write(Path file, NdArray array) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            write(out, array);
        }
    }

    /** Writes a {@code <f4} array to {@code out}, which is flushed but left open. */
    public static void writeFloat32(OutputStream out, int[] shape, float[] data) throws IOException {
        Shapes.requireLength(shape, data.length);
        out.write(header("<f4", shape));
        ByteBuffer chunk = newChunk();
        for (float value : data) {
            if (!chunk.hasRemaining()) drain(chunk, out);
            chunk.putFloat(value);
        }
        drain(chunk, out);
        out.flush();
    }

    /** Writes a {@code <f8} array to {@code out}, which is flushed but left open. */
    public static void writeFloat64(OutputStream out, int[] shape, double[] data) throws IOException {
        Shapes.requireLength(shape, data.length);
        out.write(header("<f8", shape));
        ByteBuffer chunk = newChunk();
        for (double value : data) {
            if (!chunk.hasRemaining()) drain(chunk, out);
            chunk.putDouble(value);
        }
        drain(chunk, out);
        out.flush();
    }

    /** Writes {@code array} to {@code out} (left open), as float32 if its dtype is a 32-bit float, else float64. */
    public static void write(OutputStream out, NdArray array) throws IOException {
        if (array.isFloat32()) {
            writeFloat32(out, array.shape(), array.toFloats());
        } else {
            writeFloat64(out, array.shape(), array.data());
        }
    }

    /**
     * Builds magic, version, length field and the space-padded, newline-terminated header dict.
     * Mirrors numpy's layout byte for byte: spare spaces so the first axis can grow in place to
     * 21 digits, then 1 to 64 spaces of alignment padding.
     */
    static byte[] header(String descr, int[] shape) {
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + Shapes.format(shape) + ", }";
        int growthRoom = shape.length == 0 ? 0 : GROWTH_AXIS_MAX_DIGITS - Integer.toString(shape[0]).length();
        int dictAndNewline = dict.length() + growthRoom + 1;
        int version = 1;
        int prefix = NpyReader.MAGIC.length + 2 + 2;
        if (padded(prefix, dictAndNewline) - prefix > 0xFFFF) { // only 2.0 has a 4-byte length field
            version = 2;
            prefix += 2;
        }
        int total = padded(prefix, dictAndNewline);
        ByteBuffer bytes = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        bytes.put(NpyReader.MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) bytes.putShort((short) (total - prefix)); else bytes.putInt(total - prefix);
        bytes.put(dict.getBytes(StandardCharsets.ISO_8859_1));
        while (bytes.position() < total - 1) bytes.put((byte) ' ');
        bytes.put((byte) '\n');
        return bytes.array();
    }

    /** numpy always adds at least one padding space, hence a full block when already aligned. */
    private static int padded(int prefix, int dictAndNewline) {
        int unpadded = prefix + dictAndNewline;
        return unpadded + ALIGNMENT - unpadded % ALIGNMENT;
    }

    private static ByteBuffer newChunk() {
        return ByteBuffer.allocate(CHUNK_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void drain(ByteBuffer chunk, OutputStream out) throws IOException {
        out.write(chunk.array(), 0, chunk.position());
        chunk.clear();
    }
}
