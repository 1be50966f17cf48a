package org.fusionj.io;

import java.nio.ByteOrder;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * The TIFF decompressors FusionJ reads (LZW, Deflate, PackBits) and the predictors (horizontal differencing,
 * floating point). Each writes into an output array of the size the image needs and never beyond it; each
 * returns how many bytes it produced, so a short (damaged or truncated) segment is noticed instead of zero-filled.
 * Every loop consumes input or produces output, so damaged data cannot make them spin.
 */
final class TiffCodecs {

    static final int NONE = 1;
    static final int LZW = 5;
    static final int DEFLATE = 8;
    static final int DEFLATE_OLD = 32946;
    static final int PACKBITS = 32773;

    private TiffCodecs() {
    }

    /** Whether FusionJ decodes this compression. */
    static boolean supported(long compression) {
        return compression == NONE || compression == LZW || compression == DEFLATE || compression == DEFLATE_OLD
                || compression == PACKBITS;
    }

    /** A name for messages. */
    static String name(long compression) {
        return switch ((int) Math.min(compression, Integer.MAX_VALUE)) {
            case NONE -> "uncompressed";
            case LZW -> "LZW";
            case DEFLATE, DEFLATE_OLD -> "Deflate";
            case PACKBITS -> "PackBits";
            case 2, 3, 4 -> "CCITT fax";
            case 6, 7 -> "JPEG";
            case 34712 -> "JPEG 2000";
            case 50000 -> "Zstandard";
            case 34887, 34925 -> "LZMA";
            default -> "code " + compression;
        };
    }

    /**
     * The most bytes {@code compressedBytes} of this compression can expand to: an upper bound that lets a
     * header's claim be refused before the output is allocated (Deflate: at most 1032:1; LZW: a 9-bit code
     * yields at most 4096 bytes; PackBits: 2 bytes yield 128).
     */
    static long maxExpansion(long compression, long compressedBytes) {
        long factor = switch ((int) compression) {
            case LZW -> 3641;
            case DEFLATE, DEFLATE_OLD -> 1032;
            case PACKBITS -> 64;
            default -> 1;
        };
        return compressedBytes > Long.MAX_VALUE / factor ? Long.MAX_VALUE : compressedBytes * factor + 1024;
    }

    /** Decodes {@code in[0, length)} into {@code out}; returns the number of bytes written. */
    static int decode(long compression, byte[] in, int length, byte[] out) throws DataFormatException {
        return switch ((int) compression) {
            case NONE -> {
                int n = Math.min(length, out.length);
                System.arraycopy(in, 0, out, 0, n);
                yield n;
            }
            case LZW -> lzw(in, length, out);
            case DEFLATE, DEFLATE_OLD -> inflate(in, length, out);
            case PACKBITS -> packBits(in, length, out);
            default -> throw new DataFormatException("unsupported compression " + compression);
        };
    }

    /** TIFF LZW: MSB-first codes of 9 to 12 bits, code width grows one code early; Clear = 256, EOI = 257. */
    static int lzw(byte[] in, int length, byte[] out) throws DataFormatException {
        if (length >= 2 && in[0] == 0 && (in[1] & 1) == 1) {
            throw new DataFormatException("old-style (pre-TIFF 6) LZW, which FusionJ does not read");
        }
        int[] prefix = new int[4096];
        byte[] last = new byte[4096];
        byte[] first = new byte[4096];
        int[] size = new int[4096];
        for (int i = 0; i < 256; i++) {
            prefix[i] = -1;
            last[i] = (byte) i;
            first[i] = (byte) i;
            size[i] = 1;
        }
        int next = 258;
        int width = 9;
        int old = -1;
        int pos = 0;
        long bit = 0;
        long bits = 8L * length;
        while (pos < out.length && bit + width <= bits) {
            int code = 0;
            for (int k = 0; k < width; k++, bit++) {
                code = (code << 1) | ((in[(int) (bit >>> 3)] >>> (7 - (int) (bit & 7))) & 1);
            }
            if (code == 257) {
                break;
            }
            if (code == 256) {
                next = 258;
                width = 9;
                old = -1;
                continue;
            }
            if (old == -1) {
                if (code > 255) {
                    throw new DataFormatException("LZW code " + code + " right after a Clear code");
                }
                out[pos++] = (byte) code;
                old = code;
                continue;
            }
            if (next >= 4096) {
                throw new DataFormatException("LZW table overflow (no Clear code)");
            }
            if (code > next) {
                throw new DataFormatException("LZW code " + code + " not yet defined (next is " + next + ")");
            }
            // the new entry is the previous string plus the first byte of this one (of itself when code == next)
            prefix[next] = old;
            last[next] = code < next ? first[code] : first[old];
            first[next] = first[old];
            size[next] = size[old] + 1;
            next++;
            pos = emit(code, prefix, last, size, out, pos);
            old = code;
            if (next >= (1 << width) - 1 && width < 12) {
                width++;
            }
        }
        return pos;
    }

    /** Writes the string of {@code code} at {@code pos}, cut at the end of {@code out}. */
    private static int emit(int code, int[] prefix, byte[] last, int[] size, byte[] out, int pos) {
        int n = size[code];
        int end = pos + n;
        int c = code;
        for (int p = end - 1; p >= pos; p--) {
            if (p < out.length) {
                out[p] = last[c];
            }
            c = prefix[c];
        }
        return Math.min(end, out.length);
    }

    /** zlib (Deflate) data; stops when the output is full, the stream ends, or the input runs out. */
    static int inflate(byte[] in, int length, byte[] out) throws DataFormatException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(in, 0, length);
            int pos = 0;
            while (pos < out.length) {
                int n = inflater.inflate(out, pos, out.length - pos);
                if (n == 0) {
                    break; // finished, needs input it will not get, or needs a dictionary: no progress possible
                }
                pos += n;
            }
            return pos;
        } finally {
            inflater.end();
        }
    }

    /** PackBits run-length encoding. */
    static int packBits(byte[] in, int length, byte[] out) {
        int i = 0;
        int pos = 0;
        while (pos < out.length && i < length) {
            int n = in[i++];
            if (n >= 0) {
                int copy = Math.min(Math.min(n + 1, length - i), out.length - pos);
                System.arraycopy(in, i, out, pos, copy);
                i += n + 1;
                pos += copy;
            } else if (n != -128) {
                if (i >= length) {
                    break;
                }
                int run = Math.min(1 - n, out.length - pos);
                java.util.Arrays.fill(out, pos, pos + run, in[i++]);
                pos += run;
            }
        }
        return pos;
    }

    /** Undoes horizontal differencing (predictor 2) on rows of {@code samplesPerRow} samples of {@code bytes} each. */
    static void undoDifferencing(byte[] data, int rows, int samplesPerRow, int samplesPerPixel, int bytes,
            ByteOrder order) {
        int rowBytes = samplesPerRow * bytes;
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        for (int r = 0; r < rows; r++) {
            int base = r * rowBytes;
            for (int s = samplesPerPixel; s < samplesPerRow; s++) {
                int at = base + s * bytes;
                int prev = at - samplesPerPixel * bytes;
                long sum = get(data, at, bytes, little) + get(data, prev, bytes, little);
                put(data, at, bytes, little, sum);
            }
        }
    }

    /**
     * Undoes the floating-point predictor (3): bytes differenced along the row, stored most significant byte
     * plane first; restores each value in the file's byte order.
     */
    static void undoFloatingPoint(byte[] data, int rows, int samplesPerRow, int samplesPerPixel, int bytes,
            ByteOrder order) {
        int rowBytes = samplesPerRow * bytes;
        byte[] tmp = new byte[rowBytes];
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        for (int r = 0; r < rows; r++) {
            int base = r * rowBytes;
            for (int i = samplesPerPixel; i < rowBytes; i++) {
                data[base + i] += data[base + i - samplesPerPixel];
            }
            System.arraycopy(data, base, tmp, 0, rowBytes);
            for (int s = 0; s < samplesPerRow; s++) {
                for (int b = 0; b < bytes; b++) {
                    int to = little ? bytes - 1 - b : b;
                    data[base + s * bytes + to] = tmp[b * samplesPerRow + s];
                }
            }
        }
    }

    private static long get(byte[] d, int at, int bytes, boolean little) {
        long v = 0;
        for (int k = 0; k < bytes; k++) {
            int b = d[at + (little ? bytes - 1 - k : k)] & 0xFF;
            v = (v << 8) | b;
        }
        return v;
    }

    private static void put(byte[] d, int at, int bytes, boolean little, long v) {
        for (int k = 0; k < bytes; k++) {
            d[at + (little ? k : bytes - 1 - k)] = (byte) (v >>> (8 * k));
        }
    }
}
