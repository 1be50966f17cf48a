package org.fusionj.core.tv;

/**
 * Isotropic total variation of a volume of {@code slices x rows x width} voxels (index
 * {@code (s * rows + r) * width + x}), with the backward differences {@link FgpTv3D} regularises (a difference is 0
 * where the neighbour lies outside the volume).
 */
public final class TotalVariation3D {

    private TotalVariation3D() {
    }

    /** Sum over all voxels of {@code sqrt(dx^2 + dy^2 + dz^2)}. */
    public static double isotropic(float[] u, int width, int rows, int slices) {
        double sum = 0;
        for (int s = 0; s < slices; s++) {
            sum += isotropicSlice(u, width, rows, s);
        }
        return sum;
    }

    /** The share of slice {@code s} (its differences to slice {@code s - 1} included), summed in double. */
    public static double isotropicSlice(float[] u, int width, int rows, int s) {
        int plane = width * rows;
        double sum = 0;
        for (int r = 0; r < rows; r++) {
            int row = s * plane + r * width;
            for (int x = 0; x < width; x++) {
                int v = row + x;
                float uv = u[v];
                float dx = x > 0 ? uv - u[v - 1] : 0f;
                float dy = r > 0 ? uv - u[v - width] : 0f;
                float dz = s > 0 ? uv - u[v - plane] : 0f;
                sum += Math.sqrt(dx * dx + dy * dy + dz * dz);
            }
        }
        return sum;
    }
}
