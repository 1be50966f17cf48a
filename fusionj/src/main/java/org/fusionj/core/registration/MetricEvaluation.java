package org.fusionj.core.registration;

import org.fusionj.core.parallel.RowBlocks;

/**
 * The full metrics over every fixed voxel, with their analytic gradients with respect to the 12 entries of the
 * transform (row-major 3x4): used to check the optimiser's answer on the whole volume and in the gradient tests.
 * The moving volume is sampled trilinearly at T(x); the gradient of the trilinear interpolant is exact.
 *
 * <ul>
 * <li>MSE: {@code f = mean((M(T x) - F(x))^2)}, {@code df/dT_ij = 2/N sum e g_i x_j} (x_3 = 1);</li>
 * <li>NCC: {@code f = 1 - S_mf / sqrt(S_mm S_ff)} with centred sums; {@code df/dm_k = -(f_k - mean f) /
 * sqrt(S_mm S_ff) + NCC (m_k - mean m) / S_mm}, chained with {@code dm_k/dT_ij = g_i x_j}.</li>
 * </ul>
 */
public final class MetricEvaluation {

    /** A metric value and its gradient (12 entries, or null when not asked for). */
    public record Value(double value, double[] gradient) {
    }

    private MetricEvaluation() {
    }

    public static Value evaluate(RegistrationMetric metric, Volume fixed, Volume moving, AffineTransform3D t,
            boolean withGradient, RowBlocks blocks) {
        return metric == RegistrationMetric.MSE ? mse(fixed, moving, t, withGradient, blocks)
                : ncc(fixed, moving, t, withGradient, blocks);
    }

    private static Value mse(Volume fixed, Volume moving, AffineTransform3D t, boolean withGradient,
            RowBlocks blocks) {
        int nx = fixed.nx();
        int ny = fixed.ny();
        int nz = fixed.nz();
        float[] f = fixed.data();
        int nb = RowBlocks.blockCount(nz);
        double[][] parts = new double[nb][13];
        blocks.forEach(nz, (z0, z1) -> {
            double[] acc = parts[RowBlocks.blockIndex(z0)];
            double[] p = new double[3];
            double[] g = new double[3];
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        t.apply(x, y, z, p);
                        double m = Sampling.trilinearWithGradient(moving.data(), moving.nx(), moving.ny(),
                                moving.nz(), p[0], p[1], p[2], g);
                        double e = m - f[x + nx * (y + ny * z)];
                        acc[12] += e * e;
                        if (withGradient) {
                            accumulate(acc, e, g, x, y, z);
                        }
                    }
                }
            }
        });
        double[] sum = combine(parts, 13);
        double n = fixed.voxels();
        double[] grad = null;
        if (withGradient) {
            grad = new double[12];
            for (int i = 0; i < 12; i++) {
                grad[i] = 2 * sum[i] / n;
            }
        }
        return new Value(sum[12] / n, grad);
    }

    /** acc[4i + j] += w g_i x_j with x = (x, y, z, 1). */
    private static void accumulate(double[] acc, double w, double[] g, double x, double y, double z) {
        for (int i = 0; i < 3; i++) {
            double wg = w * g[i];
            acc[4 * i] += wg * x;
            acc[4 * i + 1] += wg * y;
            acc[4 * i + 2] += wg * z;
            acc[4 * i + 3] += wg;
        }
    }

    private static Value ncc(Volume fixed, Volume moving, AffineTransform3D t, boolean withGradient,
            RowBlocks blocks) {
        int nx = fixed.nx();
        int ny = fixed.ny();
        int nz = fixed.nz();
        float[] f = fixed.data();
        int nb = RowBlocks.blockCount(nz);
        // pass 1: moments. [sm, sf, smm, sff, smf]
        double[][] parts = new double[nb][5];
        blocks.forEach(nz, (z0, z1) -> {
            double[] acc = parts[RowBlocks.blockIndex(z0)];
            double[] p = new double[3];
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        t.apply(x, y, z, p);
                        double m = Sampling.trilinear(moving.data(), moving.nx(), moving.ny(), moving.nz(), p[0],
                                p[1], p[2]);
                        double fv = f[x + nx * (y + ny * z)];
                        acc[0] += m;
                        acc[1] += fv;
                        acc[2] += m * m;
                        acc[3] += fv * fv;
                        acc[4] += m * fv;
                    }
                }
            }
        });
        double[] s = combine(parts, 5);
        double n = fixed.voxels();
        double meanM = s[0] / n;
        double meanF = s[1] / n;
        double smm = s[2] - n * meanM * meanM;
        double sff = s[3] - n * meanF * meanF;
        double smf = s[4] - n * meanM * meanF;
        if (!(smm > 0) || !(sff > 0)) {
            return new Value(1, withGradient ? new double[12] : null);
        }
        double root = Math.sqrt(smm * sff);
        double ncc = smf / root;
        if (!withGradient) {
            return new Value(1 - ncc, null);
        }
        double[][] gparts = new double[nb][12];
        blocks.forEach(nz, (z0, z1) -> {
            double[] acc = gparts[RowBlocks.blockIndex(z0)];
            double[] p = new double[3];
            double[] g = new double[3];
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    for (int x = 0; x < nx; x++) {
                        t.apply(x, y, z, p);
                        double m = Sampling.trilinearWithGradient(moving.data(), moving.nx(), moving.ny(),
                                moving.nz(), p[0], p[1], p[2], g);
                        double fv = f[x + nx * (y + ny * z)];
                        double w = -(fv - meanF) / root + ncc * (m - meanM) / smm;
                        accumulate(acc, w, g, x, y, z);
                    }
                }
            }
        });
        return new Value(1 - ncc, combine(gparts, 12));
    }

    private static double[] combine(double[][] parts, int len) {
        double[] sum = new double[len];
        for (double[] p : parts) {
            for (int i = 0; i < len; i++) {
                sum[i] += p[i];
            }
        }
        return sum;
    }
}
