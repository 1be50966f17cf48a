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
        float[] kernel = kernel(sigma);
        int nx = in.nx();
        int ny = in.ny();
        int nz = in.nz();
        float[] a = in.data().clone();
        float[] b = new float[a.length];
        blocks.forEach(nz, (z0, z1) -> {
            float[] line = new float[Math.max(nx, ny)];
            for (int z = z0; z < z1; z++) {
                int base = z * nx * ny;
                for (int y = 0; y < ny; y++) {
                    convolve(a, base + y * nx, 1, nx, kernel, line, b);
                }
                for (int x = 0; x < nx; x++) {
                    convolve(b, base + x, nx, ny, kernel, line, a);
                }
            }
        });
        blocks.forEach(ny, (y0, y1) -> {
            float[] line = new float[nz];
            for (int y = y0; y < y1; y++) {
                for (int x = 0; x < nx; x++) {
                    convolve(a, x + y * nx, nx * ny, nz, kernel, line, b);
                }
            }
        });
        return new Volume(nx, ny, nz, b);
    }

    /** Convolves the n values at src[start + i * stride] and writes them to dst at the same places. */
    private static void convolve(float[] src, int start, int stride, int n, float[] k, float[] line, float[] dst) {
        for (int i = 0; i < n; i++) {
            line[i] = src[start + i * stride];
        }
        int r = k.length / 2;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = -r; j <= r; j++) {
                int p = i + j;
                p = p < 0 ? 0 : p >= n ? n - 1 : p;
                s += k[j + r] * line[p];
            }
            dst[start + i * stride] = (float) s;
        }
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
