package org.fusionj.core.tomo;

import org.fusionj.core.parallel.RowBlocks;

/**
 * Structure guidance of the fused iteration's joint TV by a HAADF volume {@code h} (the HAADF series' own
 * reconstruction: 71 tilts at a high dose in the configuration see edges the 15 chemical tilts blur), in one
 * of two forms (docs/fusion-tomography.md, "HAADF-guided joint TV in the fused loop"):
 * <ul>
 *   <li>{@link #of}: per-voxel TV weights {@code g_v = eps + (1 - eps) / (1 + (|grad h_v| / kappa)^2)} (an edge the
 *       HAADF sees costs less; {@link TomoFusionParameters#tvEdgeGuide()});</li>
 *   <li>{@link #directions}: the vectors {@code xi = grad h / sqrt(|grad h|^2 + eta^2)} of the directional TV
 *       {@code |(I - xi xi^T) grad u|} (Ehrhardt and Betcke, SIAM J. Imaging Sci. 9, 1084, 2016: where the HAADF
 *       has a strong edge, a jump of the volumes across it costs nothing, one along it the full TV;
 *       {@link TomoFusionParameters#tvDirectional()}).</li>
 * </ul>
 * Both use the TV's own backward differences. {@code kappa} and {@code eta} are set from the data: a factor times the
 * {@value #KAPPA_QUANTILE} quantile of {@code |grad h|} over the dense voxels ({@code h} at least {@value #DENSE} of
 * its 99.9 % quantile), so that they follow the guide's own edge heights at any size, dose and scale.
 *
 * <p>Every voxel is computed by the same float operations whatever the blocks of slices; the quantile is taken over a
 * sorted copy: the results are bit-identical for any thread count.
 */
final class TvEdgeWeights {

    /** Guide values below this fraction of the guide's scale are not counted in the quantile. */
    static final float DENSE = 0.3f;
    /** The quantile of the dense voxels' guide gradients that kappa and eta are multiples of. */
    static final double KAPPA_QUANTILE = 0.9;

    private TvEdgeWeights() {
    }

    /**
     * @param h           the guide, layout {@code (y * depth + z) * width + x}
     * @param kappaFactor kappa over the quantile, &gt; 0
     * @param eps         the smallest weight, in (0, 1]
     * @return the weights in [eps, 1], one per voxel
     */
    static float[] of(float[] h, int width, int depth, int height, double kappaFactor, double eps,
                      RowBlocks blocks) {
        float[][] d = differences(h, width, depth, height, blocks);
        float[] grad = d[3];
        float kappa = (float) (kappaFactor * edgeScale(h, grad));
        float k2 = 1f / (kappa * kappa);
        float e = (float) eps;
        int slice = width * depth;
        blocks.forEach(height, 1, (y0, y1) -> {
            for (int v = y0 * slice; v < y1 * slice; v++) {
                float m = grad[v];
                grad[v] = e + (1f - e) / (1f + m * m * k2);
            }
        });
        return grad;
    }

    /**
     * @param etaFactor eta over the quantile, &gt; 0
     * @return the directional TV's vectors: x, depth (rows) and height (slices) components, one per voxel
     */
    static float[][] directions(float[] h, int width, int depth, int height, double etaFactor, RowBlocks blocks) {
        float[][] d = differences(h, width, depth, height, blocks);
        float[] grad = d[3];
        float eta = (float) (etaFactor * edgeScale(h, grad));
        float eta2 = eta * eta;
        int slice = width * depth;
        blocks.forEach(height, 1, (y0, y1) -> {
            for (int v = y0 * slice; v < y1 * slice; v++) {
                float inv = 1f / (float) Math.sqrt(grad[v] * grad[v] + eta2);
                d[0][v] *= inv;
                d[1][v] *= inv;
                d[2][v] *= inv;
            }
        });
        return new float[][] {d[0], d[1], d[2]};
    }

    /** Backward differences of h along x, depth and height, and their length. */
    private static float[][] differences(float[] h, int width, int depth, int height, RowBlocks blocks) {
        int slice = width * depth;
        int n = slice * height;
        float[][] d = new float[4][n];
        blocks.forEach(height, 1, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int z = 0; z < depth; z++) {
                    for (int x = 0; x < width; x++) {
                        int v = y * slice + z * width + x;
                        float c = h[v];
                        float gx = x > 0 ? c - h[v - 1] : 0f;
                        float gz = z > 0 ? c - h[v - width] : 0f;
                        float gy = y > 0 ? c - h[v - slice] : 0f;
                        d[0][v] = gx;
                        d[1][v] = gz;
                        d[2][v] = gy;
                        d[3][v] = (float) Math.sqrt(gx * gx + gy * gy + gz * gz);
                    }
                }
            }
        });
        return d;
    }

    /** The {@value #KAPPA_QUANTILE} quantile of {@code grad} over the dense voxels of h; 1 if it is 0. */
    private static float edgeScale(float[] h, float[] grad) {
        float dense = DENSE * VolumeStats.scaleOf(h);
        int count = 0;
        for (float v : h) {
            if (v >= dense) {
                count++;
            }
        }
        if (count == 0) {
            return 1f;
        }
        float[] sel = new float[count];
        int k = 0;
        for (int v = 0; v < h.length; v++) {
            if (h[v] >= dense) {
                sel[k++] = grad[v];
            }
        }
        java.util.Arrays.sort(sel);
        float q = sel[(int) Math.min(count - 1, Math.floor(KAPPA_QUANTILE * count))];
        return q > 0 ? q : 1f;
    }
}
