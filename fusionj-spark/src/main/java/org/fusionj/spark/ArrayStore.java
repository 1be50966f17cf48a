package org.fusionj.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;

import org.fusionj.io.Hdf5Reader;
import org.fusionj.io.ZarrArray;
import org.fusionj.workflow.cluster.ClusterJob;

/**
 * Where a task reads its input from: a float32 Zarr v2 array (a local path or any Hadoop file system URI) or a
 * dataset of an HDF5 file (a path every executor mounts), any rank, read box by box. Serializable (a description,
 * not an open file): every task opens what it reads, so any number of tasks read one array at once (jhdf decodes
 * only the chunks a box touches).
 */
public final class ArrayStore implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String format;
    private final Location location;
    private final String dataset;
    private final long[] shape;
    /** The opened array (its metadata read once per task, not once per box). */
    private transient ZarrArray zarr;

    private ArrayStore(String format, Location location, String dataset, long[] shape) {
        this.format = format;
        this.location = location;
        this.dataset = dataset;
        this.shape = shape;
    }

    /** Opens the description (reads the shape). */
    public static ArrayStore of(ClusterJob.Input input) throws IOException {
        Location where = Location.of(input.path());
        long[] shape;
        if (input.format().equals("zarr")) {
            shape = ZarrArray.open(where.zarr()).shape();
        } else {
            try (Hdf5Reader r = Hdf5Reader.open(hdf5File(where))) {
                shape = Arrays.stream(r.datasetShape(input.dataset())).asLongStream().toArray();
            }
        }
        return new ArrayStore(input.format(), where, input.dataset(), shape);
    }

    /** The HDF5 input's file (a path, or a file: URI). */
    Path hdf5File() {
        return hdf5File(location);
    }

    private static Path hdf5File(Location where) {
        // "file:" URIs name local files too
        return where.isLocal() ? where.path() : Path.of(java.net.URI.create(where.toString()));
    }

    public long[] shape() {
        return shape.clone();
    }

    Location location() {
        return location;
    }

    String format() {
        return format;
    }

    public String describe() {
        return location + (format.equals("hdf5") ? ":" + dataset : "");
    }

    /** The box at {@code offset} of {@code size} (C order). */
    public float[] read(long[] offset, int[] size) {
        try {
            if (format.equals("zarr")) {
                ZarrArray a = zarr;
                if (a == null) {
                    a = ZarrArray.open(location.zarr());
                    zarr = a;
                }
                return a.read(offset, size);
            }
            try (Hdf5Reader r = Hdf5Reader.open(hdf5File(location))) {
                return r.readFloatBox(dataset, offset, size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + describe() + ": " + e.getMessage(), e);
        }
    }
}
