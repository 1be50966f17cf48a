package org.fusionj.io.fuzz;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.FloatProcessor;
import ij.process.ShortProcessor;

import io.jhdf.checksum.JenkinsLookup3HashLittle;

import org.fusionj.io.Hdf5GroupWriter;
import org.fusionj.io.Hdf5Writer;
import org.fusionj.io.NdArray;
import org.fusionj.io.VeloxJsonDataset;

/**
 * A seeded generator of damaged files: valid small files of each {@link Family} (several layouts each), then one
 * mutation per file: bit flips, truncation, header fields set to huge, negative or zero values, and edits that know
 * the format (NPY shapes and dtypes, zip directory sizes and offsets, TIFF directory entries, loops and image counts,
 * HDF5 data layouts with their checksums recomputed so the parser goes deeper). The same seed gives the same files.
 */
public final class DamagedFiles {

    /** A valid file to damage: its bytes and the key to open it with (or null). */
    public record Base(String name, byte[] bytes, String key) {
    }

    /** A damaged file: what was done to it, its bytes, and whether it was cut short. */
    public record Mutant(Base base, String mutation, byte[] bytes, boolean truncated) {
    }

    private static final long[] SPECIAL = {0, -1, 1, 0x7fffffffL, 0x80000000L, 0xffffffffL, 30000, 65535, 46341,
        -16843009, 0x7fffffffffffffffL, 20000};

    private DamagedFiles() {
    }

    /** The valid files each family's mutants start from. */
    public static List<Base> bases(Family family, Path scratch) throws IOException {
        List<Base> list = new ArrayList<>();
        switch (family) {
            case NPY -> {
                list.add(npy("f4", new int[] {12, 9}, "<f4"));
                list.add(npy("f8", new int[] {3, 5, 4}, "<f8"));
                list.add(npy("u2", new int[] {2, 2, 3, 4}, "<u2"));
                list.add(npy("bf4", new int[] {6, 7}, ">f4"));
            }
            case NPZ -> {
                list.add(npz("one", false, 1));
                list.add(npz("two", false, 2));
                list.add(npz("deflated", true, 1));
            }
            case HDF5 -> {
                Path f = scratch.resolve("base.h5");
                Files.deleteIfExists(f);
                try (Hdf5Writer w = Hdf5Writer.create(f)) {
                    w.writeDataset("image", ramp(6 * 8), 6, 8);
                }
                list.add(new Base("h5-one", Files.readAllBytes(f), null));
                Files.delete(f);
                try (Hdf5Writer w = Hdf5Writer.create(f)) {
                    w.group("maps").writeDataset("Sc", ramp(5 * 4), 5, 4);
                    w.writeDataset("costs", new double[] {1, 2, 3});
                }
                list.add(new Base("h5-group", Files.readAllBytes(f), "/maps/Sc"));
                Files.delete(f);
            }
            case EMD -> {
                Path f = scratch.resolve("base.emd");
                Files.deleteIfExists(f);
                try (Hdf5Writer w = Hdf5Writer.create(f)) {
                    Hdf5GroupWriter img = w.group("Data").group("Image").group("0123456789abcdef");
                    img.writeDataset("Data", new NdArray(new int[] {4, 5, 1}, toDoubles(ramp(20)), "<f4"));
                    img.writeDataset("Metadata", VeloxJsonDataset.encode("{\"BinaryResult\":{\"Detector\":\"HAADF\"}}"));
                }
                list.add(new Base("velox", Files.readAllBytes(f), null));
                Files.delete(f);
                try (Hdf5Writer w = Hdf5Writer.create(f)) {
                    Hdf5GroupWriter g = w.group("data").group("HAADF").attribute("emd_group_type", 1);
                    g.writeDataset("data", NdArray.of2D(3, 4, ramp(12)));
                    g.writeDataset("dim1", new double[] {0, 0.5, 1}).attribute("units", "[n_m]");
                    g.writeDataset("dim2", new double[] {0, 0.25, 0.5, 0.75}).attribute("units", "[n_m]");
                }
                list.add(new Base("berkeley", Files.readAllBytes(f), null));
                Files.delete(f);
            }
            case TIFF -> {
                ImageStack st = new ImageStack(9, 7);
                for (int s = 0; s < 3; s++) {
                    st.addSlice("slice " + s, new FloatProcessor(9, 7, ramp(63)));
                }
                ImagePlus stack = new ImagePlus("s", st);
                stack.getCalibration().pixelWidth = 0.5;
                stack.getCalibration().setUnit("nm");
                stack.setProperty("Info", "info text");
                Path f = scratch.resolve("base.tif");
                new FileSaver(stack).saveAsTiffStack(f.toString());
                list.add(new Base("imagej-float-stack", Files.readAllBytes(f), null));
                short[] px = new short[11 * 6];
                for (int i = 0; i < px.length; i++) {
                    px[i] = (short) (i * 997);
                }
                new FileSaver(new ImagePlus("u", new ShortProcessor(11, 6, px, null))).saveAsTiff(f.toString());
                list.add(new Base("imagej-16bit", Files.readAllBytes(f), null));
                Files.delete(f);
                list.add(new Base("deflate-float-pred3-tiles", TiffSamples.write(new TiffSamples.Spec(
                        ByteOrder.LITTLE_ENDIAN, 20, 18, 2, 32, 3, 8, 3, 16, 0, null)), null));
                list.add(new Base("deflate-u16-pred2-strips", TiffSamples.write(new TiffSamples.Spec(
                        ByteOrder.BIG_ENDIAN, 13, 10, 2, 16, 1, 8, 2, 0, 3, "plain")), null));
                list.add(new Base("packbits-u8", TiffSamples.write(new TiffSamples.Spec(
                        ByteOrder.LITTLE_ENDIAN, 17, 5, 3, 8, 1, 32773, 1, 0, 2, null)), null));
                list.add(new Base("float64-raw", TiffSamples.write(new TiffSamples.Spec(
                        ByteOrder.BIG_ENDIAN, 7, 6, 1, 64, 3, 1, 1, 0, 6, null)), null));
            }
            default -> throw new IllegalArgumentException(family.name());
        }
        return list;
    }

    /** One mutant of a base chosen by {@code random}. */
    public static Mutant mutate(Family family, List<Base> bases, Random random) {
        Base base = bases.get(random.nextInt(bases.size()));
        byte[] b = base.bytes().clone();
        int kind = random.nextInt(10);
        switch (kind) {
            case 0, 1 -> {
                int flips = 1 + random.nextInt(16);
                boolean head = random.nextBoolean();
                for (int i = 0; i < flips; i++) {
                    int at = head ? random.nextInt(Math.min(b.length, 512)) : random.nextInt(b.length);
                    b[at] ^= (byte) (1 << random.nextInt(8));
                }
                return finish(family, base, "bit flips x" + flips, b, random, false);
            }
            case 2, 3 -> {
                int cut = random.nextBoolean() ? random.nextInt(b.length) : b.length - 1 - random.nextInt(Math.min(64,
                        b.length - 1));
                return new Mutant(base, "truncated to " + cut + " of " + b.length, java.util.Arrays.copyOf(b, cut),
                        true);
            }
            case 4, 5 -> {
                long v = SPECIAL[random.nextInt(SPECIAL.length)];
                int width = new int[] {2, 4, 8}[random.nextInt(3)];
                int at = random.nextInt(Math.max(1, Math.min(b.length, 2048) - width)) & ~1;
                ByteOrder order = random.nextBoolean() ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
                put(b, at, width, v, order);
                return finish(family, base, "field at " + at + " = " + v + " (" + width + " bytes)", b, random, false);
            }
            default -> {
                return switch (family) {
                    case NPY -> npyHeaderEdit(base, b, random, 0);
                    case NPZ -> zipEdit(base, b, random);
                    case HDF5, EMD -> hdf5Edit(base, b, random);
                    case TIFF -> tiffEdit(base, b, random);
                };
            }
        }
    }

    /** For HDF5 families, half the generic mutants get their checksums recomputed so that jhdf parses deeper. */
    private static Mutant finish(Family family, Base base, String what, byte[] b, Random random, boolean truncated) {
        if ((family == Family.HDF5 || family == Family.EMD) && random.nextBoolean()) {
            rechecksum(b);
            return new Mutant(base, what + ", checksums fixed", b, truncated);
        }
        return new Mutant(base, what, b, truncated);
    }

    // ---- NPY / NPZ ----

    private static final String[] SHAPES = {"(40, 46341, 0, 1)", "(0,)", "(0, 5)", "(100000, 100000)", "(-1, 5)",
        "(3000000000, 2)", "(5, 7, 2, 3, 4)", "()", "(2, 3)", "(46341, 46341)", "(1, 1)", "(12,)",
        "(2147483647, 2147483647, 2)", "(7, 0, 3)", "(20000, 1, 1)"};
    private static final String[] DTYPES = {"<c8", "|O", "<f2", ">f4", "<U4", "|V8", "<i8", "|b1", "<M8", "f4", "",
        "<f16", "<u2", "|S3"};

    private static Mutant npyHeaderEdit(Base base, byte[] b, Random random, int start) {
        int headerLength = (b[start + 8] & 0xff) | (b[start + 9] & 0xff) << 8;
        int from = start + 10;
        if (from + headerLength > b.length) {
            return new Mutant(base, "npy header (unreadable)", b, false);
        }
        String header = new String(b, from, headerLength, StandardCharsets.ISO_8859_1);
        String edited;
        String what;
        switch (random.nextInt(3)) {
            case 0 -> {
                String shape = SHAPES[random.nextInt(SHAPES.length)];
                edited = header.replaceFirst("'shape': \\([^)]*\\)", "'shape': " + shape);
                what = "shape " + shape;
            }
            case 1 -> {
                String dtype = DTYPES[random.nextInt(DTYPES.length)];
                edited = header.replaceFirst("'descr': '[^']*'", "'descr': '" + dtype + "'");
                what = "dtype '" + dtype + "'";
            }
            default -> {
                edited = header.contains("False") ? header.replace("False", "True") : header.replace("True", "False");
                what = "fortran_order flipped";
            }
        }
        byte[] text = edited.getBytes(StandardCharsets.ISO_8859_1);
        if (text.length > headerLength) {
            return new Mutant(base, what + " (did not fit)", b, false);
        }
        byte[] padded = new byte[headerLength];
        java.util.Arrays.fill(padded, (byte) ' ');
        System.arraycopy(text, 0, padded, 0, text.length);
        padded[headerLength - 1] = '\n';
        System.arraycopy(padded, 0, b, from, headerLength);
        return new Mutant(base, "npy header: " + what, b, false);
    }

    private static Mutant zipEdit(Base base, byte[] b, Random random) {
        List<Integer> central = find(b, new byte[] {'P', 'K', 1, 2});
        List<Integer> end = find(b, new byte[] {'P', 'K', 5, 6});
        List<Integer> npy = find(b, new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'});
        int choice = random.nextInt(3);
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        if (choice == 0 && !central.isEmpty()) {
            int at = central.get(random.nextInt(central.size()));
            int[] fields = {20, 24, 42, 28, 10}; // compressed size, size, local offset, name length, method
            int field = fields[random.nextInt(fields.length)];
            long v = SPECIAL[random.nextInt(SPECIAL.length)];
            put(b, at + field, field == 28 || field == 10 ? 2 : 4, v, le);
            return new Mutant(base, "zip directory field +" + field + " = " + v, b, false);
        }
        if (choice == 1 && !end.isEmpty()) {
            int at = end.get(0);
            int[] fields = {8, 10, 12, 16}; // entries here, entries total, directory size, directory offset
            int field = fields[random.nextInt(fields.length)];
            long v = SPECIAL[random.nextInt(SPECIAL.length)];
            put(b, at + field, field < 12 ? 2 : 4, v, le);
            return new Mutant(base, "zip end record field +" + field + " = " + v, b, false);
        }
        if (!npy.isEmpty()) {
            Mutant m = npyHeaderEdit(base, b, random, npy.get(random.nextInt(npy.size())));
            return new Mutant(base, "inner " + m.mutation(), m.bytes(), false);
        }
        b[random.nextInt(b.length)] ^= 0x55;
        return new Mutant(base, "zip byte", b, false);
    }

    // ---- TIFF ----

    private static Mutant tiffEdit(Base base, byte[] b, Random random) {
        ByteOrder order = b[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        ByteBuffer bb = ByteBuffer.wrap(b).order(order);
        int first = bb.getInt(4);
        if (first < 8 || first + 2 > b.length) {
            return new Mutant(base, "tiff (no directory)", b, false);
        }
        int entries = Short.toUnsignedInt(bb.getShort(first));
        int nextField = first + 2 + 12 * entries;
        if (nextField + 4 > b.length) {
            return new Mutant(base, "tiff (short directory)", b, false);
        }
        String text = new String(b, StandardCharsets.ISO_8859_1);
        int images = text.indexOf("images=");
        int choice = random.nextInt(images >= 0 ? 5 : 4);
        if (choice <= 2) { // edit one directory entry: its value, its count or its type
            int at = first + 2 + 12 * random.nextInt(entries);
            int tag = Short.toUnsignedInt(bb.getShort(at));
            long v = SPECIAL[random.nextInt(SPECIAL.length)];
            if (choice == 2) {
                int type = new int[] {0, 1, 2, 3, 4, 5, 12, 16, 99}[random.nextInt(9)];
                bb.putShort(at + 2, (short) type);
                return new Mutant(base, "tag " + tag + " type = " + type, b, false);
            }
            bb.putInt(at + (choice == 0 ? 8 : 4), (int) v);
            return new Mutant(base, "tag " + tag + (choice == 0 ? " value = " : " count = ") + v, b, false);
        }
        switch (choice) {
            case 3 -> {
                int target = new int[] {first, 8, b.length + 100, b.length - 2, 0x7fffffff}[random.nextInt(5)];
                int at = nextField;
                int next = bb.getInt(nextField);
                if (next > 0 && next + 2 <= b.length && random.nextBoolean()) {
                    at = next + 2 + 12 * Short.toUnsignedInt(bb.getShort(next)); // the second directory's link
                    if (at + 4 > b.length) {
                        at = nextField;
                    }
                }
                bb.putInt(at, target);
                return new Mutant(base, "next directory -> " + target, b, false);
            }
            default -> {
                String[] claims = {"20000", "0", "-5", "-16843009", "4", "99999999999"};
                String claim = claims[random.nextInt(claims.length)];
                int from = images + 7;
                int to = text.indexOf('\n', from);
                byte[] edited = ("images=" + claim).getBytes(StandardCharsets.ISO_8859_1);
                int room = to - images;
                if (edited.length > room + 3) {
                    return new Mutant(base, "images= (no room)", b, false);
                }
                // keep the length: shift nothing, overwrite the digits and pad the rest with a blank key
                byte[] line = new byte[room];
                java.util.Arrays.fill(line, (byte) ' ');
                System.arraycopy(edited, 0, line, 0, Math.min(edited.length, room));
                System.arraycopy(line, 0, b, images, room);
                return new Mutant(base, "ImageJ images=" + claim, b, false);
            }
        }
    }

    // ---- HDF5 ----

    private static Mutant hdf5Edit(Base base, byte[] b, Random random) {
        List<Integer> headers = find(b, new byte[] {'O', 'H', 'D', 'R'});
        ByteOrder le = ByteOrder.LITTLE_ENDIAN;
        ByteBuffer bb = ByteBuffer.wrap(b).order(le);
        List<int[]> layouts = new ArrayList<>(); // {body position, body size}
        for (int h : headers) {
            forEachMessage(b, h, (type, body, size) -> {
                if (type == 8) {
                    layouts.add(new int[] {body, size});
                }
            });
        }
        if (!layouts.isEmpty() && random.nextInt(3) > 0) {
            int[] layout = layouts.get(random.nextInt(layouts.size()));
            int body = layout[0];
            if (b[body] == 3 && b[body + 1] == 1 && body + 18 <= b.length) { // version 3, contiguous
                long v = SPECIAL[random.nextInt(SPECIAL.length)];
                boolean address = random.nextBoolean();
                if (address) {
                    bb.putLong(body + 2, random.nextBoolean() ? v : b.length - 8);
                } else {
                    bb.putLong(body + 10, random.nextBoolean() ? v : 1L << (20 + random.nextInt(20)));
                }
                rechecksum(b);
                return new Mutant(base, "contiguous data " + (address ? "address" : "size") + " edited", b, false);
            }
        }
        if (!headers.isEmpty()) {
            int h = headers.get(random.nextInt(headers.size()));
            int at = h + 4 + random.nextInt(Math.max(1, Math.min(160, b.length - h - 12)));
            long v = SPECIAL[random.nextInt(SPECIAL.length)];
            put(b, at, new int[] {1, 2, 4, 8}[random.nextInt(4)], v, le);
            rechecksum(b);
            return new Mutant(base, "object header byte " + (at - h) + " = " + v + ", checksums fixed", b, false);
        }
        return new Mutant(base, "hdf5 (no object header)", b, false);
    }

    @FunctionalInterface
    private interface MessageVisitor {
        void visit(int type, int body, int size);
    }

    /** Where the first chunk of the version-2 object header at {@code h} starts and ends, or null. */
    private static long[] firstChunk(byte[] b, int h) {
        if (h + 6 > b.length || b[h + 4] != 2) {
            return null;
        }
        int flags = b[h + 5] & 0xff;
        int at = h + 6 + ((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0);
        int sizeBytes = 1 << (flags & 3);
        if (at + sizeBytes > b.length) {
            return null;
        }
        return new long[] {at + sizeBytes, at + sizeBytes + get(b, at, sizeBytes), flags};
    }

    /** Walks the messages of a version-2 object header's first chunk. */
    private static void forEachMessage(byte[] b, int h, MessageVisitor visitor) {
        long[] chunk = firstChunk(b, h);
        if (chunk == null) {
            return;
        }
        int at = (int) chunk[0];
        long end = Math.min(b.length - 4L, chunk[1]);
        int perMessage = 4 + ((chunk[2] & 0x04) != 0 ? 2 : 0);
        while (at + perMessage <= end) {
            int type = b[at] & 0xff;
            int size = (int) get(b, at + 1, 2);
            int body = at + perMessage;
            if (body + size > end) {
                return;
            }
            visitor.visit(type, body, size);
            at = body + size;
        }
    }

    /** Recomputes the checksums of the version-2 superblock and of every version-2 object header's first chunk. */
    public static void rechecksum(byte[] b) {
        if (b.length >= 48 && b[0] == (byte) 0x89 && b[1] == 'H' && (b[8] == 2 || b[8] == 3) && b[9] == 8) {
            putChecksum(b, 0, 44);
        }
        for (int h : find(b, new byte[] {'O', 'H', 'D', 'R'})) {
            long[] chunk = firstChunk(b, h);
            if (chunk != null && chunk[1] >= h && chunk[1] + 4 <= b.length) {
                putChecksum(b, h, (int) (chunk[1] - h));
            }
        }
    }

    private static void putChecksum(byte[] b, int from, int length) {
        byte[] block = java.util.Arrays.copyOfRange(b, from, from + length);
        int sum = JenkinsLookup3HashLittle.hash(block);
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putInt(from + length, sum);
    }

    // ---- helpers ----

    private static long get(byte[] b, int at, int width) {
        long v = 0;
        for (int i = width - 1; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    private static void put(byte[] b, int at, int width, long v, ByteOrder order) {
        for (int i = 0; i < width && at + i < b.length; i++) {
            int shift = order == ByteOrder.LITTLE_ENDIAN ? 8 * i : 8 * (width - 1 - i);
            b[at + i] = (byte) (v >>> shift);
        }
    }

    private static List<Integer> find(byte[] b, byte[] pattern) {
        List<Integer> at = new ArrayList<>();
        outer:
        for (int i = 0; i + pattern.length <= b.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (b[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            at.add(i);
        }
        return at;
    }

    private static float[] ramp(int n) {
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = 0.5f * i - 4;
        }
        return f;
    }

    private static double[] toDoubles(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /** An NPY file written here byte by byte, so any dtype and byte order can be a base. */
    static byte[] npyBytes(int[] shape, String descr, float[] values) {
        StringBuilder sh = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            sh.append(i > 0 ? ", " : "").append(shape[i]);
        }
        sh.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': " + sh + ", }";
        int total = 10 + dict.length() + 1;
        int padded = (total + 63) / 64 * 64;
        StringBuilder header = new StringBuilder(dict);
        while (10 + header.length() + 1 < padded) {
            header.append(' ');
        }
        header.append('\n');
        int item = Integer.parseInt(descr.substring(2));
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + values.length * item)
                .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.put((byte) header.length()).put((byte) (header.length() >> 8));
        out.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (float v : values) {
            switch (descr.substring(1)) {
                case "f4" -> out.putFloat(v);
                case "f8" -> out.putDouble(v);
                case "u2" -> out.putShort((short) Math.abs(v * 10));
                default -> throw new IllegalArgumentException(descr);
            }
        }
        return out.array();
    }

    private static Base npy(String name, int[] shape, String descr) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return new Base("npy-" + name, npyBytes(shape, descr, ramp(n)), null);
    }

    private static Base npz(String name, boolean compressed, int arrays) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            for (int a = 0; a < arrays; a++) {
                byte[] npy = npyBytes(new int[] {6, 5}, "<f4", ramp(30));
                java.util.zip.ZipEntry e = new java.util.zip.ZipEntry((a == 0 ? "HAADF" : "Sc") + ".npy");
                if (!compressed) {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    crc.update(npy);
                    e.setMethod(java.util.zip.ZipEntry.STORED);
                    e.setSize(npy.length);
                    e.setCompressedSize(npy.length);
                    e.setCrc(crc.getValue());
                }
                zip.putNextEntry(e);
                zip.write(npy);
                zip.closeEntry();
            }
        }
        return new Base("npz-" + name, bytes.toByteArray(), arrays > 1 ? "Sc" : null);
    }
}
