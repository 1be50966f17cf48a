package org.fusionj.io;

import java.lang.reflect.Array;
import java.math.BigInteger;

/** Converts between flat C-order data and the Java array shapes jhdf reads and writes. */
final class JhdfArrays {

    private JhdfArrays() {}

    /**
     * Widens a flat primitive array as returned by jhdf's {@code getDataFlat()} to doubles.
     * jhdf already promotes unsigned integers to the next wider signed type (and uint64 to
     * {@link BigInteger}), so every value arrives with its true magnitude.
     *
     * @return the values, or {@code null} if {@code flat} is not a numeric array
     */
    static double[] toDoubles(Object flat) {
        if (flat instanceof double[] values) return values;
        if (flat instanceof BigInteger[] values) {
            double[] result = new double[values.length];
            for (int i = 0; i < values.length; i++) result[i] = values[i].doubleValue();
            return result;
        }
        if (flat instanceof boolean[] values) {
            double[] result = new double[values.length];
            for (int i = 0; i < values.length; i++) result[i] = values[i] ? 1 : 0;
            return result;
        }
        if (flat == null || !flat.getClass().isArray() || !flat.getClass().getComponentType().isPrimitive()
            || flat instanceof char[])
        {
            return null;
        }
        int length = Array.getLength(flat);
        double[] result = new double[length];
        for (int i = 0; i < length; i++) result[i] = ((Number) Array.get(flat, i)).doubleValue();
        return result;
    }

    /** Narrows a flat primitive array from jhdf to floats, or returns {@code null} if it is not numeric. */
    static float[] toFloats(Object flat) {
        if (flat instanceof float[] values) return values;
        if (flat instanceof double[] || flat instanceof BigInteger[] || flat instanceof boolean[]) {
            double[] d = toDoubles(flat);
            float[] result = new float[d.length];
            for (int i = 0; i < d.length; i++) result[i] = (float) d[i];
            return result;
        }
        if (flat == null || !flat.getClass().isArray() || !flat.getClass().getComponentType().isPrimitive()
            || flat instanceof char[])
        {
            return null;
        }
        int length = Array.getLength(flat);
        float[] result = new float[length];
        for (int i = 0; i < length; i++) result[i] = ((Number) Array.get(flat, i)).floatValue();
        return result;
    }

    /**
     * Builds the nested primitive array jhdf needs to write a dataset of the given shape:
     * {@code float[rows][cols]} and so on, or a boxed scalar for a 0-d shape. The data is copied,
     * so later changes to {@code flat} do not alter what gets written.
     */
    static Object nest(double[] flat, int[] shape, boolean asFloat) {
        Shapes.requireLength(shape, flat.length);
        if (shape.length == 0) return asFloat ? (Object) (float) flat[0] : (Object) flat[0];
        Object nested = Array.newInstance(asFloat ? float.class : double.class, shape);
        fill(nested, flat, 0, asFloat);
        return nested;
    }

    /** Copies values into the innermost rows of {@code target} in C order; returns the next source index. */
    private static int fill(Object target, double[] flat, int from, boolean asFloat) {
        int length = Array.getLength(target);
        if (target instanceof float[] row) {
            for (int i = 0; i < length; i++) row[i] = (float) flat[from + i];
            return from + length;
        }
        if (target instanceof double[] row) {
            System.arraycopy(flat, from, row, 0, length);
            return from + length;
        }
        int next = from;
        for (int i = 0; i < length; i++) next = fill(Array.get(target, i), flat, next, asFloat);
        return next;
    }
}
