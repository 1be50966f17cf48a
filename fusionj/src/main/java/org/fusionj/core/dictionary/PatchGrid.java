package org.fusionj.core.dictionary;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;

/**
 * Top-left corners of the p x p patches along one image axis for a stride: 0, stride, 2 stride, ... and always
 * the last position {@code length - p}, so that every pixel is covered. Stride 1 gives every patch.
 */
public final class PatchGrid {

    private PatchGrid() {
    }

    /** Corner positions along an axis of {@code length} pixels. */
    public static int[] corners(int length, int patchSize, int stride) {
        if (patchSize > length) {
            throw new InvalidInputException("patch size " + patchSize + " is larger than the image (" + length
                    + " pixels along one side)");
        }
        Require.atLeastOne("stride", stride);
        int last = length - patchSize;
        int count = last / stride + 1;
        boolean extra = last % stride != 0;
        int[] c = new int[count + (extra ? 1 : 0)];
        for (int i = 0; i < count; i++) {
            c[i] = i * stride;
        }
        if (extra) {
            c[count] = last;
        }
        return c;
    }
}
