package org.fusionj.io;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes DM3 and DM4 files from a tag tree, after the format description in {@link DmReader}: the generator of the
 * reader's test files. Values are written in the chosen byte order; headers, lengths and info arrays big-endian;
 * DM4 tags carry their byte size.
 */
final class DmFileBuilder {

    static final int SHORT = 2;
    static final int LONG = 3;
    static final int USHORT = 4;
    static final int ULONG = 5;
    static final int FLOAT = 6;
    static final int DOUBLE = 7;
    static final int BOOL = 8;
    static final int CHAR = 9;
    static final int OCTET = 10;
    static final int LONG8 = 11;

    private final int version;
    private final ByteOrder order;
    private final Group root = new Group();

    DmFileBuilder(int version, boolean littleEndian) {
        this.version = version;
        this.order = littleEndian ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    }

    Group root() {
        return root;
    }

    /** A tag group: an ordered list of entries. */
    final class Group {
        final List<Object[]> entries = new ArrayList<>(); // {label, Group | Data}

        Group group(String label) {
            Group g = new Group();
            entries.add(new Object[] {label, g});
            return g;
        }

        Group simple(String label, int type, double value) {
            entries.add(new Object[] {label, new Data(new long[] {type}, w -> writeSimple(w, type, value))});
            return this;
        }

        Group string(String label, String value) {
            entries.add(new Object[] {label, new Data(new long[] {18, value.length()}, w -> {
                for (char c : value.toCharArray()) {
                    w.putShort((short) c);
                }
            })});
            return this;
        }

        Group struct(String label, int[] types, double[] values) {
            long[] info = new long[3 + 2 * types.length];
            info[0] = 15;
            info[2] = types.length;
            for (int i = 0; i < types.length; i++) {
                info[4 + 2 * i] = types[i];
            }
            entries.add(new Object[] {label, new Data(info, w -> {
                for (int i = 0; i < types.length; i++) {
                    writeSimple(w, types[i], values[i]);
                }
            })});
            return this;
        }

        Group array(String label, int type, double[] values) {
            entries.add(new Object[] {label, new Data(new long[] {20, type, values.length}, w -> {
                for (double v : values) {
                    writeSimple(w, type, v);
                }
            })});
            return this;
        }

        /** An array of raw bytes already in the file's byte order (image data). */
        Group rawArray(String label, int type, long count, byte[] bytes) {
            entries.add(new Object[] {label, new Data(new long[] {20, type, count}, w -> w.put(bytes))});
            return this;
        }

        Group arrayOfStructs(String label, int[] types, int count) {
            long[] info = new long[5 + 2 * types.length];
            info[0] = 20;
            info[1] = 15;
            info[3] = types.length;
            for (int i = 0; i < types.length; i++) {
                info[5 + 2 * i] = types[i];
            }
            info[4 + 2 * types.length] = count;
            entries.add(new Object[] {label, new Data(info, w -> {
                for (int k = 0; k < count; k++) {
                    for (int t : types) {
                        writeSimple(w, t, k);
                    }
                }
            })});
            return this;
        }
    }

    /** A data tag: its info array and a writer of its value. */
    record Data(long[] info, java.util.function.Consumer<Out> value) {
    }

    /** A growable buffer in the file's data byte order. */
    final class Out {
        ByteBuffer b = ByteBuffer.allocate(1024).order(order);

        void ensure(int n) {
            if (b.remaining() < n) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(b.capacity() * 2, b.position() + n)).order(order);
                b.flip();
                bigger.put(b);
                b = bigger;
            }
        }

        void putShort(short v) {
            ensure(2);
            b.putShort(v);
        }

        void put(byte[] v) {
            ensure(v.length);
            b.put(v);
        }

        byte[] bytes() {
            byte[] out = new byte[b.position()];
            b.flip();
            b.get(out);
            return out;
        }
    }

    private void writeSimple(Out w, int type, double v) {
        w.ensure(8);
        ByteBuffer b = w.b;
        switch (type) {
            case SHORT, USHORT -> b.putShort((short) (long) v);
            case LONG, ULONG -> b.putInt((int) (long) v);
            case FLOAT -> b.putFloat((float) v);
            case DOUBLE -> b.putDouble(v);
            case BOOL, CHAR, OCTET -> b.put((byte) (long) v);
            case LONG8, 12 -> b.putLong((long) v);
            default -> throw new IllegalArgumentException("type " + type);
        }
    }

    byte[] build() {
        byte[] body = group(root);
        ByteBuffer head = ByteBuffer.allocate(version == 4 ? 16 : 12).order(ByteOrder.BIG_ENDIAN);
        head.putInt(version);
        if (version == 4) {
            head.putLong(body.length + 8);
        } else {
            head.putInt(body.length + 8);
        }
        head.putInt(order == ByteOrder.LITTLE_ENDIAN ? 1 : 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.array());
        out.writeBytes(body);
        out.writeBytes(new byte[8]); // end marker
        return out.toByteArray();
    }

    private byte[] group(Group g) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(1); // sorted
        out.write(0); // open
        out.writeBytes(big(version == 4 ? 8 : 4, g.entries.size()));
        for (Object[] e : g.entries) {
            String label = (String) e[0];
            byte[] labelBytes = label.getBytes(StandardCharsets.ISO_8859_1);
            byte[] content;
            int type;
            if (e[1] instanceof Group sub) {
                type = 20;
                content = group(sub);
            } else {
                type = 21;
                Data d = (Data) e[1];
                ByteArrayOutputStream c = new ByteArrayOutputStream();
                c.writeBytes("%%%%".getBytes(StandardCharsets.US_ASCII));
                int word = version == 4 ? 8 : 4;
                c.writeBytes(big(word, d.info().length));
                for (long v : d.info()) {
                    c.writeBytes(big(word, v));
                }
                Out w = new Out();
                d.value().accept(w);
                c.writeBytes(w.bytes());
                content = c.toByteArray();
            }
            out.write(type);
            out.writeBytes(big(2, labelBytes.length));
            out.writeBytes(labelBytes);
            if (version == 4) {
                out.writeBytes(big(8, content.length));
            }
            out.writeBytes(content);
        }
        return out.toByteArray();
    }

    private static byte[] big(int bytes, long v) {
        ByteBuffer b = ByteBuffer.allocate(bytes).order(ByteOrder.BIG_ENDIAN);
        switch (bytes) {
            case 2 -> b.putShort((short) v);
            case 4 -> b.putInt((int) v);
            default -> b.putLong(v);
        }
        return b.array();
    }

    // ---- whole images

    /** DM data type codes and their array element types and sizes. */
    static int elementType(int dataType) {
        return switch (dataType) {
            case 1 -> SHORT;
            case 10 -> USHORT;
            case 2 -> FLOAT;
            case 7 -> LONG;
            case 11 -> ULONG;
            case 12 -> DOUBLE;
            case 9 -> CHAR;
            default -> OCTET;
        };
    }

    /** The pixels encoded as {@code dataType} in the file's byte order. */
    byte[] encode(int dataType, double[] values) {
        Out w = new Out();
        for (double v : values) {
            writeSimple(w, elementType(dataType), v);
        }
        return w.bytes();
    }

    /**
     * Adds an {@code ImageList} with a small thumbnail (entry 0, listed under {@code Thumbnails}) and the given image
     * (entry 1) with its calibrations and meta data, plus some unrelated tags of every kind.
     */
    void addImage(String name, int dataType, int[] dims, double[] values, double[] origins, double[] scales,
                  String[] units, String signal, String format) {
        Group r = root;
        r.group("ApplicationBounds").simple("", LONG, 0).simple("", LONG, 0).simple("", LONG, 1024);
        r.group("DocumentObjectList").group("").struct("Rect", new int[] {FLOAT, FLOAT, FLOAT, FLOAT},
                new double[] {0, 0, 512, 512}).string("Label", "window");
        Group list = r.group("ImageList");
        Group thumb = list.group("");
        Group thumbData = thumb.group("ImageData");
        thumbData.rawArray("Data", OCTET, 4, encode(6, new double[] {1, 2, 3, 4}));
        thumbData.simple("DataType", LONG, 6);
        thumbData.group("Dimensions").simple("", ULONG, 2).simple("", ULONG, 2);
        Group main = list.group("");
        main.string("Name", name);
        Group data = main.group("ImageData");
        Group cal = data.group("Calibrations");
        cal.group("Brightness").simple("Origin", FLOAT, 0).simple("Scale", FLOAT, 1).string("Units", "counts");
        Group dim = cal.group("Dimension");
        for (int d = 0; d < dims.length; d++) {
            dim.group("").simple("Origin", FLOAT, origins[d]).simple("Scale", FLOAT, scales[d])
                    .string("Units", units[d]);
        }
        long count = 1;
        for (int d : dims) {
            count *= d;
        }
        data.rawArray("Data", elementType(dataType), count, encode(dataType, values));
        data.simple("DataType", LONG, dataType);
        Group dg = data.group("Dimensions");
        for (int d : dims) {
            dg.simple("", ULONG, d);
        }
        data.simple("PixelDepth", LONG, 4);
        Group tags = main.group("ImageTags");
        Group meta = tags.group("Meta Data");
        meta.string("Signal", signal).string("Format", format);
        tags.arrayOfStructs("Spectral table", new int[] {FLOAT, LONG}, 3);
        tags.array("Histogram", FLOAT, new double[] {1, 2, 3, 4, 5});
        tags.simple("Flag", BOOL, 1);
        r.group("Thumbnails").group("").simple("ImageIndex", ULONG, 0);
    }
}
