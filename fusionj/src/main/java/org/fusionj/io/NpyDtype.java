package org.fusionj.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A numpy dtype descriptor such as {@code "<f8"} or {@code "|u1"}, restricted to the element
 * types FusionJ can hold as doubles: floats of 4 and 8 bytes, signed and unsigned integers of
 * 1, 2, 4 and 8 bytes, and bool.
 *
 * @param descr the descriptor exactly as written in the header
 * @param itemSize bytes per element
 * @param order the byte order of multi-byte elements
 * @param decoder reads one element from a buffer already set to {@code order}
 */
record NpyDtype(String descr, int itemSize, ByteOrder order, ElementDecoder decoder) {

    /** Reads one element and widens it to a double. */
    @FunctionalInterface
    interface ElementDecoder {
        double next(ByteBuffer buffer);
    }

    private static final String SUPPORTED =
        "supported: float32, float64, signed or unsigned integers of 1, 2, 4 or 8 bytes, bool";

    /** @throws FileFormatException naming {@code sourceName} if the descriptor is malformed or unsupported */
    static NpyDtype parse(String descr, String sourceName) throws FileFormatException {
        int at = 0;
        ByteOrder order = ByteOrder.LITTLE_ENDIAN;
        if (!descr.isEmpty() && "<>|=".indexOf(descr.charAt(0)) >= 0) {
            order = switch (descr.charAt(0)) {
                case '>' -> ByteOrder.BIG_ENDIAN;
                case '=' -> ByteOrder.nativeOrder();
                default -> ByteOrder.LITTLE_ENDIAN; // '|' means byte order is irrelevant
            };
            at = 1;
        }
        if (at >= descr.length()) throw unsupported(descr, "no type code", sourceName);
        char kind = descr.charAt(at);
        String sizeText = descr.substring(at + 1);
        if (!sizeText.matches("\\d{1,2}")) throw unsupported(descr, describeKind(kind), sourceName);
        int size = Integer.parseInt(sizeText);
        ElementDecoder decoder = decoderFor(kind, size);
        if (decoder == null) throw unsupported(descr, describeKind(kind), sourceName);
        return new NpyDtype(descr, size, order, decoder);
    }

    private static ElementDecoder decoderFor(char kind, int size) {
        return switch (kind) {
            case 'f' -> switch (size) {
                case 4 -> ByteBuffer::getFloat;
                case 8 -> ByteBuffer::getDouble;
                default -> null;
            };
            case 'i' -> switch (size) {
                case 1 -> ByteBuffer::get;
                case 2 -> ByteBuffer::getShort;
                case 4 -> ByteBuffer::getInt;
                case 8 -> buffer -> (double) buffer.getLong();
                default -> null;
            };
            case 'u' -> switch (size) {
                case 1 -> buffer -> buffer.get() & 0xFF;
                case 2 -> buffer -> buffer.getShort() & 0xFFFF;
                case 4 -> buffer -> buffer.getInt() & 0xFFFF_FFFFL;
                case 8 -> buffer -> unsignedToDouble(buffer.getLong());
                default -> null;
            };
            case 'b' -> size == 1 ? buffer -> buffer.get() != 0 ? 1 : 0 : null;
            default -> null;
        };
    }

    /** Converts an unsigned 64-bit value with correct rounding (halve, keeping the lost bit sticky). */
    private static double unsignedToDouble(long value) {
        if (value >= 0) return value;
        return ((double) ((value >>> 1) | (value & 1))) * 2.0;
    }

    private static String describeKind(char kind) {
        return switch (kind) {
            case 'f' -> "floating point of this size";
            case 'i', 'u' -> "integer of this size";
            case 'b' -> "bool of this size";
            case 'c' -> "complex numbers";
            case 'O' -> "Python objects";
            case 'S', 'a', 'U' -> "strings";
            case 'V' -> "raw or structured records";
            case 'M', 'm' -> "dates or time deltas";
            default -> "unknown type code '" + kind + "'";
        };
    }

    private static FileFormatException unsupported(String descr, String why, String sourceName) {
        return new FileFormatException(sourceName, "unsupported dtype '" + descr + "' (" + why + "); " + SUPPORTED);
    }

    /** @return the exception for a structured dtype, whose descriptor is a list rather than a string */
    static FileFormatException structuredUnsupported(String sourceName) {
        return new FileFormatException(sourceName, "unsupported dtype: structured records (the 'descr' entry is a list); "
            + SUPPORTED);
    }
}
