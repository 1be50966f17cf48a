package org.fusionj.core.registration;

/**
 * A 3-D volume read box by box, so it need not fit one Java array (a 2048^3 float volume is 32 GB; an array holds
 * at most 2^31 values): a chunked file on a cluster, or a {@link Volume} in memory ({@link #of}). Kernels that
 * work on such volumes read the boxes they need: a window for a resampled block, full-resolution slabs for a
 * downsampled copy ({@link Downsampling#blockAverage}).
 */
public interface LargeVolume {

    int nx();

    int ny();

    int nz();

    /**
     * The voxels of {@code box} as a volume (x fastest). Implementations that read files throw
     * {@link java.io.UncheckedIOException} naming the file when it cannot be read.
     */
    Volume read(Box3D box);

    /** A window of this volume over {@code box} (null box: null window). */
    default VolumeWindow window(Box3D box) {
        return box == null ? null : new VolumeWindow(box, nx(), ny(), nz(), read(box));
    }

    /** A volume in memory seen as a large volume (reads copy the box). */
    static LargeVolume of(Volume v) {
        return new LargeVolume() {
            @Override
            public int nx() {
                return v.nx();
            }

            @Override
            public int ny() {
                return v.ny();
            }

            @Override
            public int nz() {
                return v.nz();
            }

            @Override
            public Volume read(Box3D box) {
                if (box.x0() == 0 && box.y0() == 0 && box.z0() == 0 && box.nx() == v.nx() && box.ny() == v.ny()
                        && box.nz() == v.nz()) {
                    return v;
                }
                return crop(v, box);
            }
        };
    }

    /** The voxels of {@code box} of an in-memory volume, copied. */
    static Volume crop(Volume v, Box3D box) {
        if (!box.inside(v.nx(), v.ny(), v.nz())) {
            throw new IllegalArgumentException("box " + box.describe() + " is not inside " + v.sizeText());
        }
        float[] out = new float[(int) box.voxels()];
        float[] d = v.data();
        for (int z = 0; z < box.nz(); z++) {
            for (int y = 0; y < box.ny(); y++) {
                System.arraycopy(d, box.x0() + v.nx() * (box.y0() + y + v.ny() * (box.z0() + z)), out,
                        box.nx() * (y + box.ny() * z), box.nx());
            }
        }
        return new Volume(box.nx(), box.ny(), box.nz(), out);
    }
}
