package org.fusionj.core.tomo;

import java.util.Objects;

import org.fusionj.core.InvalidInputException;

/**
 * A tilt series as the kernels see it: one projection image per tilt angle, all of one size, the tilt axis along
 * the image rows' direction (image y): row y of every image is the projection of slice y of the volume. Pixels are
 * float, image after image, each row-major: index {@code (a * height + y) * width + x}. Checked on construction:
 * one image per angle, every angle valid ({@link TiltAngles#requireValid}), no NaN or infinite pixel.
 *
 * @param name   what the user calls it (window title, file name, element): used in every message
 * @param width  detector pixels across the tilt axis
 * @param height pixels along the tilt axis (slices of the volume)
 * @param angles tilt angles in degrees, one per image, in stack order
 * @param pixels the images; the kernels never write into it
 */
public record TiltSeries(String name, int width, int height, double[] angles, float[] pixels) {

    public TiltSeries {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(pixels, "pixels");
        if (width < 1 || height < 1) {
            throw new InvalidInputException(name + ": empty images (" + width + " x " + height + ")");
        }
        TiltAngles.requireValid(angles, name);
        long image = (long) width * height;
        if (pixels.length % image != 0) {
            throw new InvalidInputException(name + ": " + pixels.length + " pixels are not a whole number of "
                    + width + " x " + height + " images");
        }
        long images = pixels.length / image;
        if (images != angles.length) {
            throw new InvalidInputException(name + ": " + angles.length + " tilt angles but the stack holds "
                    + images + " images; give exactly one angle per image, in stack order");
        }
        requireFinite(name, pixels, (int) image);
        angles = angles.clone();
    }

    private static void requireFinite(String name, float[] px, int image) {
        int bad = 0;
        int first = -1;
        for (int i = 0; i < px.length; i++) {
            if (Float.isNaN(px[i]) || Float.isInfinite(px[i])) {
                if (bad++ == 0) {
                    first = i;
                }
            }
        }
        if (bad > 0) {
            throw new InvalidInputException(name + ": " + bad + " NaN or infinite pixel(s), the first in image "
                    + (first / image + 1) + "; replace or crop them before reconstructing");
        }
    }

    /** Number of images (tilt angles). */
    public int angleCount() {
        return angles.length;
    }

    /** The tilt angles in degrees (a copy). */
    @Override
    public double[] angles() {
        return angles.clone();
    }

    /** "W x H x N", the way sizes appear in messages. */
    public String sizeText() {
        return width + " x " + height + " x " + angles.length;
    }

    /** Offset of row {@code y} of image {@code a} in {@link #pixels()}. */
    public int rowOffset(int a, int y) {
        return (a * height + y) * width;
    }

    /** Whether every pixel has the same value. */
    public boolean isConstant() {
        float first = pixels[0];
        for (float v : pixels) {
            if (v != first) {
                return false;
            }
        }
        return true;
    }
}
