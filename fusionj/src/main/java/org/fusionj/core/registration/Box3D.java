package org.fusionj.core.registration;

import org.fusionj.core.InvalidInputException;

/**
 * A box of voxels of a larger volume: origin (x0, y0, z0) and size (nx, ny, nz), x the column, y the row, z the
 * slice. Blocks of a distributed run, crops and the footprints a resampled block needs are boxes.
 */
public record Box3D(int x0, int y0, int z0, int nx, int ny, int nz) {

    public Box3D {
        if (nx < 1 || ny < 1 || nz < 1) {
            throw new InvalidInputException("a box needs at least one voxel on each axis, got " + nx + " x " + ny
                    + " x " + nz);
        }
        if (x0 < 0 || y0 < 0 || z0 < 0) {
            throw new InvalidInputException("a box must start inside the volume, got origin (" + x0 + ", " + y0
                    + ", " + z0 + ")");
        }
    }

    /** The whole volume of nx x ny x nz voxels. */
    public static Box3D whole(int nx, int ny, int nz) {
        return new Box3D(0, 0, 0, nx, ny, nz);
    }

    /** The box with inclusive corners (clamped to [0, size - 1] on each axis), or null when nothing is left. */
    public static Box3D ofCorners(long xmin, long ymin, long zmin, long xmax, long ymax, long zmax, int sx, int sy,
            int sz) {
        long ax = Math.max(0, xmin);
        long ay = Math.max(0, ymin);
        long az = Math.max(0, zmin);
        long bx = Math.min(sx - 1L, xmax);
        long by = Math.min(sy - 1L, ymax);
        long bz = Math.min(sz - 1L, zmax);
        if (bx < ax || by < ay || bz < az) {
            return null;
        }
        return new Box3D((int) ax, (int) ay, (int) az, (int) (bx - ax + 1), (int) (by - ay + 1),
                (int) (bz - az + 1));
    }

    public int x1() {
        return x0 + nx;
    }

    public int y1() {
        return y0 + ny;
    }

    public int z1() {
        return z0 + nz;
    }

    public long voxels() {
        return (long) nx * ny * nz;
    }

    /** Whether this box lies inside a volume of sx x sy x sz voxels. */
    public boolean inside(int sx, int sy, int sz) {
        return x1() <= sx && y1() <= sy && z1() <= sz;
    }

    /** Whether (x, y, z) lies in the box. */
    public boolean contains(int x, int y, int z) {
        return x >= x0 && x < x1() && y >= y0 && y < y1() && z >= z0 && z < z1();
    }

    /** "nx x ny x nz at (x0, y0, z0)", for messages. */
    public String describe() {
        return nx + " x " + ny + " x " + nz + " at (" + x0 + ", " + y0 + ", " + z0 + ")";
    }
}
