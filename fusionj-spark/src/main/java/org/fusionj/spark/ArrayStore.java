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
 * Where a task reads its input from: a float32 Zarr v2 array or a dataset of an HDF5 file, any rank, read box by
 * box. Serializable (a description, not an open file): every task opens what it reads, so any number of tasks read
 * one file at once (jhdf decodes only the chunks a box touches).
 */
public final class ArrayStore implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String format;
    private final String path;
    private final String dataset;
    private final long[] shape;

    private ArrayStore(String format, String path, String dataset, long[] shape) {
        this.format = format;
        this.path = path;
        this.dataset = dataset;
        this.shape = shape;
    }

    /** Opens the description (reads the shape). */
    public static ArrayStore of(ClusterJob.Input input) throws IOException {
        String p = input.path().toAbsolutePath().toString();
        long[] shape;
        if (input.format().equals("zarr")) {
            shape = ZarrArray.open(Path.of(p)).shape();
        } else {
            try (Hdf5Reader r = Hdf5Reader.open(Path.of(p))) {
                shape = Arrays.stream(r.datasetShape(input.dataset())).asLongStream().toArray();
            }
        }
        return new ArrayStore(input.format(), p, input.dataset(), shape);
    }

    public long[] shape() {
        return shape.clone();
    }

    public String describe() {
        return path + (format.equals("hdf5") ? ":" + dataset : "");
    }

    /** The box at {@code offset} of {@code size} (C order). */
    public float[] read(long[] offset, int[] size) {
        try {
            if (format.equals("zarr")) {
                return ZarrArray.open(Path.of(path)).read(offset, size);
            }
            try (Hdf5Reader r = Hdf5Reader.open(Path.of(path))) {
                return r.readFloatBox(dataset, offset, size);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + describe() + ": " + e.getMessage(), e);
        }
    }
}
