package org.fusionj.core.registration;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.fusionj.core.parallel.RowBlocks;
import org.junit.jupiter.api.Test;

/** The analytic gradients of both metrics against central finite differences. */
class MetricGradientTest {

    /** Smooth blobs: the trilinear interpolant is smooth enough for finite differences between voxel faces. */
    private static Volume blobs(int n, double gain, double offset, double shift) {
        float[] d = new float[n * n * n];
        for (int z = 0; z < n; z++) {
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    double a = Math.exp(-((x - 9 - shift) * (x - 9 - shift) + (y - 11) * (y - 11) + (z - 10) * (z - 10))
                            / 18.0);
                    double b = Math.exp(-((x - 15) * (x - 15) + (y - 7 + shift) * (y - 7 + shift) + (z - 14) * (z - 14))
                            / 10.0);
                    d[x + n * (y + n * z)] = (float) (offset + gain * (a + 0.6 * b));
                }
            }
        }
        return new Volume(n, n, n, d);
    }

    private static void check(RegistrationMetric metric) {
        Volume fixed = blobs(24, 1, 0, 0);
        // no offset: samples leaving the volume read 0, and a jump there would break finite differences
        Volume moving = blobs(24, 0.7, 0, 0.8);
        AffineTransform3D t = AffineTransform3D.of(1.02, 0.01, -0.02, 0.3, -0.015, 0.99, 0.02, -0.4, 0.01, 0.005, 1.01,
                0.2);
        try (RowBlocks blocks = new RowBlocks(1)) {
            MetricEvaluation.Value v = MetricEvaluation.evaluate(metric, fixed, moving, t, true, blocks);
            double[] m = t.rows3x4();
            for (int k = 0; k < 12; k++) {
                double h = k % 4 == 3 ? 1e-4 : 1e-5;
                double[] plus = m.clone();
                double[] minus = m.clone();
                plus[k] += h;
                minus[k] -= h;
                double fp = MetricEvaluation.evaluate(metric, fixed, moving, AffineTransform3D.of(plus), false, blocks)
                        .value();
                double fm = MetricEvaluation.evaluate(metric, fixed, moving, AffineTransform3D.of(minus), false,
                        blocks).value();
                double numeric = (fp - fm) / (2 * h);
                assertEquals(numeric, v.gradient()[k], 2e-3 * Math.abs(numeric) + 1e-7,
                        metric + " gradient entry " + k);
            }
        }
    }

    @Test
    void mseGradientMatchesFiniteDifferences() {
        check(RegistrationMetric.MSE);
    }

    @Test
    void nccGradientMatchesFiniteDifferences() {
        check(RegistrationMetric.NCC);
    }

    @Test
    void nccIgnoresGainAndOffset() {
        Volume fixed = blobs(24, 1, 0, 0);
        try (RowBlocks blocks = new RowBlocks(1)) {
            double v = MetricEvaluation.evaluate(RegistrationMetric.NCC, fixed, blobs(24, 0.7, 0.1, 0),
                    AffineTransform3D.identity(), false, blocks).value();
            assertEquals(0, v, 1e-6);
        }
    }
}
