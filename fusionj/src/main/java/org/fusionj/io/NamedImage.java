package org.fusionj.io;

/**
 * An image found in a microscopy file, with its spatial calibration when the file records one.
 *
 * @param name a human-readable name, e.g. the detector ("HAADF") or the group name
 * @param array the pixel values, normally 2-D (rows, cols); see the reader for stacks
 * @param pixelSizeX the width of one pixel (along cols) in {@code unit}, or NaN if unknown
 * @param pixelSizeY the height of one pixel (along rows) in {@code unit}, or NaN if unknown
 * @param unit the length unit of the pixel sizes, or "" if unknown
 */
public record NamedImage(String name, NdArray array, double pixelSizeX, double pixelSizeY, String unit) {

    /** Creates an image without calibration. */
    public static NamedImage uncalibrated(String name, NdArray array) {
        return new NamedImage(name, array, Double.NaN, Double.NaN, "");
    }

    /** @return whether both pixel sizes are known */
    public boolean isCalibrated() {
        return !Double.isNaN(pixelSizeX) && !Double.isNaN(pixelSizeY);
    }
}
