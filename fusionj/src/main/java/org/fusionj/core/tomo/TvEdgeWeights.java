package org.fusionj.core.tomo;

import org.fusionj.core.parallel.RowBlocks;

/**
 * Per-voxel weights of the joint TV of the fused iteration from a HAADF volume {@code h} (structure-guided TV: the
 * HAADF, 71 tilts at a high dose in the configuration, sees edges the 15 chemical tilts blur):
 * {@code g_v = eps + (1 - eps) / (1 + (|grad h_v| / kappa)^2)}, with the backward differences of the TV itself (the
 * difference that voxel v's duals act on). {@code kappa} is set from the data: {@code kappaFactor} times the
 * {@value #KAPPA_QUANTILE} quantile of {@code |grad h|} over the dense voxels ({@code h} at least
 * {@value #DENSE} of its 99.9 % quantile), so that it follows the guide's own edge heights at any size, dose and
 * scale. Used by {@link FusedReconstruction} with {@link TomoFusionParameters#tvEdgeGuide()}
 * (docs/fusion-tomography.md, "HAADF-weighted joint TV in the fused loop").
 *
 * <p>Every voxel is computed by the same float operations whatever the blocks of slices; the quantile is taken over
 * a sorted copy: the weights are bit-identical for any thread count.
 */
final class TvEdgeWeights {

    /** Guide values below this fraction of the guide's scale are not counted in kappa's quantile. */
    static final float DENSE = 0.3f;
    /** The quantile of the dense voxels' guide gradients that kappa is a multiple of. */
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
        int slice = width * depth;
        int n = slice * height;
        float[] grad = new float[n];
        blocks.forEach(height, 1, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int z = 0; z < depth; z++) {
                    for (int x = 0; x < width; x++) {
                        int v = y * slice + z * width + x;
                        float c = h[v];
                        float gx = x > 0 ? c - h[v - 1] : 0f;
                        float gz = z > 0 ? c - h[v - width] : 0f;
                        float gy = y > 0 ? c - h[v - slice] : 0f;
                        grad[v] = (float) Math.sqrt(gx * gx + gy * gy + gz * gz);
                    }
                }
            }
        });
        float dense = DENSE * VolumeStats.scaleOf(h);
        int count = 0;
        for (float v : h) {
            if (v >= dense) {
                count++;
            }
        }
        float[] sel = new float[Math.max(1, count)];
        int k = 0;
        for (int v = 0; v < n && count > 0; v++) {
            if (h[v] >= dense) {
                sel[k++] = grad[v];
            }
        }
        java.util.Arrays.sort(sel);
        float q = sel[(int) Math.min(sel.length - 1, Math.floor(KAPPA_QUANTILE * sel.length))];
        float kappa = (float) (kappaFactor * (q > 0 ? q : 1));
        float k2 = 1f / (kappa * kappa);
        float e = (float) eps;
        float[] out = grad;
        blocks.forEach(height, 1, (y0, y1) -> {
            for (int v = y0 * slice; v < y1 * slice; v++) {
                float m = grad[v];
                out[v] = e + (1f - e) / (1f + m * m * k2);
            }
        });
        return out;
    }

    /** The HAADF model {@code sum_e w_e x_e^gamma} of the volumes, voxel by voxel. */
    static float[] haadfModel(float[][] x, float[] w, double gamma, RowBlocks blocks, int height) {
        int n = x[0].length;
        int slice = n / height;
        float g = (float) gamma;
        float[] q = new float[n];
        blocks.forEach(height, 1, (y0, y1) -> {
            for (int v = y0 * slice; v < y1 * slice; v++) {
                float s = 0;
                for (int e = 0; e < x.length; e++) {
                    float xe = x[e][v];
                    if (w[e] != 0 && xe > 0) {
                        s += w[e] * (float) Math.pow(xe, g);
                    }
                }
                q[v] = s;
            }
        });
        return q;
    }
}
