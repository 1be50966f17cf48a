package org.fusionj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads images and spectrum images from Gatan Digital Micrograph DM3 and DM4 files.
 *
 * <p>The format (not published by Gatan; described from files by C. Boothroyd and G. Jefferis): a big-endian
 * header (version 3 or 4; the root directory's length; the byte order of the tag data), then a tree of tag
 * groups and data tags. A tag has a type byte (20 group, 21 data), a label, in DM4 its byte size, and for data a
 * {@code %%%%} delimiter and an "info" array of type codes describing a simple value, a string, a struct or an
 * array (of simple values or of structs); the values follow in the header's byte order. Images live under
 * {@code ImageList}: each entry's {@code ImageData} holds {@code Data} (an array), {@code DataType},
 * {@code Dimensions} (fastest first: x, y, then z or energy) and {@code Calibrations/Dimension} (per dimension
 * {@code Origin} in pixels, {@code Scale}, {@code Units}; calibrated value = (index - Origin) x Scale). Entries
 * listed under {@code Thumbnails} are previews and are skipped.
 *
 * <p>Safety: every length and count read from the file is checked against the bytes that remain before anything
 * is allocated or skipped; nesting depth and info arrays are bounded; pixel data are read only for images of a
 * supported type whose byte size matches their dimensions. Whatever the damage, the result is a
 * {@link FileFormatException} naming the file and the problem, never another exception or a huge allocation.
 * The file is read through an ordinary channel (no memory map).
 */
public final class DmReader {

    /** Deepest tag-group nesting accepted (real files use fewer than 15 levels). */
    static final int MAX_DEPTH = 64;
    /** Longest info array accepted (a struct of about 500 fields). */
    static final int MAX_INFO = 1024;
    /** Largest pixel array read, in elements (a Java array's limit). */
    static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /**
     * One image of the file.
     *
     * @param name      the image's name (its {@code Name} tag), or "image N"
     * @param dims      sizes, fastest first as DM lists them (x, y, then z or energy)
     * @param origins   per dimension, the calibration origin in pixels (0 when absent)
     * @param scales    per dimension, the calibrated size of one pixel (1 when absent)
     * @param units     per dimension, the calibration unit ("" when absent)
     * @param dataType  DM's data type code
     * @param data      the values as floats, in file order (fastest dimension first)
     * @param signal    the {@code ImageTags/Meta Data/Signal} tag ("EELS", "X-ray", ...) or ""
     * @param format    the {@code ImageTags/Meta Data/Format} tag ("Spectrum image", ...) or ""
     */
    public record DmImage(String name, int[] dims, double[] origins, double[] scales, String[] units, int dataType,
                          float[] data, String signal, String format) {

        /** The calibrated coordinate of index 0 along dimension {@code d}: {@code -origin * scale}. */
        public double offset(int d) {
            return -origins[d] * scales[d];
        }
    }

    private DmReader() {
    }

    /** Reads every image of the file that is not a thumbnail, in file order. */
    public static List<DmImage> readImages(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Parser p = new Parser(ch, name);
            Map<String, Object> root = p.parseFile();
            return p.images(root);
        } catch (FileFormatException e) {
            throw e;
        } catch (OutOfMemoryError e) {
            throw new FileFormatException(name, "not a readable DM3/DM4 file: an image too large for memory");
        } catch (RuntimeException e) {
            throw new FileFormatException(name, "not a readable DM3/DM4 file: " + e, e);
        }
    }

    /** A reference to an array of simple values left in the file. */
    record ArrayRef(long offset, long count, int type) {
    }

    /** An unnamed tag's key in a group: "#0", "#1", ... (DM lists dimensions and images unnamed). */
    static String unnamed(int index) {
        return "#" + index;
    }

    /** Tag parser over a channel; positions are absolute file offsets. */
    static final class Parser {
        private final FileChannel ch;
        private final String name;
        private final long size;
        private final ByteBuffer scratch = ByteBuffer.allocate(64);
        private long pos;
        private int version;
        private ByteOrder dataOrder;

        Parser(FileChannel ch, String name) throws IOException {
            this.ch = ch;
            this.name = name;
            this.size = ch.size();
        }

        private FileFormatException bad(String problem) {
            return new FileFormatException(name, problem);
        }

        Map<String, Object> parseFile() throws IOException {
            if (size < 16) {
                throw bad("too short for a DM3/DM4 header (" + size + " bytes)");
            }
            version = (int) readInt(4, ByteOrder.BIG_ENDIAN);
            if (version != 3 && version != 4) {
                throw bad("not a DM3/DM4 file (version field " + version + ", expected 3 or 4)");
            }
            long rootLength = readInt(version == 4 ? 8 : 4, ByteOrder.BIG_ENDIAN);
            if (rootLength < 0 || rootLength > size) {
                throw bad("header gives a root length of " + rootLength + " bytes, but the file has " + size);
            }
            long order = readInt(4, ByteOrder.BIG_ENDIAN);
            if (order != 0 && order != 1) {
                throw bad("byte-order field is " + order + " (expected 0 or 1)");
            }
            dataOrder = order == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
            return group(0);
        }

        /** A tag group at {@link #pos}: sorted and open flags, tag count, tags. */
        private Map<String, Object> group(int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw bad("tag groups nested deeper than " + MAX_DEPTH + " levels");
            }
            require(2, "a tag group header");
            pos += 2; // sorted, open
            long count = readInt(version == 4 ? 8 : 4, ByteOrder.BIG_ENDIAN);
            // Each tag takes at least 3 bytes (type and label length).
            if (count < 0 || count > remaining() / 3) {
                throw bad("a tag group claims " + count + " tags at offset " + pos + ", more than the "
                        + remaining() + " bytes left can hold");
            }
            Map<String, Object> tags = new LinkedHashMap<>();
            int unnamedIndex = 0;
            for (long t = 0; t < count; t++) {
                require(3, "a tag header");
                int type = readByte();
                if (type == 0) {
                    break; // end marker
                }
                int labelLength = (int) readInt(2, ByteOrder.BIG_ENDIAN);
                require(labelLength, "a tag label");
                String label = new String(readBytes(labelLength), StandardCharsets.ISO_8859_1);
                long end = -1;
                if (version == 4) {
                    long tagSize = readInt(8, ByteOrder.BIG_ENDIAN);
                    if (tagSize < 0 || tagSize > remaining()) {
                        throw bad("tag '" + label + "' claims " + tagSize + " bytes, but " + remaining()
                                + " remain");
                    }
                    end = pos + tagSize;
                }
                Object value;
                if (type == 20) {
                    value = group(depth + 1);
                } else if (type == 21) {
                    value = data(label);
                } else {
                    throw bad("unknown tag type " + type + " at offset " + (pos - 3 - labelLength)
                            + " (expected 20 or 21)");
                }
                if (end >= 0 && pos > end) {
                    throw bad("tag '" + label + "' runs past its declared size");
                }
                if (end >= 0) {
                    pos = end;
                }
                if (label.isEmpty() || tags.containsKey(label)) {
                    tags.put(unnamed(unnamedIndex++), value);
                } else {
                    tags.put(label, value);
                }
            }
            return tags;
        }

        /** A data tag after its label: delimiter, info array, value. */
        private Object data(String label) throws IOException {
            require(4, "a data tag delimiter");
            byte[] delimiter = readBytes(4);
            if (delimiter[0] != '%' || delimiter[1] != '%' || delimiter[2] != '%' || delimiter[3] != '%') {
                throw bad("data tag '" + label + "' lacks its %%%% delimiter at offset " + (pos - 4));
            }
            int word = version == 4 ? 8 : 4;
            long n = readInt(word, ByteOrder.BIG_ENDIAN);
            if (n < 1 || n > MAX_INFO || n * word > remaining()) {
                throw bad("data tag '" + label + "' has an info array of " + n + " entries");
            }
            long[] info = new long[(int) n];
            for (int i = 0; i < n; i++) {
                info[i] = readInt(word, ByteOrder.BIG_ENDIAN);
            }
            return value(label, info);
        }

        private Object value(String label, long[] info) throws IOException {
            int type = (int) info[0];
            if (info.length == 1) {
                return simple(label, type);
            }
            if (type == 18 && info.length == 2) { // string of UTF-16 characters
                long chars = info[1];
                if (chars < 0 || chars * 2 > remaining()) {
                    throw bad("string tag '" + label + "' claims " + chars + " characters, " + remaining()
                            + " bytes left");
                }
                byte[] b = readBytes((int) (chars * 2));
                return new String(b, dataOrder == ByteOrder.LITTLE_ENDIAN ? StandardCharsets.UTF_16LE
                        : StandardCharsets.UTF_16BE);
            }
            if (type == 15) { // struct: [15, name length, fields, (name length, type) x fields]
                int fields = structFields(label, info, 1);
                List<Object> values = new ArrayList<>();
                for (int f = 0; f < fields; f++) {
                    values.add(simple(label, (int) info[4 + 2 * f]));
                }
                return values;
            }
            if (type == 20) {
                int element = (int) info[1];
                if (element == 15) { // array of structs: [20, 15, name length, fields, pairs..., count]
                    int fields = structFields(label, info, 2);
                    long count = info[4 + 2 * fields];
                    long bytes = 0;
                    for (int f = 0; f < fields; f++) {
                        bytes += simpleSize(label, (int) info[5 + 2 * f]);
                    }
                    skip(label, count, bytes);
                    return "array of " + count + " structs";
                }
                if (info.length != 3) {
                    throw bad("array tag '" + label + "' has an unsupported info array of " + info.length
                            + " entries");
                }
                long count = info[2];
                int size = simpleSize(label, element);
                long offset = pos;
                skip(label, count, size);
                return new ArrayRef(offset, count, element);
            }
            throw bad("tag '" + label + "' has an unsupported type code " + type);
        }

        /** Checks a struct description starting at {@code info[at]} and returns its field count. */
        private int structFields(String label, long[] info, int at) throws FileFormatException {
            long fields = info.length < at + 2 ? -1 : info[at + 1];
            long needed = at + 2 + 2 * fields + (at == 2 ? 1 : 0);
            if (fields < 0 || needed != info.length) {
                throw bad("struct tag '" + label + "' has a malformed description (" + fields
                        + " fields in an info array of " + info.length + ")");
            }
            return (int) fields;
        }

        private void skip(String label, long count, long elementBytes) throws IOException {
            if (count < 0 || (elementBytes > 0 && count > remaining() / elementBytes)) {
                throw bad("array tag '" + label + "' claims " + count + " elements of " + elementBytes
                        + " bytes, but " + remaining() + " bytes remain");
            }
            pos += count * elementBytes;
        }

        private Object simple(String label, int type) throws IOException {
            int size = simpleSize(label, type);
            require(size, "the value of tag '" + label + "'");
            ByteBuffer b = read(size, dataOrder);
            return switch (type) {
                case 2 -> (long) b.getShort();
                case 3 -> (long) b.getInt();
                case 4 -> (long) (b.getShort() & 0xffff);
                case 5 -> b.getInt() & 0xffffffffL;
                case 6 -> (double) b.getFloat();
                case 7 -> b.getDouble();
                case 8, 10 -> (long) (b.get() & 0xff);
                case 9 -> (long) b.get();
                case 11, 12 -> b.getLong();
                default -> throw bad("tag '" + label + "' has an unknown type code " + type);
            };
        }

        private int simpleSize(String label, int type) throws FileFormatException {
            return switch (type) {
                case 2, 4 -> 2;
                case 3, 5, 6 -> 4;
                case 7, 11, 12 -> 8;
                case 8, 9, 10 -> 1;
                default -> throw bad("tag '" + label + "' has an unsupported element type code " + type);
            };
        }

        // ---- images

        @SuppressWarnings("unchecked")
        List<DmImage> images(Map<String, Object> root) throws IOException {
            Object list = root.get("ImageList");
            if (!(list instanceof Map)) {
                throw bad("no ImageList tag group: not an image file");
            }
            List<Long> thumbnails = new ArrayList<>();
            if (root.get("Thumbnails") instanceof Map<?, ?> th) {
                for (Object entry : th.values()) {
                    if (entry instanceof Map<?, ?> m && m.get("ImageIndex") instanceof Long index) {
                        thumbnails.add(index);
                    }
                }
            }
            List<DmImage> images = new ArrayList<>();
            long index = 0;
            for (Object entry : ((Map<String, Object>) list).values()) {
                long i = index++;
                if (thumbnails.contains(i) || !(entry instanceof Map)) {
                    continue;
                }
                images.add(image((Map<String, Object>) entry, i));
            }
            if (images.isEmpty()) {
                throw bad("ImageList holds no image besides thumbnails");
            }
            return images;
        }

        @SuppressWarnings("unchecked")
        private DmImage image(Map<String, Object> entry, long index) throws IOException {
            String label = "image " + index;
            if (!(entry.get("ImageData") instanceof Map<?, ?> dataGroup)) {
                throw bad(label + " has no ImageData group");
            }
            Map<String, Object> imageData = (Map<String, Object>) dataGroup;
            if (!(imageData.get("Data") instanceof ArrayRef data)) {
                throw bad(label + " has no Data array");
            }
            if (!(imageData.get("DataType") instanceof Long dataTypeValue)) {
                throw bad(label + " has no DataType");
            }
            int dataType = (int) (long) dataTypeValue;
            if (!(imageData.get("Dimensions") instanceof Map<?, ?> dimsGroup) || dimsGroup.isEmpty()
                    || dimsGroup.size() > 8) {
                throw bad(label + " has no (or too many) Dimensions");
            }
            int rank = dimsGroup.size();
            int[] dims = new int[rank];
            long elements = 1;
            int d = 0;
            for (Object v : dimsGroup.values()) {
                if (!(v instanceof Long n) || n < 1 || n > MAX_ELEMENTS) {
                    throw bad(label + ": dimension " + d + " is " + v);
                }
                dims[d++] = (int) (long) n;
                elements *= n;
                if (elements > MAX_ELEMENTS) {
                    throw bad(label + ": " + java.util.Arrays.toString(dims) + " elements exceed what one Java array "
                            + "holds; crop or bin the data in Digital Micrograph first");
                }
            }
            int pixelBytes = pixelSize(label, dataType);
            long arrayBytes = data.count() * simpleSize(label, data.type());
            if (arrayBytes != elements * pixelBytes) {
                throw bad(label + ": the Data array holds " + arrayBytes + " bytes, but " + elements
                        + " pixels of data type " + dataType + " need " + elements * pixelBytes);
            }
            double[] origins = new double[rank];
            double[] scales = new double[rank];
            String[] units = new String[rank];
            java.util.Arrays.fill(scales, 1);
            java.util.Arrays.fill(units, "");
            if (imageData.get("Calibrations") instanceof Map<?, ?> cal
                    && cal.get("Dimension") instanceof Map<?, ?> dimCal) {
                int k = 0;
                for (Object v : dimCal.values()) {
                    if (k >= rank) {
                        break;
                    }
                    if (v instanceof Map<?, ?> m) {
                        origins[k] = number(m.get("Origin"), 0);
                        scales[k] = number(m.get("Scale"), 1);
                        units[k] = m.get("Units") instanceof String s ? s : "";
                    }
                    k++;
                }
            }
            String name = entry.get("Name") instanceof String s && !s.isBlank() ? s : label;
            String signal = "";
            String format = "";
            if (entry.get("ImageTags") instanceof Map<?, ?> tags && tags.get("Meta Data") instanceof Map<?, ?> meta) {
                signal = meta.get("Signal") instanceof String s ? s : "";
                format = meta.get("Format") instanceof String s ? s : "";
            }
            // The data fit in the file (checked above); the float copy must also fit the heap.
            MemoryBudget.require(4L * elements, this.name, "a " + elements + "-pixel image");
            float[] values = pixels(data.offset(), (int) elements, dataType);
            return new DmImage(name, dims, origins, scales, units, dataType, values, signal, format);
        }

        private static double number(Object v, double fallback) {
            if (v instanceof Double x && Double.isFinite(x)) {
                return x;
            }
            if (v instanceof Long x) {
                return x;
            }
            return fallback;
        }

        private int pixelSize(String label, int dataType) throws FileFormatException {
            return switch (dataType) {
                case 6, 9, 14 -> 1;
                case 1, 10 -> 2;
                case 2, 7, 11 -> 4;
                case 12 -> 8;
                default -> throw bad(label + " has data type " + dataType + " (" + typeName(dataType)
                        + "), which FusionJ does not read; convert it to real numbers in Digital Micrograph");
            };
        }

        private static String typeName(int dataType) {
            return switch (dataType) {
                case 3, 13 -> "complex";
                case 5, 27, 28 -> "packed complex";
                case 8, 23 -> "RGB";
                default -> "unknown";
            };
        }

        /** Reads {@code n} pixels of {@code dataType} from {@code offset} as floats, in chunks. */
        private float[] pixels(long offset, int n, int dataType) throws IOException {
            int size = pixelSize("", dataType);
            float[] out = new float[n];
            ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(dataOrder);
            long at = offset;
            int done = 0;
            while (done < n) {
                int count = Math.min(n - done, buf.capacity() / size);
                buf.clear().limit(count * size);
                readFully(buf, at);
                buf.flip();
                for (int i = 0; i < count; i++) {
                    out[done + i] = switch (dataType) {
                        case 1 -> buf.getShort();
                        case 10 -> buf.getShort() & 0xffff;
                        case 2 -> buf.getFloat();
                        case 7 -> buf.getInt();
                        case 11 -> (float) (buf.getInt() & 0xffffffffL);
                        case 12 -> (float) buf.getDouble();
                        case 9 -> buf.get();
                        default -> buf.get() & 0xff; // 6, 14
                    };
                }
                at += (long) count * size;
                done += count;
            }
            return out;
        }

        // ---- low-level reads

        private long remaining() {
            return size - pos;
        }

        private void require(long bytes, String what) throws FileFormatException {
            if (bytes < 0 || bytes > remaining()) {
                throw bad("truncated: " + what + " at offset " + pos + " needs " + bytes + " bytes, " + remaining()
                        + " remain");
            }
        }

        private int readByte() throws IOException {
            return read(1, ByteOrder.BIG_ENDIAN).get() & 0xff;
        }

        private byte[] readBytes(int n) throws IOException {
            require(n, "bytes");
            ByteBuffer b = ByteBuffer.allocate(n);
            readFully(b, pos);
            pos += n;
            return b.array();
        }

        /** An unsigned (2 bytes) or signed (4, 8 bytes) big- or little-endian integer. */
        private long readInt(int bytes, ByteOrder order) throws IOException {
            ByteBuffer b = read(bytes, order);
            return switch (bytes) {
                case 2 -> b.getShort() & 0xffff;
                case 4 -> b.getInt();
                default -> b.getLong();
            };
        }

        private ByteBuffer read(int n, ByteOrder order) throws IOException {
            require(n, "a field");
            scratch.clear().limit(n);
            readFully(scratch, pos);
            pos += n;
            scratch.flip();
            return scratch.order(order);
        }

        private void readFully(ByteBuffer b, long at) throws IOException {
            long p = at;
            while (b.hasRemaining()) {
                int r = ch.read(b, p);
                if (r < 0) {
                    throw bad("truncated at offset " + p);
                }
                p += r;
            }
        }
    }
}
