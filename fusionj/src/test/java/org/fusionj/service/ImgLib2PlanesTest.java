package org.fusionj.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.array.ArrayImgs;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.type.numeric.real.FloatType;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.InvalidInputException;
import org.junit.jupiter.api.Test;

/** ImgLib2 images and FusionJ planes share their pixels: no copy either way, x fastest as in both. */
class ImgLib2PlanesTest {

    @Test
    void wrappingSharesThePixels() {
        float[] px = {0, 1, 2, 3, 4, 5};
        ImagePlane plane = new ImagePlane("p", 3, 2, px);
        ArrayImg<FloatType, FloatArray> img = ImgLib2Planes.wrap(plane);
        assertSame(px, img.update(null).getCurrentStorageArray());
        var ra = img.randomAccess();
        ra.setPosition(new long[] {2, 1});
        assertEquals(5f, ra.get().get());
        ImagePlane back = ImgLib2Planes.plane("q", img);
        assertSame(px, back.pixels());
        assertEquals(3, back.width());
        assertEquals(2, back.height());
    }

    @Test
    void onlyTwoDimensionalImagesArePlanes() {
        assertThrows(InvalidInputException.class, () -> ImgLib2Planes.plane("v", ArrayImgs.floats(2, 2, 2)));
    }
}
