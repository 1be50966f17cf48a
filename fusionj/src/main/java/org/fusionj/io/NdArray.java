package org.fusionj.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional numeric array as read from or written to a scientific file.
 * <p>
 * Values are held as doubles in C (row-major) order whatever the on-disk type was; every
 * integer type up to 32 bits, and 64-bit integers up to 2^53, convert exactly. {@code dtype}
 * records the on-disk type: a numpy descriptor such as {@code "<f4"}, {@code ">f8"},
 * {@code "|u1"} for NPY/NPZ, or a name such as {@code "float32"}, {@code "uint16"} for HDF5.
 * <p>
 * For speed the arrays are shared, not copied: callers must not modify {@code shape} and should
 * not modify {@code data} while other code holds the same instance. {@link #equals} compares
 * contents.
 *
 * @param shape the length of each axis, outermost first; empty for a 0-d (scalar) array
 * @param data the values in C order; its length is the product of {@code shape}
 * @param dtype the element type the values came from
 */
public record NdArray(int[] shape, double[] data, String dtype) {

    /** The dtype of arrays built from Java floats. */
    public static final String FLOAT32 = "<f4";
    /** The dtype of arrays built from Java doubles. */
    public static final String FLOAT64 = "<f8";

    /** @throws IllegalArgumentException if the shape has a negative axis or does not match the data length */
    public NdArray {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(dtype, "dtype");
        Shapes.requireLength(shape, data.length);
    }

    /** Creates a 2-D float32 array; {@code data} is copied into doubles in the given (row-major) order. */
    public static NdArray of2D(int rows, int cols, float[] data) {
        double[] values = new double[data.length];
        for (int i = 0; i < data.length; i++) values[i] = data[i];
        return new NdArray(new int[] { rows, cols }, values, FLOAT32);
    }

    /** Creates a 1-D float64 array that wraps {@code data} (not copied). */
    public static NdArray of1D(double[] data) {
        return new NdArray(new int[] { data.length }, data, FLOAT64);
    }

    /** @return the number of axes; 0 for a scalar */
    public int rank() {
        return shape.length;
    }

    /** @return the number of elements, the product of the shape */
    public long size() {
        return data.length;
    }

    /** @return a new float array with the values narrowed to single precision */
    public float[] toFloats() {
        float[] values = new float[data.length];
        for (int i = 0; i < data.length; i++) values[i] = (float) data[i];
        return values;
    }

    /** @return the length of axis 0 of a 2-D array */
    public int rows() {
        requireRank2("rows()");
        return shape[0];
    }

    /** @return the length of axis 1 of a 2-D array */
    public int cols() {
        requireRank2("cols()");
        return shape[1];
    }

    private void requireRank2(String method) {
        if (shape.length != 2) {
            throw new IllegalStateException(method + " needs a 2-D array, but this array has shape "
                + Shapes.format(shape));
        }
    }

    /** @return whether the values came from single-precision floats, so float32 storage loses nothing */
    boolean isFloat32() {
        return dtype.endsWith("f4") || dtype.equals("float32");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof NdArray that && Arrays.equals(shape, that.shape)
            && Arrays.equals(data, that.data) && dtype.equals(that.dtype);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(shape) + Arrays.hashCode(data)) + dtype.hashCode();
    }

    @Override
    public String toString() {
        return "NdArray[shape=" + Shapes.format(shape) + ", dtype=" + dtype + "]";
    }
}
