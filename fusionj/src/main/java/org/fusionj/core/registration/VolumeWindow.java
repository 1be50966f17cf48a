package org.fusionj.core.registration;

import org.fusionj.core.InvalidInputException;

/**
 * The voxels of a box of a volume that need not fit one array: {@code data} holds the box, {@code box} says where
 * it lies, and (sx, sy, sz) is the size of the whole volume. Sampling a window at a position of the whole volume
 * gives the same value, bit for bit, as sampling the whole volume, provided the box holds every neighbour the
 * interpolation reads (see {@link Resampler#footprint}).
 */
public record VolumeWindow(Box3D box, int sx, int sy, int sz, Volume data) {

    public VolumeWindow {
        if (!box.inside(sx, sy, sz)) {
            throw new InvalidInputException("the window " + box.describe() + " does not lie inside the " + sx + " x "
                    + sy + " x " + sz + " volume");
        }
        if (data.nx() != box.nx() || data.ny() != box.ny() || data.nz() != box.nz()) {
            throw new IllegalArgumentException("window data is " + data.sizeText() + ", its box " + box.describe());
        }
    }

    /** A whole volume as a window. */
    public static VolumeWindow of(Volume whole) {
        return new VolumeWindow(Box3D.whole(whole.nx(), whole.ny(), whole.nz()), whole.nx(), whole.ny(), whole.nz(),
                whole);
    }
}
