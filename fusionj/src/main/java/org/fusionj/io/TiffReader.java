package org.fusionj.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.DataFormatException;

import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

/**
 * FusionJ's own baseline TIFF reader: bounded on any file, damaged or not.
 * <ul>
 * <li>Reads classic TIFF and BigTIFF, either byte order; strips or tiles; uncompressed, LZW, Deflate and PackBits,
 *     with horizontal (2) or floating-point (3) predictor; 8-, 16-, 32- and 64-bit samples, unsigned, signed or
 *     float; 8-bit RGB.</li>
 * <li>Gives what ImageJ's opener gives for the files FusionJ writes and users bring: unsigned 8/16-bit stay 8/16-bit,
 *     signed 16-bit is shifted by 32768 with ImageJ's signed calibration, everything else (32-bit integers, 64-bit
 *     integers and floats) becomes 32-bit float. ImageJ's description sets the hyperstack dimensions (images,
 *     channels, slices, frames) and the calibration (unit, spacing, origin, frame interval, value function); the
 *     resolution tags set the pixel size; ImageJ's private tags give the Info text, slice labels and properties.
 *     Display ranges, LUTs, ROIs and overlays are not read.</li>
 * <li>Never loops or allocates on a header's word alone: the chain of image directories is followed once (a loop is
 *     refused), every strip or tile must lie inside the file, a compressed segment must be able to hold what the
 *     image needs, each decoder stops at the size the image needs, a short segment is refused (never zero-filled),
 *     and the heap is checked before the pixels are allocated.</li>
 * </ul>
 * Sample layouts it does not decode (1-, 12- or 24-bit samples, 16-bit or planar RGB, extra channels per pixel) are
 * handed to ImageJ's own TIFF reader, after this reader has checked the file's structure and the memory, and under
 * {@link ReadWatchdog}'s time limit.
 */
public final class TiffReader {

    private enum Kind {
        U8(1), I8(1), U16(2), I16(2), U32(4), I32(4), U64(8), I64(8), F32(4), F64(8), RGB(3);

        final int bytes;

        Kind(int bytes) {
            this.bytes = bytes;
        }
    }

    /** Where one page's pixels are: tiles or strips of segW x segH pixels, in row order. */
    private record Page(TiffDirectory dir, int width, int height, Kind kind, int bitsPerPixel, long compression,
            int predictor, int segW, int segH, long[] offsets, long[] counts, long shift) {

        int across() {
            return (width + segW - 1) / segW;
        }

        int segments() {
            return across() * ((height + segH - 1) / segH);
        }

        Page shifted(long by) {
            return new Page(dir, width, height, kind, bitsPerPixel, compression, predictor, segW, segH, offsets, counts,
                    by);
        }
    }

    private TiffReader() {
    }

    /** Whether {@code head} (the first 4 bytes of a file or more) starts like a TIFF or BigTIFF file. */
    public static boolean looksLikeTiff(byte[] head) {
        if (head.length < 4) {
            return false;
        }
        boolean ii = head[0] == 'I' && head[1] == 'I' && head[3] == 0 && (head[2] == 42 || head[2] == 43);
        boolean mm = head[0] == 'M' && head[1] == 'M' && head[2] == 0 && (head[3] == 42 || head[3] == 43);
        return ii || mm;
    }

    /** Opens {@code file} as an ImageJ image titled with its file name. */
    public static ImagePlus open(Path file) throws IOException {
        String name = file.getFileName().toString();
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.READ);
        } catch (AccessDeniedException e) {
            throw ImageFiles.permissionDenied(file);
        }
        try (channel) {
            return read(channel, name, file);
        }
    }

    /**
     * The width and height of the file's first image, from its first image directory only (no pixels read), with
     * the same checks on the header as {@link #open}.
     */
    public static int[] firstImageSize(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            TiffDirectory dir0 = firstDirectory(channel, name).dir0();
            return new int[] {(int) dir0.number(TiffDirectory.WIDTH, 0), (int) dir0.number(TiffDirectory.LENGTH, 0)};
        } catch (AccessDeniedException e) {
            throw ImageFiles.permissionDenied(file);
        }
    }

    /** The parts of a TIFF file's header that {@link #read} goes on from. */
    private record Header(TiffDirectory.Input in, ByteOrder order, long first, TiffDirectory dir0) {
    }

    private static Header firstDirectory(FileChannel channel, String name) throws IOException {
        long size = channel.size();
        if (size < 8) {
            throw new FileFormatException(name, "only " + size + " bytes long: too short to be a TIFF file");
        }
        ByteBuffer head = ByteBuffer.allocate(16);
        channel.read(head, 0);
        byte[] h = head.array();
        if (!looksLikeTiff(h)) {
            throw new FileFormatException(name, "not a TIFF file (it does not start with II*. or MM.*)");
        }
        ByteOrder order = h[0] == 'I' ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        head.order(order);
        boolean big = head.getShort(2) == 43;
        long first;
        if (big) {
            if (size < 16 || head.getShort(4) != 8) {
                throw new FileFormatException(name, "damaged BigTIFF header");
            }
            first = head.getLong(8);
        } else {
            first = Integer.toUnsignedLong(head.getInt(4));
        }
        TiffDirectory.Input in = new TiffDirectory.Input(channel, size, order, big, name);
        if (first < 8 || first >= size) {
            throw new FileFormatException(name, "the first image directory would be at byte "
                    + Long.toUnsignedString(first) + " of a " + size + "-byte file: the file is truncated or damaged");
        }
        return new Header(in, order, first, TiffDirectory.read(in, first));
    }

    private static ImagePlus read(FileChannel channel, String name, Path file) throws IOException {
        long size = channel.size();
        Header header = firstDirectory(channel, name);
        TiffDirectory.Input in = header.in();
        ByteOrder order = header.order();
        long first = header.first();
        TiffDirectory dir0 = header.dir0();
        TiffImageJMetadata meta = TiffImageJMetadata.of(dir0, order);
        int images = meta.integer("images", 1);
        if (meta.isImageJ() && meta.description.containsKey("images") && images < 1) {
            throw new FileFormatException(name, "its ImageJ description claims " + meta.description.get("images")
                    + " images: the file is damaged");
        }
        Page p0 = page(in, dir0, 1);
        List<Page> pages = new ArrayList<>();
        if (p0.kind() != null && meta.isImageJ() && images > 1 && p0.compression() == TiffCodecs.NONE
                && contiguous(p0)) {
            // ImageJ stacks: the images follow each other after the first; ImageJ reads only the first directory
            long imageBytes = (long) p0.width() * p0.height() * p0.kind().bytes;
            long end = p0.offsets()[0] + images * imageBytes;
            if (images > size / Math.max(1, imageBytes) + 1 || end > size) {
                throw new FileFormatException(name, "claims " + images + " images of " + p0.width() + " x "
                        + p0.height() + " pixels (" + Bytes.text(images * imageBytes) + " from byte "
                        + p0.offsets()[0] + ") but the file has only " + size + " bytes: it is truncated or its header"
                        + " is damaged");
            }
            for (int i = 0; i < images; i++) {
                pages.add(p0.shifted(i * imageBytes));
            }
        } else {
            pages.add(p0);
            Set<Long> seen = new HashSet<>();
            seen.add(first);
            long next = dir0.next;
            while (next != 0) {
                if (!seen.add(next)) {
                    throw new FileFormatException(name, "the chain of image directories loops back to byte " + next
                            + " (after " + seen.size() + " directories): the file is damaged");
                }
                if (next >= size) {
                    throw new FileFormatException(name, "image directory " + (seen.size()) + " would be at byte "
                            + Long.toUnsignedString(next) + " of a " + size + "-byte file: the file is truncated");
                }
                TiffDirectory dir = TiffDirectory.read(in, next);
                next = dir.next;
                if ((dir.number(TiffDirectory.NEW_SUBFILE_TYPE, 0) & 1) != 0) {
                    continue; // a thumbnail or reduced-resolution copy
                }
                Page p = page(in, dir, seen.size());
                if (p.width() != p0.width() || p.height() != p0.height() || p.kind() != p0.kind()
                        || p.bitsPerPixel() != p0.bitsPerPixel()) {
                    throw new FileFormatException(name, "image " + seen.size() + " differs from the first in size or"
                            + " type (" + p.width() + " x " + p.height() + ", " + p.bitsPerPixel() + " bits vs "
                            + p0.width() + " x " + p0.height() + ", " + p0.bitsPerPixel()
                            + " bits): FusionJ reads stacks of equal images");
                }
                pages.add(p);
            }
            if (meta.isImageJ() && images > pages.size()) {
                throw new FileFormatException(name, "its ImageJ description claims " + images + " images but the file"
                        + " holds " + pages.size() + ": it is truncated or damaged");
            }
        }
        if (p0.kind() == null) {
            return openWithImageJ(in, file, p0, pages.size());
        }
        long pixelBytes = (long) p0.width() * p0.height() * (p0.kind() == Kind.RGB ? 4
                : p0.kind() == Kind.U8 ? 1 : p0.kind() == Kind.U16 || p0.kind() == Kind.I16 ? 2 : 4);
        long segmentBytes = (long) p0.segW() * p0.segH() * p0.kind().bytes;
        MemoryBudget.require(pixelBytes * pages.size() + 3 * segmentBytes, name, pages.size() + " image"
                + (pages.size() == 1 ? "" : "s") + " of " + p0.width() + " x " + p0.height() + " pixels");
        ImageStack stack = new ImageStack(p0.width(), p0.height());
        for (int i = 0; i < pages.size(); i++) {
            String label = i < meta.labels.size() ? meta.labels.get(i) : null;
            stack.addSlice(label, decode(in, pages.get(i), i + 1, pages.size()));
        }
        return assemble(name, stack, meta, dir0, p0.kind());
    }

    /** Whether the strips of one image follow each other with no gap, as ImageJ writes them. */
    private static boolean contiguous(Page p) {
        if (p.segW() != p.width()) {
            return false;
        }
        long at = p.offsets()[0];
        for (int k = 0; k < p.segments(); k++) {
            if (p.offsets()[k] != at) {
                return false;
            }
            at += segmentBytes(p, k);
        }
        return true;
    }

    /** The bytes segment {@code k} decodes to (a strip at the bottom may be shorter than the others). */
    private static long segmentBytes(Page p, int k) {
        int rows = p.segH();
        if (p.segW() == p.width()) {
            rows = Math.min(p.segH(), p.height() - k * p.segH());
        }
        return ((long) p.segW() * p.bitsPerPixel() + 7) / 8 * rows;
    }

    /**
     * The checked layout of the image in {@code dir}; its kind is null for a layout this reader hands to ImageJ
     * (checked for size and structure all the same).
     */
    private static Page page(TiffDirectory.Input in, TiffDirectory dir, int index) throws IOException {
        String name = in.name();
        String which = index == 1 ? "" : " (image " + index + ")";
        long width = dir.number(TiffDirectory.WIDTH, -1);
        long height = dir.number(TiffDirectory.LENGTH, -1);
        if (width <= 0 || height <= 0) {
            throw new FileFormatException(name, "image size " + (width < 0 ? "missing" : width) + " x "
                    + (height < 0 ? "missing" : height) + which + ": the file is damaged");
        }
        if (width * height > Integer.MAX_VALUE - 8) {
            throw new FileFormatException(name, "an image of " + width + " x " + height + " pixels" + which
                    + " is larger than ImageJ can hold in one plane (2^31 pixels): the file is damaged or needs "
                    + "Fiji's Bio-Formats");
        }
        long compression = dir.number(TiffDirectory.COMPRESSION, TiffCodecs.NONE);
        if (!TiffCodecs.supported(compression)) {
            throw new FileFormatException(name, TiffCodecs.name(compression) + "-compressed TIFF is not read by "
                    + "FusionJ (it reads uncompressed, LZW, Deflate and PackBits): open it in Fiji and save it as TIFF");
        }
        long spp = dir.number(TiffDirectory.SAMPLES_PER_PIXEL, 1);
        long[] bitsAll = dir.numbers(TiffDirectory.BITS_PER_SAMPLE);
        long bits = bitsAll == null || bitsAll.length == 0 ? 1 : bitsAll[0];
        for (long b : bitsAll == null ? new long[0] : bitsAll) {
            if (b != bits) {
                bits = -1;
            }
        }
        long format = dir.number(TiffDirectory.SAMPLE_FORMAT, 1);
        long planar = dir.number(TiffDirectory.PLANAR_CONFIGURATION, 1);
        Kind kind = kind(spp, bits, format, planar);
        int predictor = (int) Math.min(dir.number(TiffDirectory.PREDICTOR, 1), 99);
        if (predictor != 1 && predictor != 2 && predictor != 3) {
            throw new FileFormatException(name, "unknown TIFF predictor " + dir.number(TiffDirectory.PREDICTOR, 1)
                    + which + ": the file is damaged");
        }
        if (predictor == 3 && kind != Kind.F32 && kind != Kind.F64) {
            throw new FileFormatException(name, "the floating-point predictor on integer samples" + which
                    + ": the file is damaged");
        }
        boolean tiled = dir.has(TiffDirectory.TILE_WIDTH) || dir.has(TiffDirectory.TILE_OFFSETS);
        long segW;
        long segH;
        long[] offsets;
        long[] counts;
        if (tiled) {
            segW = dir.number(TiffDirectory.TILE_WIDTH, -1);
            segH = dir.number(TiffDirectory.TILE_LENGTH, -1);
            offsets = dir.numbers(TiffDirectory.TILE_OFFSETS);
            counts = dir.numbers(TiffDirectory.TILE_BYTE_COUNTS);
        } else {
            segW = width;
            segH = Math.min(dir.number(TiffDirectory.ROWS_PER_STRIP, height), height);
            offsets = dir.numbers(TiffDirectory.STRIP_OFFSETS);
            counts = dir.numbers(TiffDirectory.STRIP_BYTE_COUNTS);
        }
        String segName = tiled ? "tile" : "strip";
        if (segW <= 0 || segH <= 0 || segW * segH * Math.max(1, spp) * Math.max(8, bits) / 8 > Integer.MAX_VALUE - 8) {
            throw new FileFormatException(name, segName + " size " + segW + " x " + segH + which
                    + " is impossible: the file is damaged");
        }
        long segments = ((width + segW - 1) / segW) * ((height + segH - 1) / segH);
        if (offsets == null || offsets.length < segments) {
            throw new FileFormatException(name, "the image needs " + segments + " " + segName + "s but the file lists "
                    + (offsets == null ? "none" : offsets.length) + which + ": the file is damaged");
        }
        if (kind == null && !imageJLayout(spp, bits, planar, format)) {
            throw new FileFormatException(name, "a TIFF layout FusionJ does not read (" + spp + " samples of "
                    + (bits < 0 ? "unequal" : Long.toString(bits)) + " bits per pixel, sample format " + format
                    + (planar == 2 ? ", planar" : "") + ")" + which + ": open it in Fiji and save it as 8-, 16- or"
                    + " 32-bit TIFF");
        }
        int bitsPerPixel = (int) (spp * bits);
        Page p = new Page(dir, (int) width, (int) height, kind, bitsPerPixel, compression, predictor, (int) segW,
                (int) segH, offsets, counts, 0);
        if (counts == null || counts.length < segments) {
            if (compression != TiffCodecs.NONE) {
                throw new FileFormatException(name, "the " + segName + " byte counts are missing" + which
                        + ": the file is damaged");
            }
            counts = new long[(int) segments];
            for (int k = 0; k < segments; k++) {
                counts[k] = segmentBytes(p, k);
            }
            p = new Page(dir, (int) width, (int) height, kind, bitsPerPixel, compression, predictor, (int) segW,
                    (int) segH, offsets, counts, 0);
        }
        for (int k = 0; k < segments; k++) {
            long need = segmentBytes(p, k);
            long have = counts[k];
            if (offsets[k] < 0 || have < 0 || offsets[k] > in.size() || have > in.size() - offsets[k]) {
                throw new FileFormatException(name, segName + " " + (k + 1) + " of " + segments + which
                        + " lies past the end of the file (bytes " + Long.toUnsignedString(offsets[k]) + " + "
                        + Long.toUnsignedString(have) + " of " + in.size() + "): the file is truncated");
            }
            if (compression == TiffCodecs.NONE ? have < need : TiffCodecs.maxExpansion(compression, have) < need) {
                throw new FileFormatException(name, segName + " " + (k + 1) + " of " + segments + which + " holds "
                        + have + " " + TiffCodecs.name(compression) + " bytes, which cannot give the " + need
                        + " bytes the image needs: the file is truncated or its header damaged");
            }
        }
        return p;
    }

    /** Layouts this reader leaves to ImageJ's decoder (after checking them): 1-, 12-, 24-bit grey, 48-bit RGB. */
    private static boolean imageJLayout(long spp, long bits, long planar, long format) {
        return format == 1 && planar == 1 && (spp == 1 && (bits == 1 || bits == 12 || bits == 24)
                || spp == 3 && bits == 16);
    }

    /** The pixel kind this reader decodes, or null for a layout left to ImageJ. */
    private static Kind kind(long spp, long bits, long format, long planar) {
        if (spp == 3 && bits == 8 && planar == 1 && format == 1) {
            return Kind.RGB;
        }
        if (spp != 1) {
            return null;
        }
        return switch ((int) format) {
            case 1, 4 -> switch ((int) bits) {
                case 8 -> Kind.U8;
                case 16 -> Kind.U16;
                case 32 -> Kind.U32;
                case 64 -> Kind.U64;
                default -> null;
            };
            case 2 -> switch ((int) bits) {
                case 8 -> Kind.I8;
                case 16 -> Kind.I16;
                case 32 -> Kind.I32;
                case 64 -> Kind.I64;
                default -> null;
            };
            case 3 -> switch ((int) bits) {
                case 32 -> Kind.F32;
                case 64 -> Kind.F64;
                default -> null;
            };
            default -> null;
        };
    }

    /** Decodes one page into an ImageJ processor. */
    private static ImageProcessor decode(TiffDirectory.Input in, Page p, int index, int of) throws IOException {
        int w = p.width();
        int h = p.height();
        Object pixels = switch (p.kind()) {
            case U8 -> new byte[w * h];
            case U16, I16 -> new short[w * h];
            case RGB -> new int[w * h];
            default -> new float[w * h];
        };
        int across = p.across();
        byte[] raw = new byte[0];
        byte[] segment = new byte[0];
        for (int k = 0; k < p.segments(); k++) {
            int need = (int) segmentBytes(p, k);
            int have = (int) Math.min(p.counts()[k], p.compression() == TiffCodecs.NONE ? need : Integer.MAX_VALUE - 8);
            String where = (p.segW() == w ? "strip " : "tile ") + (k + 1) + (of > 1 ? " of image " + index : "");
            if (segment.length != need) {
                segment = new byte[need];
            }
            int got;
            if (p.compression() == TiffCodecs.NONE) {
                in.readInto(p.offsets()[k] + p.shift(), segment, need, where); // need <= have was checked
                got = need;
            } else {
                if (raw.length < have) {
                    raw = new byte[have];
                }
                in.readInto(p.offsets()[k] + p.shift(), raw, have, where);
                try {
                    got = TiffCodecs.decode(p.compression(), raw, have, segment);
                } catch (DataFormatException e) {
                    throw new FileFormatException(in.name(), where + ": damaged " + TiffCodecs.name(p.compression())
                            + " data (" + e.getMessage() + ")");
                }
            }
            if (got < need) {
                throw new FileFormatException(in.name(), where + " decodes to " + got + " bytes but the image needs "
                        + need + ": the data is truncated or damaged");
            }
            int rows = need / (p.segW() * p.kind().bytes);
            int spp = p.kind() == Kind.RGB ? 3 : 1;
            int sampleBytes = p.kind() == Kind.RGB ? 1 : p.kind().bytes;
            if (p.predictor() == 2) {
                TiffCodecs.undoDifferencing(segment, rows, p.segW() * spp, spp, sampleBytes, in.order());
            } else if (p.predictor() == 3) {
                TiffCodecs.undoFloatingPoint(segment, rows, p.segW() * spp, spp, sampleBytes, in.order());
            }
            int x0 = (k % across) * p.segW();
            int y0 = (k / across) * p.segH();
            place(ByteBuffer.wrap(segment).order(in.order()), p, rows, x0, y0, pixels);
        }
        return switch (p.kind()) {
            case U8 -> new ByteProcessor(w, h, (byte[]) pixels);
            case U16, I16 -> new ShortProcessor(w, h, (short[]) pixels, null);
            case RGB -> new ColorProcessor(w, h, (int[]) pixels);
            default -> new FloatProcessor(w, h, (float[]) pixels);
        };
    }

    /** Copies the samples of one decoded segment (at x0, y0) into the page's pixels, converting them. */
    private static void place(ByteBuffer seg, Page p, int rows, int x0, int y0, Object pixels) {
        int w = p.width();
        if (p.segW() == w) { // whole rows: bulk copies for the common types
            int n = Math.min(rows, p.height() - y0) * w;
            switch (p.kind()) {
                case U8 -> {
                    seg.get(0, (byte[]) pixels, y0 * w, n);
                    return;
                }
                case U16 -> {
                    seg.asShortBuffer().get((short[]) pixels, y0 * w, n);
                    return;
                }
                case F32 -> {
                    seg.asFloatBuffer().get((float[]) pixels, y0 * w, n);
                    return;
                }
                default -> {
                }
            }
        }
        int cols = Math.min(p.segW(), w - x0);
        int bytes = p.kind().bytes;
        for (int r = 0; r < rows && y0 + r < p.height(); r++) {
            int to = (y0 + r) * w + x0;
            int from = r * p.segW() * bytes;
            for (int c = 0; c < cols; c++, to++, from += bytes) {
                switch (p.kind()) {
                    case U8 -> ((byte[]) pixels)[to] = seg.get(from);
                    case I8 -> ((float[]) pixels)[to] = seg.get(from);
                    case U16 -> ((short[]) pixels)[to] = seg.getShort(from);
                    case I16 -> ((short[]) pixels)[to] = (short) (seg.getShort(from) + 32768);
                    case U32 -> ((float[]) pixels)[to] = Integer.toUnsignedLong(seg.getInt(from));
                    case I32 -> ((float[]) pixels)[to] = seg.getInt(from);
                    case U64 -> ((float[]) pixels)[to] = unsigned(seg.getLong(from));
                    case I64 -> ((float[]) pixels)[to] = seg.getLong(from);
                    case F32 -> ((float[]) pixels)[to] = seg.getFloat(from);
                    case F64 -> ((float[]) pixels)[to] = (float) seg.getDouble(from);
                    case RGB -> ((int[]) pixels)[to] = 0xff000000 | (seg.get(from) & 0xff) << 16
                            | (seg.get(from + 1) & 0xff) << 8 | (seg.get(from + 2) & 0xff);
                }
            }
        }
    }

    private static float unsigned(long v) {
        return v >= 0 ? v : (float) ((v >>> 1) * 2.0);
    }

    /** The image with ImageJ's dimensions, calibration, labels, info and properties. */
    private static ImagePlus assemble(String title, ImageStack stack, TiffImageJMetadata meta, TiffDirectory dir,
            Kind kind) {
        int n = stack.getSize();
        ImagePlus imp = n == 1 ? new ImagePlus(title, stack.getProcessor(1)) : new ImagePlus(title, stack);
        int c = meta.integer("channels", 1);
        int z = meta.integer("slices", 1);
        int t = meta.integer("frames", 1);
        if (c >= 1 && z >= 1 && t >= 1 && (long) c * z * t == n && n > 1) {
            if (c == 1 && t == 1 && z == n) {
                imp.setDimensions(1, n, 1);
            } else {
                imp.setDimensions(c, z, t);
                imp.setOpenAsHyperStack(true);
            }
        } else if (n > 1) {
            imp.setDimensions(1, n, 1);
        }
        if (n == 1 && stack.getSliceLabel(1) != null) {
            imp.setProperty("Label", stack.getSliceLabel(1));
        }
        calibrate(imp, meta, dir, kind);
        if (meta.info != null) {
            imp.setProperty("Info", meta.info);
        }
        for (String[] kv : meta.properties) {
            if (kv[0] != null && !kv[0].isEmpty()) {
                imp.setProp(kv[0], kv[1]);
            }
        }
        double min = meta.real("min");
        double max = meta.real("max");
        if (kind != Kind.U8 && kind != Kind.RGB && Double.isFinite(min) && Double.isFinite(max) && max > min) {
            imp.getProcessor().setMinAndMax(min, max);
        }
        if (c > 1 && imp.getNChannels() == c && kind != Kind.RGB) {
            String mode = meta.description.getOrDefault("mode", "");
            int m = switch (mode) {
                case "composite" -> IJ.COMPOSITE;
                case "gray", "grayscale" -> IJ.GRAYSCALE;
                default -> IJ.COLOR;
            };
            imp = new CompositeImage(imp, m);
        }
        return imp;
    }

    private static void calibrate(ImagePlus imp, TiffImageJMetadata meta, TiffDirectory dir, Kind kind) {
        Calibration cal = imp.getCalibration();
        String unit = meta.description.get("unit");
        if (unit == null && dir.has(TiffDirectory.RESOLUTION_UNIT)) {
            long ru = dir.number(TiffDirectory.RESOLUTION_UNIT, 1);
            unit = ru == 2 ? "inch" : ru == 3 ? "cm" : null;
        }
        double xres = dir.real(TiffDirectory.X_RESOLUTION);
        double yres = dir.real(TiffDirectory.Y_RESOLUTION);
        if (unit != null && !unit.isBlank() && xres > 0 && Double.isFinite(1 / xres)) {
            cal.pixelWidth = 1 / xres;
            cal.pixelHeight = yres > 0 && Double.isFinite(1 / yres) ? 1 / yres : cal.pixelWidth;
            double spacing = meta.real("spacing");
            if (Double.isFinite(spacing) && spacing != 0) {
                cal.pixelDepth = Math.abs(spacing);
            }
            cal.setUnit(unit);
            if (meta.description.containsKey("yunit")) {
                cal.setYUnit(meta.description.get("yunit"));
            }
            if (meta.description.containsKey("zunit")) {
                cal.setZUnit(meta.description.get("zunit"));
            }
        }
        double finterval = meta.real("finterval");
        if (Double.isFinite(finterval) && finterval > 0) {
            cal.frameInterval = finterval;
        }
        if (meta.description.containsKey("tunit")) {
            cal.setTimeUnit(meta.description.get("tunit"));
        }
        double fps = meta.real("fps");
        if (Double.isFinite(fps)) {
            cal.fps = fps;
        }
        for (String axis : new String[] {"x", "y", "z"}) {
            double origin = meta.real(axis + "origin");
            if (Double.isFinite(origin)) {
                switch (axis) {
                    case "x" -> cal.xOrigin = origin;
                    case "y" -> cal.yOrigin = origin;
                    default -> cal.zOrigin = origin;
                }
            }
        }
        int cf = meta.integer("cf", -1);
        boolean integer = kind == Kind.U8 || kind == Kind.U16 || kind == Kind.I16;
        if (integer && cf >= 0 && cf <= Calibration.CUSTOM) {
            List<Double> coefficients = new ArrayList<>();
            for (int i = 0; i < 10 && Double.isFinite(meta.real("c" + i)); i++) {
                coefficients.add(meta.real("c" + i));
            }
            double[] co = coefficients.stream().mapToDouble(Double::doubleValue).toArray();
            if (co.length > 0 || cf == Calibration.UNCALIBRATED_OD) {
                cal.setFunction(cf, co.length > 0 ? co : null, meta.description.getOrDefault("vunit", "Gray Value"),
                        "true".equals(meta.description.get("zeroclip")));
            }
        } else if (kind == Kind.I16) {
            cal.setSigned16BitCalibration();
        }
        imp.setCalibration(cal);
    }

    /**
     * A layout FusionJ checks but does not decode (1-, 12-, 24-bit grey, 48-bit RGB): ImageJ's reader, once every
     * directory and segment was found inside the file and the memory is known to suffice, under the watchdog.
     */
    private static ImagePlus openWithImageJ(TiffDirectory.Input in, Path file, Page p0, int pages)
            throws IOException {
        long need = (long) p0.width() * p0.height() * pages * 8;
        MemoryBudget.require(need, in.name(), pages + " image" + (pages == 1 ? "" : "s") + " of " + p0.width() + " x "
                + p0.height() + " pixels");
        ImagePlus imp = ReadWatchdog.run(in.name(), ReadWatchdog.limitMillis(in.size()), () -> {
            String dirName = file.toAbsolutePath().getParent().toString() + java.io.File.separator;
            return new ij.io.Opener().openTiff(dirName, file.getFileName().toString());
        });
        if (imp == null || imp.getWidth() != p0.width() || imp.getHeight() != p0.height()
                || imp.getStackSize() > 3L * pages) {
            throw new FileFormatException(in.name(), String.format(Locale.ROOT, "a TIFF layout (%d bits per pixel) "
                    + "ImageJ could not read as checked: open it in Fiji with Bio-Formats and save it as 8-, 16- or "
                    + "32-bit TIFF (%s)", p0.bitsPerPixel(), file.toAbsolutePath()));
        }
        return imp;
    }

}
