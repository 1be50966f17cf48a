package org.fusionj.io;

/** Helpers for array shapes: element counts, Python-style formatting and memory-order conversion. */
final class Shapes {

    /** The largest array length every mainstream JVM accepts (some reserve a few header words). */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private Shapes() {}

    /**
     * @return the number of elements, or -1 if the product overflows a long
     * @throws IllegalArgumentException if a dimension is negative
     */
    static long elementCount(int[] shape) {
        long count = 1;
        for (int dim : shape) {
            if (dim < 0) throw new IllegalArgumentException("negative dimension in shape " + format(shape));
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException overflow) {
                return -1;
            }
        }
        return count;
    }

    /**
     * @return the element count of {@code shape} as an int
     * @throws FileFormatException if that many elements do not fit in one Java array
     */
    static int arrayLength(int[] shape, String sourceName) throws FileFormatException {
        long count = elementCount(shape);
        if (count < 0 || count > MAX_ARRAY_LENGTH) {
            String elements = count < 0 ? "more than 2^63" : Long.toString(count);
            throw new FileFormatException(sourceName, "shape " + format(shape) + " has " + elements
                + " elements, more than a Java array can hold (" + MAX_ARRAY_LENGTH + ")");
        }
        return (int) count;
    }

    /** @throws IllegalArgumentException if {@code shape} does not describe exactly {@code length} elements */
    static void requireLength(int[] shape, int length) {
        if (elementCount(shape) != length) {
            throw new IllegalArgumentException("shape " + format(shape) + " needs " + elementCount(shape)
                + " elements but the data has " + length);
        }
    }

    /** Formats a shape as Python prints a tuple: {@code ()}, {@code (30,)}, {@code (256, 256)}. */
    static String format(int[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) text.append(", ");
            text.append(shape[i]);
        }
        return text.append(')').toString();
    }

    /**
     * Reorders column-major (Fortran) data into row-major (C) order.
     * Walks the output in C order with an odometer over the indices and keeps the matching
     * Fortran offset up to date incrementally, so no per-element index arithmetic is needed.
     */
    static double[] fortranToC(double[] fortran, int[] shape) {
        int rank = shape.length;
        if (rank < 2) return fortran;
        long[] fortranStrides = new long[rank];
        long stride = 1;
        for (int axis = 0; axis < rank; axis++) {
            fortranStrides[axis] = stride;
            stride *= shape[axis];
        }
        double[] c = new double[fortran.length];
        int[] index = new int[rank];
        long source = 0;
        for (int target = 0; target < c.length; target++) {
            c[target] = fortran[(int) source];
            // advance the last axis fastest, carrying into earlier axes as in C order
            for (int axis = rank - 1; axis >= 0; axis--) {
                if (++index[axis] < shape[axis]) {
                    source += fortranStrides[axis];
                    break;
                }
                index[axis] = 0;
                source -= fortranStrides[axis] * (shape[axis] - 1);
            }
        }
        return c;
    }
}
