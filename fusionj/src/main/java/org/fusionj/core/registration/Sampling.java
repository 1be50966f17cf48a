package org.fusionj.core.registration;

/**
 * Interpolation of a flat volume at a real position. Positions outside the voxel centres' box [0, n-1] read as 0
 * (background), which is what binarised and tomographic volumes have around the specimen. A 2-D image (depth 1) is
 * read in its plane whatever z (planar transforms keep z at 0 up to rounding).
 */
final class Sampling {

    private Sampling() {
    }

    /** Trilinear value at (x, y, z). */
    static float trilinear(float[] v, int nx, int ny, int nz, double x, double y, double z) {
        return trilinear(v, nx, ny, nz, 0, 0, 0, nx, ny, x, y, z);
    }

    /**
     * Bilinear value at (x, y) of a 2-D image (depth 1): the same bits as {@link #trilinear} at z = 0 on it (its z
     * weight is 0 and its two z planes are the same), without the z arithmetic. 0 outside the image.
     */
    static float bilinear(float[] v, int nx, int ny, double x, double y) {
        if (!(x >= 0 && y >= 0 && x <= nx - 1 && y <= ny - 1)) {
            return 0;
        }
        int x0 = Math.min((int) x, nx - 2 < 0 ? 0 : nx - 2);
        int y0 = Math.min((int) y, ny - 2 < 0 ? 0 : ny - 2);
        double fx = x - x0;
        double fy = y - y0;
        int i = x0 + nx * y0;
        int dx = nx > 1 ? 1 : 0;
        int dy = ny > 1 ? nx : 0;
        double c00 = v[i] + fx * (v[i + dx] - v[i]);
        double c10 = v[i + dy] + fx * (v[i + dy + dx] - v[i + dy]);
        return (float) (c00 + fy * (c10 - c00));
    }

    /** Trilinear value at (x, y, z) of a window (see {@link VolumeWindow}): the same bits as on the whole volume. */
    static float trilinear(VolumeWindow w, double x, double y, double z) {
        Box3D b = w.box();
        return trilinear(w.data().data(), w.sx(), w.sy(), w.sz(), b.x0(), b.y0(), b.z0(), b.nx(), b.ny(), x, y, z);
    }

    /**
     * Trilinear value at (x, y, z) of a volume of nx x ny x nz voxels whose box starting at (ox, oy, oz), wx voxels
     * wide and wy high, is stored in v. Every decision and every operation is taken in whole-volume coordinates;
     * only the array index is shifted, so a window gives the whole volume's bits.
     */
    private static float trilinear(float[] v, int nx, int ny, int nz, int ox, int oy, int oz, int wx, int wy,
            double x, double y, double z) {
        if (nz == 1) {
            z = 0;
        }
        if (!(x >= 0 && y >= 0 && z >= 0 && x <= nx - 1 && y <= ny - 1 && z <= nz - 1)) {
            return 0;
        }
        int x0 = Math.min((int) x, nx - 2 < 0 ? 0 : nx - 2);
        int y0 = Math.min((int) y, ny - 2 < 0 ? 0 : ny - 2);
        int z0 = Math.min((int) z, nz - 2 < 0 ? 0 : nz - 2);
        double fx = x - x0;
        double fy = y - y0;
        double fz = z - z0;
        int plane = wx * wy;
        int i = (x0 - ox) + wx * (y0 - oy) + plane * (z0 - oz);
        int dx = nx > 1 ? 1 : 0;
        int dy = ny > 1 ? wx : 0;
        int dz = nz > 1 ? plane : 0;
        double c00 = v[i] + fx * (v[i + dx] - v[i]);
        double c10 = v[i + dy] + fx * (v[i + dy + dx] - v[i + dy]);
        double c01 = v[i + dz] + fx * (v[i + dz + dx] - v[i + dz]);
        double c11 = v[i + dz + dy] + fx * (v[i + dz + dy + dx] - v[i + dz + dy]);
        double c0 = c00 + fy * (c10 - c00);
        double c1 = c01 + fy * (c11 - c01);
        return (float) (c0 + fz * (c1 - c0));
    }

    /**
     * Trilinear value and its exact gradient at (x, y, z): returns the value and writes d/dx, d/dy, d/dz into
     * {@code grad}. Outside the box: 0 and a zero gradient. Requires at least 2 voxels on x and y; a 2-D image (depth
     * 1) has no z gradient.
     */
    static double trilinearWithGradient(float[] v, int nx, int ny, int nz, double x, double y, double z,
            double[] grad) {
        if (nz == 1) {
            double val = trilinearWithGradient2d(v, nx, ny, x, y, grad);
            grad[2] = 0;
            return val;
        }
        if (!(x >= 0 && y >= 0 && z >= 0 && x <= nx - 1 && y <= ny - 1 && z <= nz - 1)) {
            grad[0] = 0;
            grad[1] = 0;
            grad[2] = 0;
            return 0;
        }
        int x0 = Math.min((int) x, nx - 2);
        int y0 = Math.min((int) y, ny - 2);
        int z0 = Math.min((int) z, nz - 2);
        double fx = x - x0;
        double fy = y - y0;
        double fz = z - z0;
        int plane = nx * ny;
        int i = x0 + nx * y0 + plane * z0;
        double v000 = v[i];
        double v100 = v[i + 1];
        double v010 = v[i + nx];
        double v110 = v[i + nx + 1];
        double v001 = v[i + plane];
        double v101 = v[i + plane + 1];
        double v011 = v[i + plane + nx];
        double v111 = v[i + plane + nx + 1];
        double c00 = v000 + fx * (v100 - v000);
        double c10 = v010 + fx * (v110 - v010);
        double c01 = v001 + fx * (v101 - v001);
        double c11 = v011 + fx * (v111 - v011);
        double c0 = c00 + fy * (c10 - c00);
        double c1 = c01 + fy * (c11 - c01);
        double dx0 = (v100 - v000) + fy * ((v110 - v010) - (v100 - v000));
        double dx1 = (v101 - v001) + fy * ((v111 - v011) - (v101 - v001));
        grad[0] = dx0 + fz * (dx1 - dx0);
        grad[1] = (c10 - c00) + fz * ((c11 - c01) - (c10 - c00));
        grad[2] = c1 - c0;
        return c0 + fz * (c1 - c0);
    }

    /** Bilinear value and gradient (x, y) of a 2-D image; 0 outside. */
    private static double trilinearWithGradient2d(float[] v, int nx, int ny, double x, double y, double[] grad) {
        if (!(x >= 0 && y >= 0 && x <= nx - 1 && y <= ny - 1)) {
            grad[0] = 0;
            grad[1] = 0;
            return 0;
        }
        int x0 = Math.min((int) x, nx - 2);
        int y0 = Math.min((int) y, ny - 2);
        double fx = x - x0;
        double fy = y - y0;
        int i = x0 + nx * y0;
        double v00 = v[i];
        double v10 = v[i + 1];
        double v01 = v[i + nx];
        double v11 = v[i + nx + 1];
        double c0 = v00 + fx * (v10 - v00);
        double c1 = v01 + fx * (v11 - v01);
        grad[0] = (v10 - v00) + fy * ((v11 - v01) - (v10 - v00));
        grad[1] = c1 - c0;
        return c0 + fy * (c1 - c0);
    }

    /** The nearest voxel's value at (x, y, z), 0 outside the voxel centres' box grown by half a voxel. */
    static float nearest(float[] v, int nx, int ny, int nz, double x, double y, double z) {
        return nearest(v, nx, ny, nz, 0, 0, 0, nx, ny, x, y, z);
    }

    /** Nearest value at (x, y, z) of a window (see {@link VolumeWindow}): the same bits as on the whole volume. */
    static float nearest(VolumeWindow w, double x, double y, double z) {
        Box3D b = w.box();
        return nearest(w.data().data(), w.sx(), w.sy(), w.sz(), b.x0(), b.y0(), b.z0(), b.nx(), b.ny(), x, y, z);
    }

    private static float nearest(float[] v, int nx, int ny, int nz, int ox, int oy, int oz, int wx, int wy,
            double x, double y, double z) {
        if (nz == 1) {
            z = 0;
        }
        long ix = Math.round(x);
        long iy = Math.round(y);
        long iz = Math.round(z);
        if (ix < 0 || iy < 0 || iz < 0 || ix >= nx || iy >= ny || iz >= nz) {
            return 0;
        }
        return v[(int) ((ix - ox) + wx * ((iy - oy) + (long) wy * (iz - oz)))];
    }

    /** The value by {@code interp} at (x, y, z). */
    static float sample(Interpolation interp, float[] v, int nx, int ny, int nz, double x, double y, double z) {
        return switch (interp) {
            case CUBIC -> cubic(v, nx, ny, nz, x, y, z);
            case NEAREST -> nearest(v, nx, ny, nz, x, y, z);
            default -> trilinear(v, nx, ny, nz, x, y, z);
        };
    }

    /** Catmull-Rom cubic value at (x, y, z); neighbours beyond the border repeat the edge voxel. */
    static float cubic(float[] v, int nx, int ny, int nz, double x, double y, double z) {
        return cubic(v, nx, ny, nz, 0, 0, 0, nx, ny, x, y, z);
    }

    /** Cubic value at (x, y, z) of a window (see {@link VolumeWindow}): the same bits as on the whole volume. */
    static float cubic(VolumeWindow w, double x, double y, double z) {
        Box3D b = w.box();
        return cubic(w.data().data(), w.sx(), w.sy(), w.sz(), b.x0(), b.y0(), b.z0(), b.nx(), b.ny(), x, y, z);
    }

    private static float cubic(float[] v, int nx, int ny, int nz, int ox, int oy, int oz, int wx, int wy,
            double x, double y, double z) {
        if (nz == 1) {
            z = 0;
        }
        if (!(x >= 0 && y >= 0 && z >= 0 && x <= nx - 1 && y <= ny - 1 && z <= nz - 1)) {
            return 0;
        }
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        int z0 = (int) Math.floor(z);
        double[] wxs = weights(x - x0);
        double[] wys = weights(y - y0);
        double[] wzs = weights(z - z0);
        int plane = wx * wy;
        double sum = 0;
        for (int k = 0; k < 4; k++) {
            int zz = (clamp(z0 - 1 + k, nz) - oz) * plane;
            double sy = 0;
            for (int j = 0; j < 4; j++) {
                int row = zz + (clamp(y0 - 1 + j, ny) - oy) * wx;
                double sx = 0;
                for (int i = 0; i < 4; i++) {
                    sx += wxs[i] * v[row + clamp(x0 - 1 + i, nx) - ox];
                }
                sy += wys[j] * sx;
            }
            sum += wzs[k] * sy;
        }
        return (float) sum;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : i >= n ? n - 1 : i;
    }

    /** Catmull-Rom weights of the 4 neighbours at -1, 0, 1, 2 for fraction t. */
    private static double[] weights(double t) {
        double t2 = t * t;
        double t3 = t2 * t;
        return new double[] {
            0.5 * (-t3 + 2 * t2 - t),
            0.5 * (3 * t3 - 5 * t2 + 2),
            0.5 * (-3 * t3 + 4 * t2 + t),
            0.5 * (t3 - t2)};
    }
}
