package org.fusionj.core.registration.phantom;

import org.fusionj.core.registration.AffineTransform3D;
import org.fusionj.core.registration.Resampler;

/**
 * Distance in voxels between a recovered mapping and the true one, over the voxels of each particle of the fixed
 * volume.
 *
 * @param mean          mean over all particle voxels
 * @param max           largest over all particle voxels
 * @param particleMean  mean per particle (index = particle)
 * @param particleMax   largest per particle
 */
public record TransformError(double mean, double max, double[] particleMean, double[] particleMax) {

    /**
     * @param recovered transform of each fixed voxel, as found
     * @param truth     per particle, the true map
     * @param labels    per fixed voxel: 1 + particle index, 0 for background (not measured)
     */
    public static TransformError of(Resampler.TransformField recovered, AffineTransform3D[] truth, int[] labels,
            int nx, int ny) {
        int k = truth.length;
        double[] sum = new double[k];
        double[] max = new double[k];
        long[] count = new long[k];
        double[] a = new double[3];
        double[] b = new double[3];
        for (int i = 0; i < labels.length; i++) {
            int l = labels[i];
            if (l == 0) {
                continue;
            }
            int x = i % nx;
            int y = (i / nx) % ny;
            int z = i / (nx * ny);
            recovered.at(i).apply(x, y, z, a);
            truth[l - 1].apply(x, y, z, b);
            double d = Math.sqrt((a[0] - b[0]) * (a[0] - b[0]) + (a[1] - b[1]) * (a[1] - b[1])
                    + (a[2] - b[2]) * (a[2] - b[2]));
            sum[l - 1] += d;
            max[l - 1] = Math.max(max[l - 1], d);
            count[l - 1]++;
        }
        double total = 0;
        long n = 0;
        double worst = 0;
        double[] mean = new double[k];
        for (int j = 0; j < k; j++) {
            mean[j] = count[j] > 0 ? sum[j] / count[j] : Double.NaN;
            total += sum[j];
            n += count[j];
            worst = Math.max(worst, max[j]);
        }
        return new TransformError(n > 0 ? total / n : Double.NaN, worst, mean, max);
    }
}
