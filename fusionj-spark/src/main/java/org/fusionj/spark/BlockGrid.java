package org.fusionj.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.registration.Box3D;

/**
 * The spatial blocks of a distributed run, planned on the driver: the volume cut into boxes of the block size
 * (the last ones on each axis smaller), numbered x fastest, then y, then z. The output maps are chunked by the
 * same size, so each task writes exactly its own chunks.
 */
public final class BlockGrid implements Serializable {

    private static final long serialVersionUID = 1L;

    final int nx;
    final int ny;
    final int nz;
    final int bx;
    final int by;
    final int bz;

    public BlockGrid(int nx, int ny, int nz, int[] blockSize) {
        this.nx = nx;
        this.ny = ny;
        this.nz = nz;
        this.bx = Math.min(blockSize[0], nx);
        this.by = Math.min(blockSize[1], ny);
        this.bz = Math.min(blockSize[2], nz);
    }

    int countX() {
        return (nx + bx - 1) / bx;
    }

    int countY() {
        return (ny + by - 1) / by;
    }

    int countZ() {
        return (nz + bz - 1) / bz;
    }

    public int count() {
        return countX() * countY() * countZ();
    }

    /** The box of block {@code index}. */
    public Box3D box(int index) {
        int i = index % countX();
        int j = (index / countX()) % countY();
        int k = index / (countX() * countY());
        return new Box3D(i * bx, j * by, k * bz, Math.min(bx, nx - i * bx), Math.min(by, ny - j * by),
                Math.min(bz, nz - k * bz));
    }

    /** Block index of the block at grid position (i, j, k). */
    int index(int i, int j, int k) {
        return i + countX() * (j + countY() * k);
    }

    /** All block indices. */
    public List<Integer> indices() {
        List<Integer> out = new ArrayList<>(count());
        for (int i = 0; i < count(); i++) {
            out.add(i);
        }
        return out;
    }

    /** Chunk shape (z, y, x) of the output maps. */
    int[] chunks() {
        return new int[] {bz, by, bx};
    }
}
