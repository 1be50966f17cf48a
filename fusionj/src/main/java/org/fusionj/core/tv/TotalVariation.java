package org.fusionj.core.tv;

/**
 * Total-variation values of a row-major image, with the backward differences the FGP step regularises
 * (a difference is zero where the neighbour lies outside the image).
 */
public final class TotalVariation {

    private TotalVariation() {
    }

    /** Isotropic TV: sum over pixels of {@code sqrt(drow^2 + dcol^2)}. */
    public static double isotropic(float[] u, int width, int height) {
        return isotropicRows(u, width, 0, height);
    }

    /** Isotropic TV contribution of rows [rowStart, rowEnd) (each row's backward differences). */
    public static double isotropicRows(float[] u, int width, int rowStart, int rowEnd) {
        double sum = 0;
        for (int i = rowStart; i < rowEnd; i++) {
            int row = i * width;
            for (int j = 0; j < width; j++) {
                double dr = i > 0 ? u[row + j] - u[row + j - width] : 0;
                double dc = j > 0 ? u[row + j] - u[row + j - 1] : 0;
                sum += Math.sqrt(dr * dr + dc * dc);
            }
        }
        return sum;
    }

    /** Anisotropic TV: sum of {@code |drow| + |dcol|}. */
    public static double anisotropic(float[] u, int width, int height) {
        double sum = 0;
        for (int i = 0; i < height; i++) {
            int row = i * width;
            for (int j = 0; j < width; j++) {
                if (i > 0) {
                    sum += Math.abs(u[row + j] - u[row + j - width]);
                }
                if (j > 0) {
                    sum += Math.abs(u[row + j] - u[row + j - 1]);
                }
            }
        }
        return sum;
    }

    /**
     * Sum of squared row and column differences over rows [rowStart, rowEnd); the square root of the whole-image
     * sum is the notebook's logged "TV" (an L2 norm of the gradient field, not a total variation).
     */
    public static double squaredGradientRows(float[] u, int width, int rowStart, int rowEnd) {
        double sum = 0;
        for (int i = rowStart; i < rowEnd; i++) {
            int row = i * width;
            for (int j = 0; j < width; j++) {
                if (i > 0) {
                    double d = u[row + j] - u[row + j - width];
                    sum += d * d;
                }
                if (j > 0) {
                    double d = u[row + j] - u[row + j - 1];
                    sum += d * d;
                }
            }
        }
        return sum;
    }
}
