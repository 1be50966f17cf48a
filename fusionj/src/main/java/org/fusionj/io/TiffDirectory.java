package org.fusionj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * One image file directory (IFD) of a TIFF or BigTIFF file, holding only the tags FusionJ uses. Every count and
 * offset is checked against the file size before anything is read or allocated.
 */
final class TiffDirectory {

    static final int NEW_SUBFILE_TYPE = 254;
    static final int WIDTH = 256;
    static final int LENGTH = 257;
    static final int BITS_PER_SAMPLE = 258;
    static final int COMPRESSION = 259;
    static final int PHOTOMETRIC = 262;
    static final int DESCRIPTION = 270;
    static final int STRIP_OFFSETS = 273;
    static final int SAMPLES_PER_PIXEL = 277;
    static final int ROWS_PER_STRIP = 278;
    static final int STRIP_BYTE_COUNTS = 279;
    static final int X_RESOLUTION = 282;
    static final int Y_RESOLUTION = 283;
    static final int PLANAR_CONFIGURATION = 284;
    static final int RESOLUTION_UNIT = 296;
    static final int PREDICTOR = 317;
    static final int TILE_WIDTH = 322;
    static final int TILE_LENGTH = 323;
    static final int TILE_OFFSETS = 324;
    static final int TILE_BYTE_COUNTS = 325;
    static final int SAMPLE_FORMAT = 339;
    static final int IJ_METADATA_COUNTS = 50838;
    static final int IJ_METADATA = 50839;

    private static final Set<Integer> WANTED = Set.of(NEW_SUBFILE_TYPE, WIDTH, LENGTH, BITS_PER_SAMPLE, COMPRESSION,
            PHOTOMETRIC, DESCRIPTION, STRIP_OFFSETS, SAMPLES_PER_PIXEL, ROWS_PER_STRIP, STRIP_BYTE_COUNTS,
            X_RESOLUTION, Y_RESOLUTION, PLANAR_CONFIGURATION, RESOLUTION_UNIT, PREDICTOR, TILE_WIDTH, TILE_LENGTH,
            TILE_OFFSETS, TILE_BYTE_COUNTS, SAMPLE_FORMAT, IJ_METADATA_COUNTS, IJ_METADATA);

    /** Bytes per value of each TIFF field type (index = type code); 0 = unknown type. */
    private static final int[] TYPE_SIZE = {0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8};

    private final Map<Integer, long[]> numbers = new HashMap<>();
    private final Map<Integer, double[]> reals = new HashMap<>();
    private final Map<Integer, byte[]> bytes = new HashMap<>();
    final long offset;
    final long next;

    private TiffDirectory(long offset, long next) {
        this.offset = offset;
        this.next = next;
    }

    /** Where and how the file is read: its channel, size, byte order and classic-or-Big TIFF. */
    record Input(FileChannel channel, long size, ByteOrder order, boolean big, String name) {

        /** Reads {@code length} bytes at {@code at}, refusing any range outside the file. */
        ByteBuffer read(long at, long length, String what) throws IOException {
            check(at, length, what);
            ByteBuffer buf = ByteBuffer.allocate((int) length).order(order);
            fill(buf, at, what);
            return buf.flip();
        }

        /** Reads {@code length} bytes at {@code at} into the start of {@code dst}. */
        void readInto(long at, byte[] dst, int length, String what) throws IOException {
            check(at, length, what);
            fill(ByteBuffer.wrap(dst, 0, length), at, what);
        }

        private void check(long at, long length, String what) throws FileFormatException {
            if (at < 0 || length < 0 || at > size || length > size - at) {
                throw new FileFormatException(name, what + " lies outside the file (bytes " + Long.toUnsignedString(at)
                        + " to " + (at + length) + " of a " + size + "-byte file): the file is truncated or damaged");
            }
            if (length > Integer.MAX_VALUE - 8) {
                throw new FileFormatException(name, what + " is " + length + " bytes long, more than FusionJ reads "
                        + "in one piece");
            }
        }

        private void fill(ByteBuffer buf, long at, String what) throws IOException {
            long pos = at;
            while (buf.hasRemaining()) {
                int n = channel.read(buf, pos);
                if (n < 0) {
                    throw new FileFormatException(name, "the file ended while reading " + what
                            + " (it shrank while being read?)");
                }
                pos += n;
            }
        }
    }

    /** Parses the directory at {@code at}. */
    static TiffDirectory read(Input in, long at) throws IOException {
        int countSize = in.big() ? 8 : 2;
        int entrySize = in.big() ? 20 : 12;
        int nextSize = in.big() ? 8 : 4;
        ByteBuffer head = in.read(at, countSize, "an image directory");
        long entries = in.big() ? head.getLong() : Short.toUnsignedInt(head.getShort());
        if (entries <= 0) {
            throw new FileFormatException(in.name(), "an image directory (at byte " + at + ") has no entries: "
                    + "the file is damaged");
        }
        if (entries > (in.size() - at) / entrySize) {
            throw new FileFormatException(in.name(), "an image directory claims " + Long.toUnsignedString(entries)
                    + " entries, more than the rest of the file holds: the file is truncated or damaged");
        }
        ByteBuffer body = in.read(at + countSize, entries * entrySize + nextSize, "an image directory");
        long next = in.big() ? body.getLong((int) (entries * entrySize))
                : Integer.toUnsignedLong(body.getInt((int) (entries * entrySize)));
        TiffDirectory dir = new TiffDirectory(at, next);
        for (long e = 0; e < entries; e++) {
            int base = (int) (e * entrySize);
            int tag = Short.toUnsignedInt(body.getShort(base));
            int type = Short.toUnsignedInt(body.getShort(base + 2));
            long count = in.big() ? body.getLong(base + 4) : Integer.toUnsignedLong(body.getInt(base + 4));
            if (!WANTED.contains(tag) || type >= TYPE_SIZE.length || TYPE_SIZE[type] == 0) {
                continue; // a tag FusionJ does not use, or a type it does not know: never read its value
            }
            int valueField = base + 4 + (in.big() ? 8 : 4);
            int inlineBytes = in.big() ? 8 : 4;
            if (count < 0 || count > in.size()) {
                throw badTag(in, tag, "claims " + Long.toUnsignedString(count) + " values, more than the file has bytes");
            }
            long size = count * TYPE_SIZE[type];
            ByteBuffer values;
            if (size <= inlineBytes) {
                values = body.duplicate().order(in.order()).position(valueField).limit(valueField + (int) size).slice()
                        .order(in.order());
            } else {
                long where = in.big() ? body.getLong(valueField) : Integer.toUnsignedLong(body.getInt(valueField));
                values = in.read(where, size, "the values of tag " + tag);
            }
            dir.store(tag, type, (int) count, values);
        }
        return dir;
    }

    private static FileFormatException badTag(Input in, int tag, String problem) {
        return new FileFormatException(in.name(), "TIFF tag " + tag + " " + problem + ": the file is damaged");
    }

    private void store(int tag, int type, int count, ByteBuffer v) {
        switch (type) {
            case 1, 2, 6, 7 -> {
                byte[] b = new byte[count];
                v.get(0, b);
                bytes.put(tag, b);
                long[] n = new long[count];
                for (int i = 0; i < count; i++) {
                    n[i] = type == 6 ? b[i] : b[i] & 0xFF;
                }
                numbers.put(tag, n);
            }
            case 3, 8 -> {
                long[] n = new long[count];
                for (int i = 0; i < count; i++) {
                    short s = v.getShort(2 * i);
                    n[i] = type == 8 ? s : Short.toUnsignedInt(s);
                }
                numbers.put(tag, n);
            }
            case 4, 9, 13 -> {
                long[] n = new long[count];
                for (int i = 0; i < count; i++) {
                    int s = v.getInt(4 * i);
                    n[i] = type == 9 ? s : Integer.toUnsignedLong(s);
                }
                numbers.put(tag, n);
            }
            case 16, 17, 18 -> {
                long[] n = new long[count];
                for (int i = 0; i < count; i++) {
                    n[i] = v.getLong(8 * i);
                }
                numbers.put(tag, n);
            }
            case 5, 10 -> {
                double[] r = new double[count];
                for (int i = 0; i < count; i++) {
                    long num = type == 10 ? v.getInt(8 * i) : Integer.toUnsignedLong(v.getInt(8 * i));
                    long den = type == 10 ? v.getInt(8 * i + 4) : Integer.toUnsignedLong(v.getInt(8 * i + 4));
                    r[i] = den == 0 ? 0 : (double) num / den;
                }
                reals.put(tag, r);
            }
            case 11 -> {
                double[] r = new double[count];
                for (int i = 0; i < count; i++) {
                    r[i] = v.getFloat(4 * i);
                }
                reals.put(tag, r);
            }
            case 12 -> {
                double[] r = new double[count];
                for (int i = 0; i < count; i++) {
                    r[i] = v.getDouble(8 * i);
                }
                reals.put(tag, r);
            }
            default -> {
            }
        }
    }

    /** The integer values of {@code tag}, or null when absent. */
    long[] numbers(int tag) {
        return numbers.get(tag);
    }

    /** The first integer value of {@code tag}, or {@code fallback} when absent. */
    long number(int tag, long fallback) {
        long[] n = numbers.get(tag);
        return n == null || n.length == 0 ? fallback : n[0];
    }

    boolean has(int tag) {
        return numbers.containsKey(tag) || reals.containsKey(tag);
    }

    /** The first real value of a RATIONAL/FLOAT tag (or an integer tag), or NaN when absent. */
    double real(int tag) {
        double[] r = reals.get(tag);
        if (r != null && r.length > 0) {
            return r[0];
        }
        long[] n = numbers.get(tag);
        return n != null && n.length > 0 ? n[0] : Double.NaN;
    }

    /** The raw bytes of a BYTE/ASCII/UNDEFINED tag, or null. */
    byte[] bytes(int tag) {
        return bytes.get(tag);
    }
}
