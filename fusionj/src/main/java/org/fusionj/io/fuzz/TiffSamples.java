package org.fusionj.io.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes small baseline TIFF files of the layouts FusionJ reads but ImageJ does not write (Deflate, predictors,
 * tiles, float64, either byte order), for the reader's tests and the fuzz generator. The image directory comes
 * after the pixel data, as many writers place it, so a truncated file loses its directory first.
 */
public final class TiffSamples {

    /** One sample file: sizes, sample type, layout and compression. */
    public record Spec(ByteOrder order, int width, int height, int pages, int bits, int sampleFormat,
            int compression, int predictor, int tile, int rowsPerStrip, String description) {
    }

    private TiffSamples() {
    }

    /** The value of pixel (x, y) of page p, as written (integers wrap to the sample size). */
    public static double value(Spec s, int p, int x, int y) {
        double v = 1000 * p + 37 * y + 3 * x + (s.sampleFormat() == 3 ? 0.25 : 0);
        return s.sampleFormat() == 2 ? v - 500 : v;
    }

    public static byte[] write(Spec s) {
        int bytes = s.bits() / 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[8]); // header, filled in at the end
        List<long[]> pageOffsets = new ArrayList<>();
        List<long[]> pageCounts = new ArrayList<>();
        int segW = s.tile() > 0 ? s.tile() : s.width();
        int segH = s.tile() > 0 ? s.tile() : Math.min(s.rowsPerStrip(), s.height());
        int across = (s.width() + segW - 1) / segW;
        int down = (s.height() + segH - 1) / segH;
        for (int p = 0; p < s.pages(); p++) {
            long[] offsets = new long[across * down];
            long[] counts = new long[across * down];
            for (int k = 0; k < offsets.length; k++) {
                int x0 = (k % across) * segW;
                int y0 = (k / across) * segH;
                int rows = s.tile() > 0 ? segH : Math.min(segH, s.height() - y0);
                ByteBuffer raw = ByteBuffer.allocate(segW * rows * bytes).order(s.order());
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < segW; c++) {
                        int x = x0 + c;
                        int y = y0 + r;
                        double v = x < s.width() && y < s.height() ? value(s, p, x, y) : 0;
                        putSample(raw, s, v);
                    }
                }
                byte[] data = raw.array();
                if (s.predictor() == 2) {
                    differenceIntegers(data, rows, segW, bytes, s.order());
                } else if (s.predictor() == 3) {
                    differenceFloats(data, rows, segW, bytes, s.order());
                }
                byte[] coded = switch (s.compression()) {
                    case 8 -> deflate(data);
                    case 32773 -> packBitsLiteral(data);
                    default -> data;
                };
                offsets[k] = out.size();
                counts[k] = coded.length;
                out.writeBytes(coded);
                if (out.size() % 2 == 1) {
                    out.write(0);
                }
            }
            pageOffsets.add(offsets);
            pageCounts.add(counts);
        }
        byte[] description = s.description() == null ? null
                : (s.description() + "\0").getBytes(StandardCharsets.ISO_8859_1);
        long descriptionAt = out.size();
        if (description != null) {
            out.writeBytes(description);
            if (out.size() % 2 == 1) {
                out.write(0);
            }
        }
        long first = 0;
        long previousNextField = -1;
        List<byte[]> chunks = new ArrayList<>();
        chunks.add(out.toByteArray());
        long position = out.size();
        List<long[]> patches = new ArrayList<>(); // {field position, value}
        for (int p = 0; p < s.pages(); p++) {
            long[] offsets = pageOffsets.get(p);
            long[] counts = pageCounts.get(p);
            // value arrays for offsets and counts (when more than one)
            long offsetsAt = 0;
            long countsAt = 0;
            ByteBuffer arrays = ByteBuffer.allocate(8 * offsets.length + 8).order(s.order());
            if (offsets.length > 1) {
                offsetsAt = position;
                for (long o : offsets) {
                    arrays.putInt((int) o);
                }
                countsAt = position + 4L * offsets.length;
                for (long c : counts) {
                    arrays.putInt((int) c);
                }
            }
            byte[] arr = java.util.Arrays.copyOf(arrays.array(), arrays.position());
            chunks.add(arr);
            position += arr.length;
            List<int[]> entries = new ArrayList<>();
            entries.add(new int[] {256, 4, 1, s.width()});
            entries.add(new int[] {257, 4, 1, s.height()});
            entries.add(new int[] {258, 3, 1, s.bits()});
            entries.add(new int[] {259, 3, 1, s.compression()});
            entries.add(new int[] {262, 3, 1, 1});
            if (description != null && p == 0) {
                entries.add(new int[] {270, 2, description.length, (int) descriptionAt});
            }
            if (s.tile() == 0) {
                entries.add(new int[] {273, 4, offsets.length, (int) (offsets.length > 1 ? offsetsAt : offsets[0])});
            }
            entries.add(new int[] {277, 3, 1, 1});
            if (s.tile() == 0) {
                entries.add(new int[] {278, 4, 1, segH});
                entries.add(new int[] {279, 4, counts.length, (int) (counts.length > 1 ? countsAt : counts[0])});
            }
            if (s.predictor() != 1) {
                entries.add(new int[] {317, 3, 1, s.predictor()});
            }
            if (s.tile() > 0) {
                entries.add(new int[] {322, 4, 1, s.tile()});
                entries.add(new int[] {323, 4, 1, s.tile()});
                entries.add(new int[] {324, 4, offsets.length, (int) (offsets.length > 1 ? offsetsAt : offsets[0])});
                entries.add(new int[] {325, 4, counts.length, (int) (counts.length > 1 ? countsAt : counts[0])});
            }
            entries.add(new int[] {339, 3, 1, s.sampleFormat()});
            long ifdAt = position;
            ByteBuffer ifd = ByteBuffer.allocate(2 + 12 * entries.size() + 4).order(s.order());
            ifd.putShort((short) entries.size());
            for (int[] e : entries) {
                ifd.putShort((short) e[0]).putShort((short) e[1]).putInt(e[2]);
                if (e[1] == 3 && e[2] == 1) {
                    ifd.putShort((short) e[3]).putShort((short) 0);
                } else {
                    ifd.putInt(e[3]);
                }
            }
            ifd.putInt(0);
            if (p == 0) {
                first = ifdAt;
            } else {
                patches.add(new long[] {previousNextField, ifdAt});
            }
            previousNextField = ifdAt + 2 + 12L * entries.size();
            chunks.add(ifd.array());
            position += ifd.capacity();
        }
        ByteBuffer all = ByteBuffer.allocate((int) position).order(s.order());
        for (byte[] c : chunks) {
            all.put(c);
        }
        all.put(0, (byte) (s.order() == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
        all.put(1, (byte) (s.order() == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M'));
        all.putShort(2, (short) 42);
        all.putInt(4, (int) first);
        for (long[] patch : patches) {
            all.putInt((int) patch[0], (int) patch[1]);
        }
        return all.array();
    }

    private static void putSample(ByteBuffer b, Spec s, double v) {
        switch (s.bits()) {
            case 8 -> b.put((byte) (long) v);
            case 16 -> b.putShort((short) (long) v);
            case 32 -> {
                if (s.sampleFormat() == 3) {
                    b.putFloat((float) v);
                } else {
                    b.putInt((int) (long) v);
                }
            }
            case 64 -> {
                if (s.sampleFormat() == 3) {
                    b.putDouble(v);
                } else {
                    b.putLong((long) v);
                }
            }
            default -> throw new IllegalArgumentException("bits " + s.bits());
        }
    }

    private static void differenceIntegers(byte[] d, int rows, int cols, int bytes, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(d).order(order);
        for (int r = 0; r < rows; r++) {
            for (int c = cols - 1; c >= 1; c--) {
                int at = (r * cols + c) * bytes;
                int prev = at - bytes;
                switch (bytes) {
                    case 1 -> d[at] = (byte) (d[at] - d[prev]);
                    case 2 -> b.putShort(at, (short) (b.getShort(at) - b.getShort(prev)));
                    case 4 -> b.putInt(at, b.getInt(at) - b.getInt(prev));
                    default -> b.putLong(at, b.getLong(at) - b.getLong(prev));
                }
            }
        }
    }

    /** The floating-point predictor: bytes of each row regrouped most significant first, then differenced. */
    private static void differenceFloats(byte[] d, int rows, int cols, int bytes, ByteOrder order) {
        int rowBytes = cols * bytes;
        byte[] tmp = new byte[rowBytes];
        boolean little = order == ByteOrder.LITTLE_ENDIAN;
        for (int r = 0; r < rows; r++) {
            int base = r * rowBytes;
            for (int s = 0; s < cols; s++) {
                for (int k = 0; k < bytes; k++) {
                    tmp[k * cols + s] = d[base + s * bytes + (little ? bytes - 1 - k : k)];
                }
            }
            for (int i = rowBytes - 1; i >= 1; i--) {
                tmp[i] = (byte) (tmp[i] - tmp[i - 1]);
            }
            System.arraycopy(tmp, 0, d, base, rowBytes);
        }
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!deflater.finished()) {
            out.write(buf, 0, deflater.deflate(buf));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** PackBits with literal runs only, plus one repeat run where two equal bytes meet. */
    private static byte[] packBitsLiteral(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int i = 0;
        while (i < data.length) {
            if (i + 2 < data.length && data[i] == data[i + 1] && data[i] == data[i + 2]) {
                int run = 3;
                while (i + run < data.length && run < 128 && data[i + run] == data[i]) {
                    run++;
                }
                out.write(1 - run);
                out.write(data[i]);
                i += run;
            } else {
                int n = Math.min(128, data.length - i);
                out.write(n - 1);
                out.write(data, i, n);
                i += n;
            }
        }
        return out.toByteArray();
    }
}
