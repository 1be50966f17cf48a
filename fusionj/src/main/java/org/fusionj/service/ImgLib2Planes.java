package org.fusionj.service;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;

/**
 * The service edge for ImgLib2 users: FusionJ's kernels work on {@link ImagePlane}s (named float[] planes), and an
 * ImgLib2 {@code ArrayImg} of floats is the same memory. These views wrap one as the other without copying, so a
 * script holding an {@code Img<FloatType>} can call the kernels (e.g. {@code FusionService.fuse(FusionProblem,
 * ...)}) and get images back, both ways in constant time.
 */
public final class ImgLib2Planes {

    private ImgLib2Planes() {
    }

    /** The plane's pixels as a width x height {@code ArrayImg} (same array: writes show through). */
    public static ArrayImg<FloatType, FloatArray> wrap(ImagePlane plane) {
        return ArrayImgs.floats(plane.pixels(), plane.width(), plane.height());
    }

    /**
     * A 2-D float {@code ArrayImg} as a plane named {@code name} (same array: the kernels read it in place).
     *
     * @throws InvalidInputException when the image is not two-dimensional
     */
    public static ImagePlane plane(String name, ArrayImg<FloatType, FloatArray> img) {
        if (img.numDimensions() != 2) {
            throw new InvalidInputException(name + " must be a 2-D image, got " + img.numDimensions()
                    + " dimensions");
        }
        float[] pixels = img.update(null).getCurrentStorageArray();
        return new ImagePlane(name, (int) img.dimension(0), (int) img.dimension(1), pixels);
    }
}
