package org.fusionj.core.registration;

import org.fusionj.core.InvalidInputException;

/**
 * A 3-D grey volume stored flat: voxel (x, y, z) is {@code data[x + nx * (y + ny * z)]}; x is the column, y the row,
 * z the slice, and voxel centres sit at integer positions.
 */
public record Volume(int nx, int ny, int nz, float[] data) {

    public Volume {
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new InvalidInputException("a volume needs at least one voxel on each axis, got " + nx + " x " + ny
                    + " x " + nz);
        }
        if (data == null || data.length != (long) nx * ny * nz) {
            throw new IllegalArgumentException("data length does not match " + nx + " x " + ny + " x " + nz);
        }
    }

    /** The most voxels one volume can hold: one Java array (a cube of at most 1290 voxels per side). */
    public static final int MAX_VOXELS = Integer.MAX_VALUE - 8;

    /**
     * {@code nx * ny * nz}, refused with a clear message when it does not fit one Java array (an int product would
     * overflow silently and index the wrong voxels).
     */
    public static int voxels(long nx, long ny, long nz) {
        long n = nx * ny * nz;
        if (nx < 0 || ny < 0 || nz < 0 || n > MAX_VOXELS || n / Math.max(1, nx) / Math.max(1, ny) != nz) {
            throw new InvalidInputException("a volume of " + nx + " x " + ny + " x " + nz + " voxels is larger than "
                    + "FusionJ can hold in one piece (at most " + MAX_VOXELS + " voxels, e.g. 1290 x 1290 x 1290); crop "
                    + "or bin it");
        }
        return (int) n;
    }

    /** A zero volume. */
    public static Volume zeros(int nx, int ny, int nz) {
        return new Volume(nx, ny, nz, new float[voxels(nx, ny, nz)]);
    }

    /** Copies slices ({@code [z][x + y * nx]}) into one volume. */
    public static Volume ofSlices(int nx, int ny, float[][] slices) {
        int plane = nx * ny;
        float[] data = new float[voxels(nx, ny, slices.length)];
        for (int z = 0; z < slices.length; z++) {
            if (slices[z].length != plane) {
                throw new InvalidInputException("slice " + (z + 1) + " has " + slices[z].length + " pixels, expected "
                        + plane);
            }
            System.arraycopy(slices[z], 0, data, z * plane, plane);
        }
        return new Volume(nx, ny, slices.length, data);
    }

    /** The slices as separate arrays ({@code [z][x + y * nx]}), copied. */
    public float[][] toSlices() {
        int plane = nx * ny;
        float[][] out = new float[nz][plane];
        for (int z = 0; z < nz; z++) {
            System.arraycopy(data, z * plane, out[z], 0, plane);
        }
        return out;
    }

    public int voxels() {
        return data.length;
    }

    public boolean sameSize(Volume other) {
        return nx == other.nx && ny == other.ny && nz == other.nz;
    }

    /** "nx x ny x nz", for messages. */
    public String sizeText() {
        return nx + " x " + ny + " x " + nz;
    }

    /** Centre of the volume in voxel coordinates (the centre of rotation of every transform). */
    public double[] centre() {
        return new double[] {(nx - 1) / 2.0, (ny - 1) / 2.0, (nz - 1) / 2.0};
    }

    public float get(int x, int y, int z) {
        return data[x + nx * (y + ny * z)];
    }

    /**
     * Refuses volumes a registration cannot use: fewer than 2 voxels on an axis (2-D images), NaN or infinite voxels.
     *
     * @param name how the user knows this volume, e.g. "the moving volume (energy 6540 eV)"
     */
    public void requireUsable3d(String name) {
        requireThreeD(name);
        for (int i = 0; i < data.length; i++) {
            if (!Float.isFinite(data[i])) {
                throw notFinite(name, i);
            }
        }
    }

    /** Refuses fewer than 2 voxels on an axis (a 2-D image). */
    public void requireThreeD(String name) {
        if (nx < 2 || ny < 2 || nz < 2) {
            throw new InvalidInputException(name + " is " + sizeText()
                    + ": registration needs a 3-D volume (at least 2 voxels on each axis); is it a single 2-D image?");
        }
    }

    /** The error for the NaN or infinite voxel at flat index i. */
    public InvalidInputException notFinite(String name, int i) {
        int x = i % nx;
        int y = (i / nx) % ny;
        int z = i / (nx * ny);
        return new InvalidInputException(name + " has a " + (Float.isNaN(data[i]) ? "NaN" : "infinite")
                + " voxel at x=" + x + ", y=" + y + ", z=" + z
                + "; replace missing values (e.g. by 0) before registering");
    }
}
