package org.fusionj.io;

import io.jhdf.HdfFile;
import io.jhdf.Superblock;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.dataset.ContiguousDataset;
import io.jhdf.exceptions.HdfInvalidPathException;
import io.jhdf.object.datatype.BitField;
import io.jhdf.object.datatype.DataType;
import io.jhdf.object.datatype.FixedPoint;
import io.jhdf.object.datatype.FloatingPoint;

import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads datasets and attributes from an HDF5 file through jhdf.
 * <p>
 * Paths are absolute ({@code "/group/dataset"}); a missing leading slash is tolerated. Numeric
 * datasets of any integer, float or bool type become {@link NdArray}s whose dtype is a plain
 * name such as {@code "float32"}, {@code "int16"} or {@code "uint8"}.
 * <p>
 * Every failure inside jhdf, whether from a corrupt, truncated or foreign file, is reported as
 * a {@link FileFormatException} naming the file. The file is read through an ordinary channel
 * rather than memory-mapped, so a damaged file cannot crash the JVM with a bus error, and a
 * file shorter than its superblock claims is rejected when it is opened.
 * <p>
 * Before a dataset is read, its size is checked against the file (a contiguous dataset must lie
 * inside it, no dataset may need more storage than the file has) and against the free heap.
 * Every jhdf call runs under {@link ReadWatchdog}'s time limit, so a damaged file that made jhdf
 * loop ends in an error instead of a hang; an OutOfMemoryError inside jhdf (it sizes some buffers
 * from header fields before checking them) is reported as a {@link NotEnoughMemoryException}.
 */
public final class Hdf5Reader implements AutoCloseable {

    private final HdfFile hdf;
    private final String sourceName;

    private Hdf5Reader(HdfFile hdf, String sourceName) {
        this.hdf = hdf;
        this.sourceName = sourceName;
    }

    /**
     * Opens {@code file} for reading.
     *
     * @throws java.nio.file.NoSuchFileException if the file does not exist
     * @throws FileFormatException if it is not a readable HDF5 file
     */
    public static Hdf5Reader open(Path file) throws IOException {
        String sourceName = file.getFileName().toString();
        SeekableByteChannel channel;
        try {
            channel = new LengthCheckedChannel(Files.newByteChannel(file, StandardOpenOption.READ), sourceName);
        } catch (java.nio.file.AccessDeniedException e) {
            throw ImageFiles.permissionDenied(file);
        }
        boolean opened = false;
        try {
            Hdf5Reader reader = ReadWatchdog.run(sourceName, ReadWatchdog.limitMillis(0), () -> {
                try {
                    return new Hdf5Reader(new HdfFile(channel, file.toUri()), sourceName);
                } catch (RuntimeException e) {
                    throw new FileFormatException(sourceName, "not a readable HDF5 file: " + describe(e), e);
                }
            });
            reader.requireComplete();
            opened = true;
            return reader;
        } catch (RuntimeException e) {
            throw new FileFormatException(sourceName, "not a readable HDF5 file: " + describe(e), e);
        } finally {
            if (!opened) channel.close();
        }
    }

    /** @return the file name used in error messages */
    public String sourceName() {
        return sourceName;
    }

    /** Rejects files cut short after writing, which jhdf would only notice, if at all, much later. */
    private void requireComplete() throws FileFormatException {
        Superblock superblock = hdf.getHdfBackingStorage().getSuperblock();
        long end = superblock.getEndOfFileAddress();
        long actualSize = hdf.size();
        if (end >= 0 && end + superblock.getBaseAddressByte() > actualSize) {
            throw new FileFormatException(sourceName, "file truncated: the HDF5 superblock records "
                + (end + superblock.getBaseAddressByte()) + " bytes but the file has " + actualSize);
        }
    }

    /** @return the full paths of all datasets, depth first in the file's link order; links are not followed */
    public List<String> datasetPaths() throws IOException {
        List<String> paths = new ArrayList<>();
        guard("cannot list datasets", () -> {
            walk(hdf, "/", new HashSet<>(), paths, false);
            return null;
        });
        return paths;
    }

    /** @return the full paths of all groups below the root (not "/" itself), depth first; links are not followed */
    public List<String> groupPaths() throws IOException {
        List<String> paths = new ArrayList<>();
        guard("cannot list groups", () -> {
            walk(hdf, "/", new HashSet<>(), paths, true);
            return null;
        });
        return paths;
    }

    /** @return the names of the direct children (groups, datasets, links) of the group at {@code groupPath} */
    public List<String> childNames(String groupPath) throws IOException {
        String path = normalize(groupPath);
        return guard("cannot list '" + path + "'", () -> {
            if (!(find(path) instanceof Group group)) throw notFound(path, "group");
            return new ArrayList<>(group.getChildren().keySet());
        });
    }

    private void walk(Group group, String groupPath, Set<Long> visited, List<String> out, boolean wantGroups) {
        // a hard link back to an ancestor would otherwise recurse forever
        if (!visited.add(group.getAddress())) return;
        for (Map.Entry<String, Node> child : group.getChildren().entrySet()) {
            Node node = child.getValue();
            String path = (groupPath.equals("/") ? "/" : groupPath + "/") + child.getKey();
            if (node.isLink()) continue;
            if (node instanceof Group subgroup) {
                if (wantGroups) out.add(path);
                walk(subgroup, path, visited, out, wantGroups);
            } else if (!wantGroups && node instanceof Dataset) {
                out.add(path);
            }
        }
    }

    /** @return whether a group, dataset or resolvable link exists at {@code path} */
    public boolean exists(String path) throws IOException {
        String normalized = normalize(path);
        return guard("cannot look up '" + normalized + "'", () -> find(normalized) != null);
    }

    /**
     * Reads a numeric dataset into C order.
     *
     * @throws FileFormatException if there is no dataset at {@code path}, or it is not numeric
     */
    public NdArray readDataset(String path) throws IOException {
        Target target = target(path);
        String normalized = target.path();
        Dataset dataset = target.dataset();
        int[] shape = target.shape();
        String name = target.name();
        int count = Shapes.arrayLength(shape, name);
        String dtype = numericTypeName(dataset.getDataType());
        requireInsideFile(dataset, normalized, (long) count * dataset.getDataType().getSize());
        MemoryBudget.require((long) count * (Double.BYTES + Math.max(4, dataset.getDataType().getSize())), name,
            "a " + dtype + " dataset of shape " + Shapes.format(shape));
        long bytes = (long) count * dataset.getDataType().getSize();
        double[] data = guard("cannot read dataset '" + normalized + "'", bytes, () -> JhdfArrays.toDoubles(dataset.getDataFlat()));
        if (data == null || data.length != count) {
            throw new FileFormatException(sourceName, "dataset '" + normalized + "' gave " + (data == null ? "no" : data.length)
                + " values for shape " + Shapes.format(shape) + ": the file is damaged");
        }
        return new NdArray(shape, data, dtype);
    }

    /**
     * Reads a numeric dataset of 2 to 4 axes as an image: float values, one array per plane, after checking the
     * shape, the file size and the heap.
     */
    public FloatPlanes readPlanes(String path) throws IOException {
        Target target = target(path);
        String normalized = target.path();
        Dataset dataset = target.dataset();
        int[] shape = target.shape();
        String name = target.name();
        int planes = FloatPlanes.checkImageShape(shape, name);
        long values = (long) planes * shape[shape.length - 2] * shape[shape.length - 1];
        int itemSize = dataset.getDataType().getSize();
        String dtype = numericTypeName(dataset.getDataType());
        requireInsideFile(dataset, normalized, values * itemSize);
        if (values > Shapes.MAX_ARRAY_LENGTH) {
            throw new FileFormatException(name, "shape " + Shapes.format(shape) + " has " + values
                + " values, more than FusionJ reads from one HDF5 dataset (2^31)");
        }
        // jhdf returns one flat Java array (unsigned types widened); the planes are copied from it
        MemoryBudget.require(values * (4 + Math.max(4, 2L * itemSize)), name, "a " + dtype + " dataset of shape "
            + Shapes.format(shape));
        Object flat = guard("cannot read dataset '" + normalized + "'", values * itemSize, dataset::getDataFlat);
        float[] floats = JhdfArrays.toFloats(flat);
        if (floats == null || floats.length != values) {
            throw new FileFormatException(sourceName, "dataset '" + normalized + "' gave "
                + (floats == null ? "no" : floats.length) + " values for shape " + Shapes.format(shape)
                + ": the file is damaged");
        }
        return new FloatPlanes(shape, FloatPlanes.split(floats, shape), dtype);
    }

    /** A numeric dataset about to be read: its normalised path, its shape and its name for messages. */
    private record Target(String path, Dataset dataset, int[] shape, String name) {}

    private Target target(String path) throws IOException {
        String normalized = normalize(path);
        Dataset dataset = numericDataset(normalized);
        int[] shape = guard("cannot read dataset '" + normalized + "'", dataset::getDimensions);
        return new Target(normalized, dataset, shape, sourceName + ":" + normalized);
    }

    private Dataset numericDataset(String normalized) throws IOException {
        return guard("cannot read dataset '" + normalized + "'", () -> {
            if (!(find(normalized) instanceof Dataset dataset)) throw notFound(normalized, "dataset");
            String dtype = numericTypeName(dataset.getDataType());
            if (dtype == null || dataset.isCompound() || dataset.isVariableLength()) {
                throw new FileFormatException(sourceName, "dataset '" + normalized + "' is not numeric (HDF5 type "
                    + dataset.getDataType().getClass().getSimpleName() + ", Java type "
                    + dataset.getJavaType().getSimpleName() + ")");
            }
            if (dataset.isEmpty()) {
                throw new FileFormatException(sourceName, "dataset '" + normalized + "' has no data space");
            }
            return dataset;
        });
    }

    /** The dimensions of the dataset at {@code path} (C order). */
    public int[] datasetShape(String path) throws IOException {
        String normalized = normalize(path);
        return guard("cannot read dataset '" + normalized + "'", () -> {
            if (!(find(normalized) instanceof Dataset dataset)) throw notFound(normalized, "dataset");
            return dataset.getDimensions().clone();
        });
    }

    /**
     * Reads one box of a numeric dataset as floats in C order, without reading the rest: jhdf decodes only the
     * chunks the box touches, so many tasks can read boxes of one large chunked file at once (each with its own
     * reader).
     *
     * @param offset where the box starts, one entry per dimension
     * @param size   the box's size, one entry per dimension, inside the dataset
     */
    public float[] readFloatBox(String path, long[] offset, int[] size) throws IOException {
        String normalized = normalize(path);
        return guard("cannot read a box of dataset '" + normalized + "'", () -> {
            if (!(find(normalized) instanceof Dataset dataset)) throw notFound(normalized, "dataset");
            int[] dims = dataset.getDimensions();
            if (offset.length != dims.length || size.length != dims.length) {
                throw new FileFormatException(sourceName, "dataset '" + normalized + "' has " + dims.length
                    + " dimensions, the box " + offset.length);
            }
            long total = 1;
            for (int i = 0; i < dims.length; i++) {
                if (offset[i] < 0 || size[i] < 1 || offset[i] + size[i] > dims[i]) {
                    throw new FileFormatException(sourceName, "box " + java.util.Arrays.toString(offset) + " + "
                        + java.util.Arrays.toString(size) + " is outside dataset '" + normalized + "' of shape "
                        + java.util.Arrays.toString(dims));
                }
                total *= size[i];
            }
            if (total > Integer.MAX_VALUE) {
                throw new FileFormatException(sourceName, "a box of " + total + " values does not fit one array");
            }
            float[] out = new float[(int) total];
            flatten(dataset.getData(offset, size), out, 0);
            return out;
        });
    }

    /** Copies a nested jhdf array into {@code out} in C order; returns the next index. */
    private static int flatten(Object nested, float[] out, int at) {
        if (nested instanceof float[] row) {
            System.arraycopy(row, 0, out, at, row.length);
            return at + row.length;
        }
        if (nested instanceof Object[] rows) {
            int next = at;
            for (Object r : rows) next = flatten(r, out, next);
            return next;
        }
        double[] values = JhdfArrays.toDoubles(nested);
        if (values == null) {
            throw new IllegalArgumentException("the dataset is not numeric");
        }
        for (int i = 0; i < values.length; i++) out[at + i] = (float) values[i];
        return at + values.length;
    }

    /**
     * Refuses a dataset whose data cannot be in the file: contiguous data running past the end of the file, or
     * more stored bytes than the file has (h5py refuses such files too; jhdf would read them zero-filled).
     */
    private void requireInsideFile(Dataset dataset, String path, long dataBytes) throws IOException {
        long fileSize = hdf.size();
        long storage = guard("cannot read dataset '" + path + "'", dataset::getStorageInBytes);
        if (storage > fileSize) {
            throw new FileFormatException(sourceName, "dataset '" + path + "' claims " + storage
                + " bytes of storage but the file has " + fileSize + ": the file is truncated or damaged");
        }
        if (dataset instanceof ContiguousDataset contiguous) {
            long address = guard("cannot read dataset '" + path + "'", contiguous::getDataAddress);
            long base = hdf.getHdfBackingStorage().getSuperblock().getBaseAddressByte();
            boolean allocated = address != -1 && address != 0xFFFFFFFFL;
            if (allocated && (address < 0 || base + address + dataBytes > fileSize || dataBytes < 0)) {
                throw new FileFormatException(sourceName, "dataset '" + path + "' needs " + dataBytes
                    + " bytes from byte " + Long.toUnsignedString(base + address) + " but the file has " + fileSize
                    + ": the file is truncated or damaged");
            }
        }
    }

    /**
     * Reads the attributes of the group or dataset at {@code path} ({@code "/"} for the root).
     * Values are as jhdf decodes them: {@link String}, boxed numbers for scalars, Java arrays
     * otherwise. Attributes of types jhdf cannot decode are left out rather than failing the call.
     */
    public Map<String, Object> attributes(String path) throws IOException {
        String normalized = normalize(path);
        return guard("cannot read attributes of '" + normalized + "'", () -> {
            Node node = find(normalized);
            if (node == null) throw notFound(normalized, "group or dataset");
            Map<String, Object> values = new LinkedHashMap<>();
            for (Map.Entry<String, Attribute> attribute : node.getAttributes().entrySet()) {
                Object value = decodeOrNull(attribute.getValue());
                if (value != null) values.put(attribute.getKey(), value);
            }
            return Collections.unmodifiableMap(values);
        });
    }

    private static Object decodeOrNull(Attribute attribute) {
        try {
            return attribute.getData();
        } catch (RuntimeException undecodable) {
            return null;
        }
    }

    /** @return the node at {@code path}, following links, or {@code null} if nothing is there */
    private Node find(String path) {
        if (path.equals("/")) return hdf;
        try {
            return hdf.getByPath(path);
        } catch (HdfInvalidPathException missing) {
            return null;
        }
    }

    private FileFormatException notFound(String path, String kind) {
        return new FileFormatException(sourceName, "no " + kind + " at '" + path + "'");
    }

    /** @return the dtype name for a numeric HDF5 type, or {@code null} if it is not numeric */
    private static String numericTypeName(DataType type) {
        if (type instanceof FloatingPoint) return "float" + 8 * type.getSize();
        if (type instanceof FixedPoint fixed) return (fixed.isSigned() ? "int" : "uint") + 8 * type.getSize();
        if (type instanceof BitField) return "bool";
        return null;
    }

    /** Makes paths absolute and drops trailing slashes, which jhdf's path lookup does not accept. */
    private static String normalize(String path) {
        String trimmed = path.strip();
        while (trimmed.length() > 1 && trimmed.endsWith("/")) trimmed = trimmed.substring(0, trimmed.length() - 1);
        return trimmed.startsWith("/") ? trimmed : "/" + trimmed;
    }

    @FunctionalInterface
    private interface JhdfCall<T> {
        T call() throws IOException;
    }

    /**
     * Runs a jhdf call on a watchdog thread, turning jhdf's unchecked exceptions into a
     * {@link FileFormatException}. jhdf sizes some read buffers from header fields before checking
     * them, so a corrupt length can ask for gigabytes; that single allocation fails before anything
     * is allocated, and the watchdog reports it as a {@link NotEnoughMemoryException}.
     */
    private <T> T guard(String context, JhdfCall<T> call) throws IOException {
        return guard(context, 0, call);
    }

    /** Runs a jhdf call that handles about {@code bytes} bytes under the watchdog's time limit. */
    private <T> T guard(String context, long bytes, JhdfCall<T> call) throws IOException {
        return ReadWatchdog.run(sourceName, ReadWatchdog.limitMillis(bytes), () -> {
            try {
                return call.call();
            } catch (RuntimeException | StackOverflowError e) {
                throw new FileFormatException(sourceName, context + ": " + describe(e), e);
            }
        });
    }

    private static String describe(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (the file is probably corrupt, or the data is larger than the Java heap)";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Closes the file. */
    @Override
    public void close() throws IOException {
        try {
            hdf.close();
        } catch (RuntimeException e) {
            throw new IOException(sourceName + ": failed to close: " + describe(e), e);
        }
    }
}
