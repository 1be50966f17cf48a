package org.fusionj.core;

import java.util.Objects;

/**
 * One named 2-D image as the kernels see it: row-major float pixels, index {@code y * width + x}.
 *
 * @param name   what the user calls it (window title, file name, element): used in every error message
 * @param width  number of columns
 * @param height number of rows
 * @param pixels row-major pixels, length {@code width * height}; the kernels never write into it
 */
public record ImagePlane(String name, int width, int height, float[] pixels) {

    public ImagePlane {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        if (width < 1 || height < 1) {
            throw new InvalidInputException(name + ": empty image (" + width + " x " + height + ")");
        }
        if ((long) width * height != pixels.length) {
            throw new InvalidInputException(name + ": " + pixels.length + " pixels do not fill " + width + " x "
                    + height);
        }
    }

    /** Number of pixels. */
    public int size() {
        return pixels.length;
    }

    /** "W x H", the way sizes appear in messages. */
    public String sizeText() {
        return width + " x " + height;
    }

    public boolean sameSizeAs(ImagePlane other) {
        return width == other.width && height == other.height;
    }

    /** Throws {@link InvalidInputException} naming the image when any pixel is NaN or infinite. */
    public void requireFinite() {
        int nan = 0;
        int inf = 0;
        for (float v : pixels) {
            if (Float.isNaN(v)) {
                nan++;
            } else if (Float.isInfinite(v)) {
                inf++;
            }
        }
        if (nan + inf > 0) {
            throw new InvalidInputException(name + ": " + nan + " NaN and " + inf + " infinite pixel(s); "
                    + "replace or crop them first");
        }
    }
}
