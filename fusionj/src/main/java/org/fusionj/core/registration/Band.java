package org.fusionj.core.registration;

import java.util.Arrays;

import org.fusionj.core.parallel.RowBlocks;

/**
 * The voxels of a fixed volume whose gradient (central differences) is above a fraction of the largest: where a
 * registration metric gets its information. Border voxels are left out. Lists are in scan order whatever the
 * thread count. A 2-D image (depth 1) has its band in its one plane, with no z gradient.
 */
final class Band {

    final int count;
    final int[] px;
    final int[] py;
    final int[] pz;
    final float[] f;
    final float[] gx;
    final float[] gy;
    final float[] gz;
    /** Bounding box: xmin, xmax, ymin, ymax, zmin, zmax. */
    final double[] box;

    private Band(int count, int[] px, int[] py, int[] pz, float[] f, float[] gx, float[] gy, float[] gz,
            double[] box) {
        this.count = count;
        this.px = px;
        this.py = py;
        this.pz = pz;
        this.f = f;
        this.gx = gx;
        this.gy = gy;
        this.gz = gz;
        this.box = box;
    }

    /**
     * @param region voxels allowed (non-zero), or null for all
     * @param search inclusive box xmin, xmax, ymin, ymax, zmin, zmax outside which the gradient is known to be 0,
     *               or null to search the whole volume
     */
    static Band of(Volume fixed, byte[] region, int[] search, double fraction, RowBlocks blocks) {
        int nx = fixed.nx();
        int ny = fixed.ny();
        int nz = fixed.nz();
        float[] v = fixed.data();
        int plane = nx * ny;
        int nb = RowBlocks.blockCount(nz);
        boolean flat = nz == 1;
        int[] scan = search == null ? new int[] {1, nx - 2, 1, ny - 2, 1, nz - 2} : new int[] {
            Math.max(1, search[0]), Math.min(nx - 2, search[1]), Math.max(1, search[2]), Math.min(ny - 2, search[3]),
            Math.max(1, search[4]), Math.min(nz - 2, search[5])};
        if (flat) {
            scan[4] = 0;
            scan[5] = 0;
        }
        // one pass keeps every voxel with a non-zero gradient (for a smoothed binary volume, a thin shell) and the
        // largest gradient; the cut at a fraction of the largest is applied to that short list
        double[] maxima = new double[nb];
        int[][] candidates = new int[nb][];
        float[][] strengths = new float[nb][];
        int[] found = new int[nb];
        blocks.forEach(nz, (z0, z1) -> {
            int[] list = new int[1024];
            float[] g2 = new float[1024];
            int n = 0;
            double max = 0;
            for (int z = Math.max(scan[4], z0); z < Math.min(scan[5] + 1, z1); z++) {
                for (int y = scan[2]; y <= scan[3]; y++) {
                    int row = nx * y + plane * z;
                    for (int x = scan[0]; x <= scan[1]; x++) {
                        int i = row + x;
                        double q = squaredGradient(v, i, nx, plane, flat);
                        if (q > 0 && (region == null || region[i] != 0)) {
                            if (n == list.length) {
                                list = Arrays.copyOf(list, 2 * n);
                                g2 = Arrays.copyOf(g2, 2 * n);
                            }
                            list[n] = i;
                            g2[n++] = (float) q;
                            max = Math.max(max, q);
                        }
                    }
                }
            }
            int b = RowBlocks.blockIndex(z0);
            candidates[b] = list;
            strengths[b] = g2;
            found[b] = n;
            maxima[b] = max;
        });
        double max = Arrays.stream(maxima).max().orElse(0);
        float limit = (float) (max * fraction * fraction);
        int[][] lists = new int[nb][];
        int[] sizes = new int[nb];
        for (int b = 0; b < nb; b++) {
            int[] keep = new int[found[b]];
            int n = 0;
            for (int j = 0; j < found[b]; j++) {
                if (strengths[b][j] > limit) {
                    keep[n++] = candidates[b][j];
                }
            }
            lists[b] = keep;
            sizes[b] = n;
        }
        int count = Arrays.stream(sizes).sum();
        int[] px = new int[count];
        int[] py = new int[count];
        int[] pz = new int[count];
        float[] f = new float[count];
        float[] gx = new float[count];
        float[] gy = new float[count];
        float[] gz = new float[count];
        double[] box = {Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, Double.MAX_VALUE,
            -Double.MAX_VALUE};
        int k = 0;
        for (int b = 0; b < nb; b++) {
            for (int j = 0; j < sizes[b]; j++) {
                int i = lists[b][j];
                int x = i % nx;
                int y = (i / nx) % ny;
                int z = i / plane;
                px[k] = x;
                py[k] = y;
                pz[k] = z;
                f[k] = v[i];
                gx[k] = 0.5f * (v[i + 1] - v[i - 1]);
                gy[k] = 0.5f * (v[i + nx] - v[i - nx]);
                gz[k] = flat ? 0 : 0.5f * (v[i + plane] - v[i - plane]);
                box[0] = Math.min(box[0], x);
                box[1] = Math.max(box[1], x);
                box[2] = Math.min(box[2], y);
                box[3] = Math.max(box[3], y);
                box[4] = Math.min(box[4], z);
                box[5] = Math.max(box[5], z);
                k++;
            }
        }
        return new Band(count, px, py, pz, f, gx, gy, gz, box);
    }

    private static double squaredGradient(float[] v, int i, int nx, int plane, boolean flat) {
        double a = 0.5 * (v[i + 1] - v[i - 1]);
        double b = 0.5 * (v[i + nx] - v[i - nx]);
        double c = flat ? 0 : 0.5 * (v[i + plane] - v[i - plane]);
        return a * a + b * b + c * c;
    }
}
