package org.fusionj.core.registration;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;

/**
 * Separable Gaussian smoothing of a volume (kernel cut at 3 sigma, normalised; the edge voxel is repeated beyond
 * the border). Each output voxel is computed by one thread from the same inputs, so results do not depend on the
 * thread count.
 */
public final class GaussianSmoothing3D {

    private GaussianSmoothing3D() {
    }

    /** A smoothed copy; sigma in voxels, 0 returns a copy. */
    public static Volume smooth(Volume in, double sigma, RowBlocks blocks) {
        if (!(sigma >= 0) || Double.isInfinite(sigma)) {
            throw new InvalidInputException("the Gaussian sigma must be >= 0 voxels, got " + sigma);
        }
        if (sigma == 0) {
            return new Volume(in.nx(), in.ny(), in.nz(), in.data().clone());
        }
        float[] k = kernel(sigma);
        int r = k.length / 2;
        int nx = in.nx();
        int ny = in.ny();
        int nz = in.nz();
        int plane = nx * ny;
        float[] src = in.data();
        float[] a = new float[src.length];
        float[] b = new float[src.length];
        // Rows that are all zero stay zero and are skipped: a binarised volume is mostly empty background, so
        // this does most of the work only near the particles. rowsA/rowsB say which rows of a/b hold non-zeros.
        boolean[] rowsA = new boolean[ny * nz];
        boolean[] rowsB = new boolean[ny * nz];
        // x along each row, then y as weighted sums of whole rows, per slice
        blocks.forEach(nz, (z0, z1) -> {
            for (int z = z0; z < z1; z++) {
                int base = z * plane;
                for (int y = 0; y < ny; y++) {
                    rowsA[z * ny + y] = rowPass(src, a, base + y * nx, nx, k);
                }
                for (int y = 0; y < ny; y++) {
                    boolean any = false;
                    for (int j = -r; j <= r && !any; j++) {
                        any = rowsA[z * ny + Math.min(ny - 1, Math.max(0, y + j))];
                    }
                    rowsB[z * ny + y] = any;
                    if (!any) {
                        continue;
                    }
                    int out = base + y * nx;
                    for (int j = -r; j <= r; j++) {
                        int yy = Math.min(ny - 1, Math.max(0, y + j));
                        addScaled(a, base + yy * nx, b, out, nx, k[j + r]);
                    }
                }
            }
        });
        if (nz == 1) {
            // a 2-D image: no z pass (it would only multiply by the kernel's float sum); rows never written are 0
            return new Volume(nx, ny, nz, b);
        }
        // z as weighted sums of rows of neighbouring slices, into a (overwritten)
        blocks.forEach(nz, (z0, z1) -> {
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    int out = z * plane + y * nx;
                    java.util.Arrays.fill(a, out, out + nx, 0f);
                    for (int j = -r; j <= r; j++) {
                        int zz = Math.min(nz - 1, Math.max(0, z + j));
                        if (rowsB[zz * ny + y]) {
                            addScaled(b, zz * plane + y * nx, a, out, nx, k[j + r]);
                        }
                    }
                }
            }
        });
        return new Volume(nx, ny, nz, a);
    }

    private static void addScaled(float[] src, int from, float[] dst, int to, int n, float w) {
        for (int i = 0; i < n; i++) {
            dst[to + i] += w * src[from + i];
        }
    }

    /**
     * Convolves one row of n values at src[start..] into dst (the edge value repeated beyond the ends); returns false,
     * writing nothing, when the row is all zero.
     */
    private static boolean rowPass(float[] src, float[] dst, int start, int n, float[] k) {
        boolean any = false;
        for (int i = 0; i < n && !any; i++) {
            any = src[start + i] != 0;
        }
        if (!any) {
            return false;
        }
        int r = k.length / 2;
        for (int i = 0; i < n; i++) {
            float s = 0;
            if (i >= r && i < n - r) {
                int c = start + i - r;
                for (int j = 0; j < k.length; j++) {
                    s += k[j] * src[c + j];
                }
            } else {
                for (int j = -r; j <= r; j++) {
                    int p = Math.min(n - 1, Math.max(0, i + j));
                    s += k[j + r] * src[start + p];
                }
            }
            dst[start + i] = s;
        }
        return true;
    }

    static float[] kernel(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            sum += Math.exp(-0.5 * i * i / (sigma * sigma));
        }
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) (Math.exp(-0.5 * i * i / (sigma * sigma)) / sum);
        }
        return k;
    }
}
