package org.fusionj.io;

import java.util.Arrays;

/**
 * An image array read for display or processing: 2-D (rows, cols), 3-D (n, rows, cols) or 4-D (frames, slices,
 * rows, cols), held as one float[] per plane of rows x cols. Readers fill it straight from the file, so an image
 * costs four bytes per value (not eight, as a double array would), and a stack may exceed 2^31 values in total.
 *
 * @param shape the array shape as stored, outermost axis first
 * @param planes the planes in C order of the leading axes, each rows x cols values in row-major order
 * @param dtype the element type on disk (a numpy descriptor or an HDF5 type name)
 */
public record FloatPlanes(int[] shape, float[][] planes, String dtype) {

    public int rows() {
        return shape[shape.length - 2];
    }

    public int cols() {
        return shape[shape.length - 1];
    }

    /**
     * Refuses what cannot be an image: other than 2 to 4 axes, an axis of length 0, a plane too large for one Java
     * array. Called by every reader before it allocates.
     *
     * @return the number of planes
     */
    static int checkImageShape(int[] shape, String sourceName) throws FileFormatException {
        if (shape.length < 2 || shape.length > 4) {
            throw new FileFormatException(sourceName, "a " + shape.length + "-D array (shape " + Shapes.format(shape)
                    + ") is not an image; expected 2-D (rows, cols), 3-D or 4-D");
        }
        for (int d : shape) {
            if (d <= 0) {
                throw new FileFormatException(sourceName, "shape " + Shapes.format(shape) + " has an axis of length "
                        + d + ": there are no pixels to read (the file is empty or damaged)");
            }
        }
        long plane = (long) shape[shape.length - 2] * shape[shape.length - 1];
        if (plane > Shapes.MAX_ARRAY_LENGTH) {
            throw new FileFormatException(sourceName, "shape " + Shapes.format(shape) + ": one plane of "
                    + plane + " values is larger than ImageJ can hold (2^31)");
        }
        long planes = 1;
        for (int i = 0; i < shape.length - 2; i++) {
            planes *= shape[i];
        }
        if (planes > Integer.MAX_VALUE - 8) {
            throw new FileFormatException(sourceName, "shape " + Shapes.format(shape) + " has " + planes
                    + " planes, more than an ImageJ stack can hold");
        }
        return (int) planes;
    }

    /** Splits flat C-order values into planes (the flat array is not kept). */
    static float[][] split(float[] flat, int[] shape) {
        int plane = shape[shape.length - 2] * shape[shape.length - 1];
        float[][] planes = new float[flat.length / plane][];
        for (int p = 0; p < planes.length; p++) {
            planes[p] = Arrays.copyOfRange(flat, p * plane, (p + 1) * plane);
        }
        return planes;
    }

    @Override
    public String toString() {
        return "FloatPlanes[shape=" + Shapes.format(shape) + ", dtype=" + dtype + "]";
    }
}
