package org.fusionj.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads numpy {@code .npy} files (format versions 1.0, 2.0 and 3.0) into {@link NdArray}s.
 * <p>
 * Supported element types are float32, float64, signed and unsigned integers of 1, 2, 4 and
 * 8 bytes, and bool, in either byte order; Fortran-ordered data is reordered to C order.
 * Anything else, and any damaged file, raises a {@link FileFormatException} naming the source.
 * <p>
 * Memory is only committed after the header has been checked against the real file size when
 * that size is known; for plain streams the values are read in chunks, so a corrupt header
 * cannot make the reader allocate far more than the stream actually holds.
 */
public final class NpyReader {

    static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
    static final long UNKNOWN_SIZE = -1;

    /** numpy itself refuses headers above 10 000 bytes by default; this leaves generous room. */
    private static final int MAX_HEADER_BYTES = 1 << 20;
    private static final int CHUNK_BYTES = 1 << 16;
    private static final int INITIAL_CAPACITY = 1 << 16;

    /** The parsed header and the number of bytes before the data (magic, version, length, dict). */
    private record HeaderBlock(NpyHeader header, long length) {}

    private NpyReader() {}

    /** Reads the array stored in {@code file}. */
    public static NdArray read(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in, file.getFileName().toString(), Files.size(file));
        }
    }

    /**
     * Reads one array from {@code in}, leaving the stream open and positioned after the data.
     *
     * @param sourceName the name to use in error messages, typically the file name
     */
    public static NdArray read(InputStream in, String sourceName) throws IOException {
        return read(in, sourceName, UNKNOWN_SIZE);
    }

    /**
     * @param knownSize the total number of bytes the stream holds, or {@link #UNKNOWN_SIZE};
     *        when known, the header is validated against it before any data is allocated
     */
    static NdArray read(InputStream in, String sourceName, long knownSize) throws IOException {
        HeaderBlock block = readHeaderBlock(in, sourceName, knownSize);
        NpyHeader header = block.header();
        int count = Shapes.arrayLength(header.shape(), sourceName);
        long dataBytes = (long) count * header.dtype().itemSize();
        boolean sizeVerified = knownSize != UNKNOWN_SIZE;
        if (sizeVerified && knownSize - block.length() < dataBytes) {
            throw dataTruncated(sourceName, dataBytes, knownSize - block.length());
        }
        if (sizeVerified) {
            MemoryBudget.require((long) count * Double.BYTES * (header.fortranOrder() ? 2 : 1), sourceName,
                "a " + header.dtype().descr() + " array of shape " + Shapes.format(header.shape()));
        }
        double[] data = readData(in, header.dtype(), count, sizeVerified, sourceName);
        if (header.fortranOrder()) data = Shapes.fortranToC(data, header.shape());
        return new NdArray(header.shape(), data, header.dtype().descr());
    }

    /**
     * Reads {@code file} as an image: float values straight into one array per plane (4 bytes per value whatever
     * the dtype), after checking the shape is an image, the file holds the data and the heap can take it.
     */
    public static FloatPlanes readPlanes(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return readPlanes(in, file.getFileName().toString(), Files.size(file), UNKNOWN_SIZE);
        }
    }

    /**
     * @param knownSize the bytes the stream holds, or {@link #UNKNOWN_SIZE}
     * @param maxDataBytes an upper bound on the data bytes the stream can deliver (e.g. a compressed entry's
     *        greatest expansion), or {@link #UNKNOWN_SIZE}
     */
    static FloatPlanes readPlanes(InputStream in, String sourceName, long knownSize, long maxDataBytes)
        throws IOException
    {
        HeaderBlock block = readHeaderBlock(in, sourceName, knownSize);
        NpyHeader header = block.header();
        int[] shape = header.shape();
        int planeCount = FloatPlanes.checkImageShape(shape, sourceName);
        int plane = shape[shape.length - 2] * shape[shape.length - 1];
        int itemSize = header.dtype().itemSize();
        long values = (long) planeCount * plane;
        long dataBytes = values * itemSize;
        if (knownSize != UNKNOWN_SIZE && knownSize - block.length() < dataBytes) {
            throw dataTruncated(sourceName, dataBytes, knownSize - block.length());
        }
        if (maxDataBytes != UNKNOWN_SIZE && maxDataBytes < dataBytes) {
            throw new FileFormatException(sourceName, "shape " + Shapes.format(shape) + " needs " + dataBytes
                + " bytes of data but the compressed entry can hold at most " + maxDataBytes
                + ": the archive is damaged");
        }
        boolean fortran = header.fortranOrder() && shape.length > 1;
        if (fortran && values > Shapes.MAX_ARRAY_LENGTH) {
            throw new FileFormatException(sourceName, "a Fortran-ordered array of " + values + " values is too large "
                + "to reorder; save it in C order (numpy.ascontiguousarray)");
        }
        MemoryBudget.require(values * 4 * (fortran ? 2 : 1), sourceName, "a " + header.dtype().descr() + " array of shape "
            + Shapes.format(shape));
        float[][] planes = new float[fortran ? 1 : planeCount][];
        int planeValues = fortran ? (int) values : plane;
        byte[] chunk = new byte[Math.max(itemSize, CHUNK_BYTES - CHUNK_BYTES % itemSize)];
        long decodedTotal = 0;
        for (int p = 0; p < planes.length; p++) {
            // allocated plane by plane, so a stream that ends early has cost no more than it delivered
            float[] target = new float[planeValues];
            int decoded = 0;
            while (decoded < planeValues) {
                int wanted = (int) Math.min(chunk.length, (long) (planeValues - decoded) * itemSize);
                int received = in.readNBytes(chunk, 0, wanted);
                if (received < wanted) {
                    throw dataTruncated(sourceName, dataBytes, (decodedTotal + decoded) * itemSize + received);
                }
                decodeFloats(chunk, received, header.dtype(), target, decoded);
                decoded += received / itemSize;
            }
            planes[p] = target;
            decodedTotal += decoded;
        }
        if (fortran) {
            planes = FloatPlanes.split(Shapes.fortranToC(planes[0], shape), shape);
        }
        return new FloatPlanes(shape, planes, header.dtype().descr());
    }

    private static void decodeFloats(byte[] chunk, int length, NpyDtype dtype, float[] target, int at) {
        ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, length).order(dtype.order());
        int n = length / dtype.itemSize();
        if (dtype.itemSize() == 4 && dtype.descr().endsWith("f4")) {
            buffer.asFloatBuffer().get(target, at, n);
            return;
        }
        for (int i = 0; i < n; i++) {
            target[at + i] = (float) dtype.decoder().next(buffer);
        }
    }

    private static HeaderBlock readHeaderBlock(InputStream in, String sourceName, long knownSize) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new FileFormatException(sourceName, "not an NPY file: missing the magic string \\x93NUMPY at the start");
        }
        byte[] version = readExactly(in, 2, sourceName, "header truncated: no format version after the magic string");
        int major = version[0];
        int lengthBytes = switch (major) {
            case 1 -> 2;
            case 2, 3 -> 4;
            default -> throw new FileFormatException(sourceName, "unsupported NPY format version " + major + "." + version[1]
                + " (supported: 1.0, 2.0, 3.0)");
        };
        byte[] lengthField = readExactly(in, lengthBytes, sourceName, "header truncated: incomplete header length field");
        long headerLength = littleEndianUnsigned(lengthField);
        long prefixLength = MAGIC.length + 2 + lengthBytes;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new FileFormatException(sourceName, "header length " + headerLength + " exceeds the limit of "
                + MAX_HEADER_BYTES + " bytes; the file is probably corrupt");
        }
        if (knownSize != UNKNOWN_SIZE && prefixLength + headerLength > knownSize) {
            throw headerTruncated(sourceName, headerLength, knownSize - prefixLength);
        }
        byte[] headerBytes = in.readNBytes((int) headerLength);
        if (headerBytes.length < headerLength) throw headerTruncated(sourceName, headerLength, headerBytes.length);
        // version 3.0 exists only to allow UTF-8 field names; earlier versions are latin-1
        Charset charset = major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        NpyHeader header = NpyHeader.parse(new String(headerBytes, charset), sourceName);
        return new HeaderBlock(header, prefixLength + headerLength);
    }

    /**
     * Decodes {@code count} elements chunk by chunk. When the stream size was not verified the
     * output grows with the data actually received, rather than trusting the header's count.
     */
    private static double[] readData(InputStream in, NpyDtype dtype, int count, boolean sizeVerified,
        String sourceName) throws IOException
    {
        int itemSize = dtype.itemSize();
        long expectedBytes = (long) count * itemSize;
        byte[] chunk = new byte[Math.max(itemSize, CHUNK_BYTES - CHUNK_BYTES % itemSize)];
        double[] values = new double[sizeVerified ? count : Math.min(count, INITIAL_CAPACITY)];
        int decoded = 0;
        while (decoded < count) {
            int wanted = (int) Math.min(chunk.length, (long) (count - decoded) * itemSize);
            int received = in.readNBytes(chunk, 0, wanted);
            if (received < wanted) {
                throw dataTruncated(sourceName, expectedBytes, (long) decoded * itemSize + received);
            }
            int elements = received / itemSize;
            if (decoded + elements > values.length) {
                values = Arrays.copyOf(values, (int) Math.min(count, Math.max(2L * values.length, decoded + elements)));
            }
            ByteBuffer buffer = ByteBuffer.wrap(chunk, 0, received).order(dtype.order());
            for (int i = 0; i < elements; i++) values[decoded++] = dtype.decoder().next(buffer);
        }
        return values;
    }

    private static byte[] readExactly(InputStream in, int length, String sourceName, String problem) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) throw new FileFormatException(sourceName, problem);
        return bytes;
    }

    private static long littleEndianUnsigned(byte[] bytes) {
        long value = 0;
        for (int i = bytes.length - 1; i >= 0; i--) value = (value << 8) | (bytes[i] & 0xFF);
        return value;
    }

    private static FileFormatException headerTruncated(String sourceName, long expected, long found) {
        return new FileFormatException(sourceName, "header truncated: expected a " + expected
            + "-byte header dict, found " + Math.max(0, found) + " bytes");
    }

    private static FileFormatException dataTruncated(String sourceName, long expected, long found) {
        return new FileFormatException(sourceName, "data truncated: expected " + expected
            + " bytes after the header, found " + Math.max(0, found));
    }
}
