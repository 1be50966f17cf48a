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

    /** Receives one element move of a Fortran-to-C reordering. */
    @FunctionalInterface
    interface ElementMove {
        void move(int target, int source);
    }

    /**
     * Walks the C-order positions of an array of {@code shape} and reports, for each, the position of the same
     * element in Fortran (column-major) order. Keeps the Fortran offset up to date with an odometer over the
     * indices, so no per-element index arithmetic is needed.
     */
    static void walkFortranToC(int[] shape, int count, ElementMove move) {
        int rank = shape.length;
        long[] fortranStrides = new long[rank];
        long stride = 1;
        for (int axis = 0; axis < rank; axis++) {
            fortranStrides[axis] = stride;
            stride *= shape[axis];
        }
        int[] index = new int[rank];
        long source = 0;
        for (int target = 0; target < count; target++) {
            move.move(target, (int) source);
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
    }

    /** Reorders column-major (Fortran) data into row-major (C) order. */
    static double[] fortranToC(double[] fortran, int[] shape) {
        if (shape.length < 2) return fortran;
        double[] c = new double[fortran.length];
        walkFortranToC(shape, c.length, (target, source) -> c[target] = fortran[source]);
        return c;
    }

    /** Reorders column-major (Fortran) floats into row-major (C) order. */
    static float[] fortranToC(float[] fortran, int[] shape) {
        if (shape.length < 2) return fortran;
        float[] c = new float[fortran.length];
        walkFortranToC(shape, c.length, (target, source) -> c[target] = fortran[source]);
        return c;
    }
}
