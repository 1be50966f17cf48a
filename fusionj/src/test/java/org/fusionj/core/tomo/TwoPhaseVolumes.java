package org.fusionj.core.tomo;

import java.util.SplittableRandom;

/** Test volumes for the composition steps ({@link PhasePrior}, {@link CompositionTv}): two phases side by side. */
final class TwoPhaseVolumes {

    private TwoPhaseVolumes() {
    }

    /**
     * Three element volumes of {@code w x d x h} (layout {@code (y * d + z) * w + x}): the left half of every row
     * phase {@code a}, the right half phase {@code b}, density 1 +- 10%, uniform composition noise of width
     * {@code noise} (clipped at 0), the first z row sparse (density 0.1). Fixed seed.
     */
    static float[][] make(int w, int d, int h, double[] a, double[] b, double noise) {
        float[][] x = new float[3][w * d * h];
        SplittableRandom rng = new SplittableRandom(5);
        for (int y = 0; y < h; y++) {
            for (int z = 0; z < d; z++) {
                for (int xx = 0; xx < w; xx++) {
                    int v = (y * d + z) * w + xx;
                    double[] c = xx < w / 2 ? a : b;
                    double s = z == 0 ? 0.1 : 0.9 + 0.2 * rng.nextDouble();
                    for (int e = 0; e < 3; e++) {
                        x[e][v] = (float) Math.max(0, s * (c[e] + noise * (rng.nextDouble() - 0.5)));
                    }
                }
            }
        }
        return x;
    }

    /** The HAADF model {@code sum_e w_e x_ve^gamma} of voxel v. */
    static double haadf(float[][] x, int v, float[] w, double gamma) {
        double h = 0;
        for (int e = 0; e < x.length; e++) {
            h += w[e] * Math.pow(x[e][v], gamma);
        }
        return h;
    }
}
