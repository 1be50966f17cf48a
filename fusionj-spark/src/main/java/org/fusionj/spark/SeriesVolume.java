package org.fusionj.spark;

import org.apache.spark.util.LongAccumulator;
import org.fusionj.core.registration.Box3D;
import org.fusionj.core.registration.LargeVolume;
import org.fusionj.core.registration.Volume;

/**
 * One energy's volume of a series stored as a 4-D (energy, z, y, x) array, or a 3-D (z, y, x) stack, as a
 * {@link LargeVolume}: read box by box, never whole. Counts the bytes it reads (read amplification).
 */
final class SeriesVolume implements LargeVolume {

    private final ArrayStore store;
    private final int energy;
    private final LongAccumulator bytesRead;
    private final int nx;
    private final int ny;
    private final int nz;

    /** @param energy the index on the first axis of a 4-D array, or -1 for a 3-D stack */
    SeriesVolume(ArrayStore store, int energy, LongAccumulator bytesRead) {
        this.store = store;
        this.energy = energy;
        this.bytesRead = bytesRead;
        long[] s = store.shape();
        int r = s.length;
        this.nx = (int) s[r - 1];
        this.ny = (int) s[r - 2];
        this.nz = (int) s[r - 3];
    }

    @Override
    public int nx() {
        return nx;
    }

    @Override
    public int ny() {
        return ny;
    }

    @Override
    public int nz() {
        return nz;
    }

    @Override
    public Volume read(Box3D b) {
        float[] v = energy < 0
                ? store.read(new long[] {b.z0(), b.y0(), b.x0()}, new int[] {b.nz(), b.ny(), b.nx()})
                : store.read(new long[] {energy, b.z0(), b.y0(), b.x0()}, new int[] {1, b.nz(), b.ny(), b.nx()});
        if (bytesRead != null) {
            bytesRead.add(4L * v.length);
        }
        return new Volume(b.nx(), b.ny(), b.nz(), v);
    }
}
