package org.fusionj.io;

import io.jhdf.api.WritableGroup;

/**
 * Adds datasets, subgroups and attributes to one group of an HDF5 file being written by
 * {@link Hdf5Writer}. Names are single path components: nest data with {@link #group(String)}.
 */
public class Hdf5GroupWriter extends Hdf5NodeWriter<Hdf5GroupWriter> {

    private final WritableGroup group;

    Hdf5GroupWriter(WritableGroup group) {
        super(group);
        this.group = group;
    }

    /**
     * Adds {@code array} as a dataset of the same shape: float32 if its dtype is a 32-bit float,
     * float64 otherwise (which represents every {@link NdArray} value exactly). A 0-d array
     * becomes a scalar dataset.
     *
     * @throws IllegalArgumentException if the name is invalid or taken, or the array is empty
     */
    public Hdf5DatasetWriter writeDataset(String name, NdArray array) {
        requireNotEmpty(array.data().length, name);
        return put(name, JhdfArrays.nest(array.data(), array.shape(), array.isFloat32()));
    }

    /** Adds a 2-D float32 dataset from row-major {@code data}. */
    public Hdf5DatasetWriter writeDataset(String name, float[] data, int rows, int cols) {
        return writeDataset(name, NdArray.of2D(rows, cols, data));
    }

    /** Adds a 1-D float64 dataset; it must not be empty. */
    public Hdf5DatasetWriter writeDataset(String name, double[] data) {
        requireNotEmpty(data.length, name);
        return put(name, data.clone());
    }

    /** Adds a scalar float64 dataset. */
    public Hdf5DatasetWriter writeScalar(String name, double value) {
        return put(name, value);
    }

    /** Adds a subgroup and returns a writer for its contents. */
    public Hdf5GroupWriter group(String name) {
        requireNewChild(name);
        return new Hdf5GroupWriter(group.putGroup(name));
    }

    private Hdf5DatasetWriter put(String name, Object data) {
        requireNewChild(name);
        return new Hdf5DatasetWriter(group.putDataset(name, data));
    }

    /** jhdf would silently replace an existing child; treat that as the caller's mistake instead. */
    private void requireNewChild(String name) {
        requireValidName(name);
        if (group.getChild(name) != null) {
            throw new IllegalArgumentException("group already contains '" + name + "'");
        }
    }

    /** jhdf 0.10.0 fails with an ArrayIndexOutOfBoundsException on zero-element arrays. */
    static void requireNotEmpty(int length, String name) {
        if (length == 0) throw new IllegalArgumentException("cannot write '" + name + "': jhdf cannot write empty arrays");
    }

    static void requireValidName(String name) {
        if (name == null || name.isBlank() || name.contains("/") || name.equals(".")) {
            throw new IllegalArgumentException("invalid HDF5 name '" + name + "': must be non-blank without '/'");
        }
    }
}
