package org.fusionj.core.tomo;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;

/**
 * Per-voxel TV weights for {@link CompositionTv} from the fused volumes' own HAADF model
 * {@code q = sum_e w_e x_e^gamma}: the HAADF data (71 tilts at a high dose in the configuration) see the jump
 * between Au, Ag and Cu (Z 79, 47, 29), which the 15 chemical tilts blur over several voxels. The weight of voxel v
 * is the edge-stopping function {@code g_v = 1 / (1 + (|grad q_v| / kappa)^2)} of the guide's forward differences
 * (the TV's own differences), so a jump of the composition costs little where the HAADF model has an edge and the
 * full TV elsewhere: with a strong TV weight the minimiser puts a jump at the HAADF edge and flattens each side
 * (docs/fusion-tomography.md, "An edge-preserving TV of the composition"). {@code kappa} is in the units of the
 * volumes as the solver scales them.
 *
 * <p>Every voxel is computed by the same float operations whatever the blocks of slices, so the weights are
 * bit-identical for any thread count.
 */
public final class CompositionEdgeGuide {

    private CompositionEdgeGuide() {
    }

    /**
     * @param x      the element volumes, layout {@code (y * depth + z) * width + x}, non-negative
     * @param w      HAADF weights, one per element
     * @param gamma  HAADF exponent
     * @param kappa  the guide's gradient at which the weight is 1/2, &gt; 0
     * @return the weights in (0, 1], one per voxel
     */
    public static float[] weights(float[][] x, float[] w, double gamma, double kappa, int width, int depth,
                                  int height, RowBlocks blocks) {
        if (!(kappa > 0) || Double.isInfinite(kappa)) {
            throw new InvalidInputException("the composition TV's HAADF edge scale must be a positive number, got "
                    + kappa);
        }
        if (w.length != x.length) {
            throw new IllegalArgumentException("expected " + w.length + " volumes, got " + x.length);
        }
        int slice = width * depth;
        int n = slice * height;
        float g = (float) gamma;
        float[] q = new float[n];
        blocks.forEach(height, 1, (y0, y1) -> {
            for (int v = y0 * slice; v < y1 * slice; v++) {
                float h = 0;
                for (int e = 0; e < x.length; e++) {
                    float xe = x[e][v];
                    if (w[e] != 0 && xe > 0) {
                        h += w[e] * (float) Math.pow(xe, g);
                    }
                }
                q[v] = h;
            }
        });
        float[] out = new float[n];
        float k2 = (float) (1 / (kappa * kappa));
        blocks.forEach(height, 1, (y0, y1) -> {
            for (int y = y0; y < y1; y++) {
                for (int z = 0; z < depth; z++) {
                    for (int xx = 0; xx < width; xx++) {
                        int v = y * slice + z * width + xx;
                        float c = q[v];
                        float gx = xx + 1 < width ? q[v + 1] - c : 0f;
                        float gz = z + 1 < depth ? q[v + width] - c : 0f;
                        float gy = y + 1 < height ? q[v + slice] - c : 0f;
                        out[v] = 1f / (1f + (gx * gx + gy * gy + gz * gz) * k2);
                    }
                }
            }
        });
        return out;
    }
}
