package org.fusionj.core.registration;

import org.fusionj.core.parallel.RowBlocks;

/**
 * The full metrics over every fixed voxel, with their analytic gradients with respect to the 12 entries of the
 * transform (row-major 3x4): used to check the optimiser's answer on the whole volume and in the gradient tests.
 * The moving volume is sampled trilinearly at T(x); the gradient of the trilinear interpolant is exact. Each metric
 * computes its own (see {@link Metric#evaluate}); this class is the entry point by key and holds the sums they share.
 */
public final class MetricEvaluation {

    /** A metric value and its gradient (12 entries, or null when not asked for). */
    public record Value(double value, double[] gradient) {
    }

    private MetricEvaluation() {
    }

    public static Value evaluate(RegistrationMetric metric, Volume fixed, Volume moving, AffineTransform3D t,
            boolean withGradient, RowBlocks blocks) {
        return metric.implementation().evaluate(fixed, moving, t, withGradient, blocks);
    }

    /** acc[4i + j] += w g_i x_j with x = (x, y, z, 1). */
    static void accumulate(double[] acc, double w, double[] g, double x, double y, double z) {
        for (int i = 0; i < 3; i++) {
            double wg = w * g[i];
            acc[4 * i] += wg * x;
            acc[4 * i + 1] += wg * y;
            acc[4 * i + 2] += wg * z;
            acc[4 * i + 3] += wg;
        }
    }

    /** Sums per-block partial sums in block order. */
    static double[] combine(double[][] parts, int len) {
        double[] sum = new double[len];
        for (double[] p : parts) {
            for (int i = 0; i < len; i++) {
                sum[i] += p[i];
            }
        }
        return sum;
    }
}
