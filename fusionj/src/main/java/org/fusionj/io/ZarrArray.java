package org.fusionj.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A float32 array in the Zarr version 2 format on a file system or another {@link ZarrStore} (hand-written, see
 * docs/architecture.md): the folder holds {@code .zarray} (JSON: shape, chunks, dtype {@code "<f4"}, C order, compressor null or zlib) and one
 * file per chunk named by its chunk indices joined by '.' ("0.3.1"). Fiji's N5/Zarr reader, zarr-python (so napari
 * and dask) read it.
 *
 * <p>Made for many writers at once: each chunk is one file, written under a unique temporary name and renamed
 * into place, so tasks writing different chunks never meet, a task that is retried or run twice (speculation)
 * replaces a chunk whole, and a reader never sees half a chunk. Chunks never written read as the fill value.
 * Edge chunks are stored full size (the part outside the array holds the fill value), as the format requires.
 */
public final class ZarrArray {

    /** How chunks are stored. */
    public enum Compression {
        /** Raw little-endian floats: about 10 times faster to write than zlib, for about 14 % more bytes. */
        RAW,
        /** zlib (numcodecs "zlib", level 1). */
        ZLIB;

        public static Compression parse(String text) {
            if (text == null || text.isBlank() || text.equalsIgnoreCase("raw") || text.equalsIgnoreCase("none")) {
                return RAW;
            }
            if (text.equalsIgnoreCase("zlib")) {
                return ZLIB;
            }
            throw new IllegalArgumentException("compression must be raw or zlib, got '" + text + "'");
        }
    }

    private final ZarrStore store;
    private final long[] shape;
    private final int[] chunks;
    private final Compression compression;
    private final float fill;
    private final String separator;

    private ZarrArray(ZarrStore store, long[] shape, int[] chunks, Compression compression, float fill,
            String separator) {
        this.store = store;
        this.shape = shape;
        this.chunks = chunks;
        this.compression = compression;
        this.fill = fill;
        this.separator = separator;
    }

    /**
     * Creates the array's folder and {@code .zarray} (and {@code .zattrs} when {@code attributes} is not empty).
     *
     * @param attributes JSON values by name (numbers, strings, lists of them), e.g. the voxel size
     * @throws FileAlreadyExistsException when the folder already holds an array and {@code overwrite} is false
     */
    public static ZarrArray create(Path dir, long[] shape, int[] chunks, Compression compression, float fill,
            Map<String, Object> attributes, boolean overwrite) throws IOException {
        return create(ZarrStore.of(dir), shape, chunks, compression, fill, attributes, overwrite);
    }

    /** {@link #create(Path, long[], int[], Compression, float, Map, boolean)} in any store. */
    public static ZarrArray create(ZarrStore store, long[] shape, int[] chunks, Compression compression, float fill,
            Map<String, Object> attributes, boolean overwrite) throws IOException {
        if (shape.length != chunks.length || shape.length == 0) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and chunks "
                    + Arrays.toString(chunks) + " must have the same rank >= 1");
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 1 || chunks[i] < 1) {
                throw new IllegalArgumentException("shape and chunks must be positive: " + Arrays.toString(shape)
                        + ", " + Arrays.toString(chunks));
            }
        }
        store.create();
        if (store.exists(".zarray") && !overwrite) {
            throw new FileAlreadyExistsException(store.describe() + "/.zarray", null, "a Zarr array is already "
                    + "there; allow overwrite or choose another output folder");
        }
        ZarrArray a = new ZarrArray(store, shape.clone(), chunks.clone(), compression, fill, ".");
        store.write(".zarray", a.metadataJson().getBytes(StandardCharsets.UTF_8));
        if (attributes != null && !attributes.isEmpty()) {
            store.write(".zattrs", JsonWriter.write(attributes).getBytes(StandardCharsets.UTF_8));
        }
        return a;
    }

    /** Writes a Zarr v2 group marker ({@code .zgroup}) and its attributes into {@code dir}. */
    public static void createGroup(Path dir, Map<String, Object> attributes) throws IOException {
        createGroup(ZarrStore.of(dir), attributes);
    }

    /** {@link #createGroup(Path, Map)} in any store. */
    public static void createGroup(ZarrStore store, Map<String, Object> attributes) throws IOException {
        store.create();
        store.write(".zgroup", "{\n  \"zarr_format\": 2\n}\n".getBytes(StandardCharsets.UTF_8));
        if (attributes != null && !attributes.isEmpty()) {
            store.write(".zattrs", JsonWriter.write(attributes).getBytes(StandardCharsets.UTF_8));
        }
    }

    /**
     * Opens an existing float32 array.
     *
     * @throws FileFormatException when {@code .zarray} is missing or describes something this reader does not
     *                             handle (another dtype, Fortran order, filters, another compressor)
     */
    public static ZarrArray open(Path dir) throws IOException {
        return open(ZarrStore.of(dir));
    }

    /** {@link #open(Path)} from any store. */
    public static ZarrArray open(ZarrStore store) throws IOException {
        String where = store.describe();
        int slash = where.replaceFirst("/+$", "").lastIndexOf('/');
        String name = slash < 0 ? where : where.replaceFirst("/+$", "").substring(slash + 1);
        byte[] meta = store.read(".zarray");
        if (meta == null) {
            throw new FileFormatException(name, "not a Zarr v2 array: no .zarray in " + where);
        }
        Object parsed;
        try {
            parsed = JsonReader.parse(new String(meta, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw new FileFormatException(name, ".zarray is not valid JSON: " + e.getMessage(), e);
        }
        if (!(parsed instanceof Map<?, ?> m)) {
            throw new FileFormatException(name, ".zarray is not a JSON object");
        }
        if (!(m.get("zarr_format") instanceof Double v) || v != 2) {
            throw new FileFormatException(name, "only Zarr format 2 is read, .zarray says " + m.get("zarr_format"));
        }
        if (!"<f4".equals(m.get("dtype"))) {
            throw new FileFormatException(name, "dtype " + m.get("dtype") + " is not read; FusionJ reads float32 "
                    + "(\"<f4\") Zarr arrays (convert with zarr-python: a.astype('<f4'))");
        }
        if (m.get("order") != null && !"C".equals(m.get("order"))) {
            throw new FileFormatException(name, "order " + m.get("order") + " is not read (only C order)");
        }
        if (m.get("filters") != null) {
            throw new FileFormatException(name, "filters are not read (.zarray has " + m.get("filters") + ")");
        }
        Compression c;
        Object comp = m.get("compressor");
        if (comp == null) {
            c = Compression.RAW;
        } else if (comp instanceof Map<?, ?> cm && "zlib".equals(cm.get("id"))) {
            c = Compression.ZLIB;
        } else {
            throw new FileFormatException(name, "compressor " + comp + " is not read (raw or zlib only)");
        }
        long[] shape = longs(m.get("shape"), name, "shape");
        long[] ch = longs(m.get("chunks"), name, "chunks");
        if (shape.length != ch.length) {
            throw new FileFormatException(name, "shape and chunks differ in rank");
        }
        int[] chunks = new int[ch.length];
        long chunkValues = 1;
        for (int i = 0; i < ch.length; i++) {
            if (ch[i] < 1 || ch[i] > Integer.MAX_VALUE || shape[i] < 0) {
                throw new FileFormatException(name, "invalid shape or chunks in .zarray");
            }
            chunks[i] = (int) ch[i];
            chunkValues *= ch[i];
        }
        if (chunkValues > Integer.MAX_VALUE / 4) {
            throw new FileFormatException(name, "chunks of " + chunkValues + " values are too large to read");
        }
        float fill = 0;
        Object fv = m.get("fill_value");
        if (fv instanceof Double d) {
            fill = d.floatValue();
        } else if ("NaN".equals(fv)) {
            fill = Float.NaN;
        } else if ("Infinity".equals(fv)) {
            fill = Float.POSITIVE_INFINITY;
        } else if ("-Infinity".equals(fv)) {
            fill = Float.NEGATIVE_INFINITY;
        }
        String sep = m.get("dimension_separator") instanceof String s ? s : ".";
        return new ZarrArray(store, shape, chunks, c, fill, sep);
    }

    private static long[] longs(Object o, String name, String what) throws FileFormatException {
        if (!(o instanceof List<?> list)) {
            throw new FileFormatException(name, ".zarray has no " + what);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Double d)) {
                throw new FileFormatException(name, ".zarray " + what + " is not a list of numbers");
            }
            out[i] = d.longValue();
        }
        return out;
    }

    private String metadataJson() {
        StringBuilder sb = new StringBuilder("{\n");
        sb.append("  \"zarr_format\": 2,\n");
        sb.append("  \"shape\": ").append(Arrays.toString(shape)).append(",\n");
        sb.append("  \"chunks\": ").append(Arrays.toString(chunks)).append(",\n");
        sb.append("  \"dtype\": \"<f4\",\n");
        sb.append("  \"compressor\": ").append(compression == Compression.ZLIB ? "{\"id\": \"zlib\", \"level\": 1}"
                : "null").append(",\n");
        sb.append("  \"fill_value\": ").append(Float.isNaN(fill) ? "\"NaN\"" : Float.isInfinite(fill)
                ? (fill > 0 ? "\"Infinity\"" : "\"-Infinity\"") : JsonWriter.number(fill)).append(",\n");
        sb.append("  \"order\": \"C\",\n");
        sb.append("  \"filters\": null,\n");
        sb.append("  \"dimension_separator\": \"").append(separator).append("\"\n");
        return sb.append("}\n").toString();
    }

    /** The array's folder on the local file system, or null when it lives in another store. */
    public Path dir() {
        return store.localFolder();
    }

    public ZarrStore store() {
        return store;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int[] chunks() {
        return chunks.clone();
    }

    public Compression compression() {
        return compression;
    }

    public float fillValue() {
        return fill;
    }

    public int rank() {
        return shape.length;
    }

    /** Number of chunks along each axis. */
    public long[] chunkGrid() {
        long[] g = new long[shape.length];
        for (int i = 0; i < g.length; i++) {
            g[i] = (shape[i] + chunks[i] - 1) / chunks[i];
        }
        return g;
    }

    private int chunkValues() {
        int n = 1;
        for (int c : chunks) {
            n *= c;
        }
        return n;
    }

    /** The key (file name) of the chunk with these indices, e.g. "0.3.1". */
    public String chunkKey(long[] index) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] * chunks[i] >= shape[i]) {
                throw new IllegalArgumentException("chunk " + Arrays.toString(index) + " is outside the array");
            }
            sb.append(i == 0 ? "" : separator).append(index[i]);
        }
        return sb.toString();
    }

    /** Writes one full-size chunk (C order, {@code chunks} shape; edge chunks padded with the fill value). */
    public void writeChunk(long[] index, float[] values) throws IOException {
        if (values.length != chunkValues()) {
            throw new IllegalArgumentException("a chunk holds " + chunkValues() + " values, got " + values.length);
        }
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        byte[] bytes = b.array();
        if (compression == Compression.ZLIB) {
            Deflater d = new Deflater(1);
            try {
                d.setInput(bytes);
                d.finish();
                ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 2 + 64);
                byte[] buf = new byte[1 << 16];
                while (!d.finished()) {
                    out.write(buf, 0, d.deflate(buf));
                }
                bytes = out.toByteArray();
            } finally {
                d.end();
            }
        }
        store.write(chunkKey(index), bytes);
    }

    /** One full-size chunk (the fill value where it was never written). */
    public float[] readChunk(long[] index) throws IOException {
        String key = chunkKey(index);
        float[] out = new float[chunkValues()];
        byte[] bytes = store.read(key);
        if (bytes == null) {
            Arrays.fill(out, fill);
            return out;
        }
        if (compression == Compression.ZLIB) {
            Inflater inf = new Inflater();
            try {
                inf.setInput(bytes);
                byte[] raw = new byte[4 * out.length];
                int n = 0;
                while (n < raw.length && !inf.finished()) {
                    int got = inf.inflate(raw, n, raw.length - n);
                    if (got == 0 && (inf.needsInput() || inf.needsDictionary())) {
                        break;
                    }
                    n += got;
                }
                if (n != raw.length) {
                    throw new FileFormatException(key, "chunk inflates to " + n
                            + " bytes, expected " + raw.length);
                }
                bytes = raw;
            } catch (DataFormatException e) {
                throw new FileFormatException(key, "corrupt zlib chunk: " + e.getMessage(),
                        e);
            } finally {
                inf.end();
            }
        }
        if (bytes.length != 4 * out.length) {
            throw new FileFormatException(key, "chunk has " + bytes.length
                    + " bytes, expected " + 4 * out.length + " (a cut or foreign chunk)");
        }
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }

    /**
     * Reads the box at {@code offset} of size {@code size} (C order, any rank) from the chunks it touches. Parts of
     * the box outside the array read as the fill value.
     */
    public float[] read(long[] offset, int[] size) throws IOException {
        int rank = shape.length;
        long total = 1;
        for (int s : size) {
            total *= s;
        }
        if (total > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a box of " + total + " values does not fit one array");
        }
        float[] out = new float[(int) total];
        Arrays.fill(out, fill);
        long[] first = new long[rank];
        long[] last = new long[rank];
        for (int i = 0; i < rank; i++) {
            long lo = Math.max(0, offset[i]);
            long hi = Math.min(shape[i], offset[i] + size[i]) - 1;
            if (hi < lo) {
                return out;
            }
            first[i] = lo / chunks[i];
            last[i] = hi / chunks[i];
        }
        long[] ci = first.clone();
        while (true) {
            copyChunkPart(ci, readChunk(ci), offset, size, out);
            int d = rank - 1;
            while (d >= 0 && ++ci[d] > last[d]) {
                ci[d] = first[d];
                d--;
            }
            if (d < 0) {
                return out;
            }
        }
    }

    /** Copies the part of chunk {@code ci} inside the box into {@code out}, one innermost row at a time. */
    private void copyChunkPart(long[] ci, float[] chunk, long[] offset, int[] size, float[] out) {
        int rank = shape.length;
        long[] lo = new long[rank];
        long[] hi = new long[rank];
        for (int i = 0; i < rank; i++) {
            long c0 = ci[i] * chunks[i];
            lo[i] = Math.max(Math.max(c0, offset[i]), 0);
            hi[i] = Math.min(Math.min(c0 + chunks[i], offset[i] + size[i]), shape[i]);
        }
        long[] p = lo.clone();
        int rowLength = (int) (hi[rank - 1] - lo[rank - 1]);
        while (true) {
            int src = 0;
            int dst = 0;
            for (int i = 0; i < rank; i++) {
                src = src * chunks[i] + (int) (p[i] - ci[i] * chunks[i]);
                dst = dst * size[i] + (int) (p[i] - offset[i]);
            }
            System.arraycopy(chunk, src, out, dst, rowLength);
            int d = rank - 2;
            while (d >= 0 && ++p[d] >= hi[d]) {
                p[d] = lo[d];
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    /**
     * Writes a box that is a whole number of chunks (it starts on chunk boundaries and ends on one or at the
     * array's end): every chunk it covers is written whole. This is how the tasks of a distributed run write, each
     * its own chunks.
     */
    public void writeAligned(long[] offset, int[] size, float[] values) throws IOException {
        int rank = shape.length;
        long[] first = new long[rank];
        long[] last = new long[rank];
        for (int i = 0; i < rank; i++) {
            boolean endOk = offset[i] + size[i] == shape[i] || (offset[i] + size[i]) % chunks[i] == 0;
            if (offset[i] % chunks[i] != 0 || !endOk || offset[i] + size[i] > shape[i]) {
                throw new IllegalArgumentException("box at " + Arrays.toString(offset) + " of " + Arrays.toString(size)
                        + " is not aligned to the chunks " + Arrays.toString(chunks) + " of " + Arrays.toString(shape));
            }
            first[i] = offset[i] / chunks[i];
            last[i] = (offset[i] + size[i] - 1) / chunks[i];
        }
        long[] ci = first.clone();
        float[] chunk = new float[chunkValues()];
        while (true) {
            Arrays.fill(chunk, fill);
            long[] lo = new long[rank];
            long[] hi = new long[rank];
            for (int i = 0; i < rank; i++) {
                lo[i] = ci[i] * chunks[i];
                hi[i] = Math.min(lo[i] + chunks[i], shape[i]);
            }
            long[] p = lo.clone();
            int rowLength = (int) (hi[rank - 1] - lo[rank - 1]);
            while (true) {
                int dst = 0;
                int src = 0;
                for (int i = 0; i < rank; i++) {
                    dst = dst * chunks[i] + (int) (p[i] - lo[i]);
                    src = src * size[i] + (int) (p[i] - offset[i]);
                }
                System.arraycopy(values, src, chunk, dst, rowLength);
                int d = rank - 2;
                while (d >= 0 && ++p[d] >= hi[d]) {
                    p[d] = lo[d];
                    d--;
                }
                if (d < 0) {
                    break;
                }
            }
            writeChunk(ci, chunk);
            int d = rank - 1;
            while (d >= 0 && ++ci[d] > last[d]) {
                ci[d] = first[d];
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }
}
