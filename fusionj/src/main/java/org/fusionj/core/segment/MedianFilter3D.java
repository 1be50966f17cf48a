package org.fusionj.core.segment;

import org.fusionj.core.parallel.RowBlocks;

/**
 * 3x3x3 median filter of a flat volume ({@code data[x + nx * (y + ny * z)]}); at the border the neighbourhood is
 * cut to the voxels that exist. Removes salt-and-pepper noise up to high densities while keeping flat surfaces in
 * place.
 */
public final class MedianFilter3D {

    private MedianFilter3D() {
    }

    public static float[] filter(float[] in, int nx, int ny, int nz, RowBlocks blocks) {
        float[] out = new float[in.length];
        blocks.forEach(nz, (z0, z1) -> {
            float[] window = new float[27];
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        int n = 0;
                        for (int dz = Math.max(0, z - 1); dz <= Math.min(nz - 1, z + 1); dz++) {
                            for (int dy = Math.max(0, y - 1); dy <= Math.min(ny - 1, y + 1); dy++) {
                                int row = nx * (dy + ny * dz);
                                for (int dx = Math.max(0, x - 1); dx <= Math.min(nx - 1, x + 1); dx++) {
                                    window[n++] = in[row + dx];
                                }
                            }
                        }
                        out[x + nx * (y + ny * z)] = select(window, n, n / 2);
                    }
                }
            }
        });
        return out;
    }

    /** The k-th smallest of a[0..n) (Hoare's quickselect; reorders a). */
    static float select(float[] a, int n, int k) {
        int lo = 0;
        int hi = n - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    float t = a[i];
                    a[i] = a[j];
                    a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }
}
