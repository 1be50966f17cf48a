package org.fusionj.workflow.dictionary;

import java.io.IOException;

import ij.ImagePlus;
import ij.process.FloatProcessor;

import org.fusionj.core.ImagePlane;
import org.fusionj.core.dictionary.DictionaryReference;

/** Crops of the reference images as ImageJ images, small enough for quick workflow tests. */
public final class DictionaryFixtures {

    private DictionaryFixtures() {
    }

    /** The top-left {@code size} x {@code size} crop of a reference image, 32-bit. */
    public static ImagePlus crop(String referenceName, int size, String title) throws IOException {
        ImagePlane p = DictionaryReference.image(referenceName);
        float[] px = new float[size * size];
        for (int y = 0; y < size; y++) {
            System.arraycopy(p.pixels(), y * p.width(), px, y * size, size);
        }
        return new ImagePlus(title, new FloatProcessor(size, size, px));
    }
}
