package org.fusionj.core.segment;

/**
 * Dilation of a flat 3-D mask ({@code mask[x + nx * (y + ny * z)]}, non-zero = inside) by a cube of half-width r:
 * a voxel is set when any voxel within r on every axis is. Done as three 1-D running maxima, so the cost does not
 * grow with r.
 */
public final class BinaryDilation3D {

    private BinaryDilation3D() {
    }

    public static byte[] dilate(byte[] mask, int nx, int ny, int nz, int r) {
        if (r < 0) {
            throw new IllegalArgumentException("dilation radius must be >= 0, got " + r);
        }
        byte[] a = new byte[mask.length];
        for (int i = 0; i < mask.length; i++) {
            a[i] = (byte) (mask[i] != 0 ? 1 : 0);
        }
        if (r == 0) {
            return a;
        }
        byte[] b = new byte[mask.length];
        int plane = nx * ny;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                line(a, b, z * plane + y * nx, 1, nx, r);
            }
        }
        for (int z = 0; z < nz; z++) {
            for (int x = 0; x < nx; x++) {
                line(b, a, z * plane + x, nx, ny, r);
            }
        }
        for (int y = 0; y < ny; y++) {
            for (int x = 0; x < nx; x++) {
                line(a, b, y * nx + x, plane, nz, r);
            }
        }
        return b;
    }

    /** dst[i] = 1 when any src within r positions along the line is set; counts set voxels in a sliding window. */
    private static void line(byte[] src, byte[] dst, int start, int stride, int n, int r) {
        int count = 0;
        for (int i = 0; i < Math.min(n, r); i++) {
            count += src[start + i * stride];
        }
        for (int i = 0; i < n; i++) {
            int add = i + r;
            if (add < n) {
                count += src[start + add * stride];
            }
            int drop = i - r - 1;
            if (drop >= 0) {
                count -= src[start + drop * stride];
            }
            dst[start + i * stride] = (byte) (count > 0 ? 1 : 0);
        }
    }
}
