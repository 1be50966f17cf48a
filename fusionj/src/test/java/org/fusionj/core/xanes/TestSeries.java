package org.fusionj.core.xanes;

import java.util.function.DoubleUnaryOperator;

/** Small hand-made series for tests. */
final class TestSeries {

    private TestSeries() {
    }

    /** A width x height x depth series where every voxel holds {@code mu(E)}. */
    static EnergySeries uniform(int width, int height, int depth, double[] energies, DoubleUnaryOperator mu) {
        float[][][] planes = new float[energies.length][depth][width * height];
        for (int e = 0; e < energies.length; e++) {
            float v = (float) mu.applyAsDouble(energies[e]);
            for (int z = 0; z < depth; z++) {
                java.util.Arrays.fill(planes[e][z], v);
            }
        }
        return new EnergySeries(width, height, depth, energies, planes);
    }

    /** Energies from {@code from} to {@code to} (inclusive) in steps of {@code step}, offset by {@code e0}. */
    static double[] range(double e0, double from, double to, double step) {
        int n = (int) Math.round((to - from) / step) + 1;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = e0 + from + i * step;
        }
        return out;
    }

    /** Concatenates energy lists (each strictly above the previous). */
    static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int o = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, o, p.length);
            o += p.length;
        }
        return out;
    }
}
