package org.fusionj.core.tomo;

/** Layout conversions of reconstructed volumes. */
public final class TomoVolumes {

    private TomoVolumes() {
    }

    /**
     * A volume in the solvers' layout ({@code (y * depth + z) * width + x}) as a stack of {@code depth} x-y images
     * ({@code (z * height + y) * width + x}), the order of an ImageJ z-stack.
     */
    public static float[] toDepthStack(float[] volume, int width, int height, int depth) {
        requireSize(volume, width, height, depth);
        float[] out = new float[volume.length];
        for (int y = 0; y < height; y++) {
            for (int z = 0; z < depth; z++) {
                System.arraycopy(volume, (y * depth + z) * width, out, (z * height + y) * width, width);
            }
        }
        return out;
    }

    /** The inverse of {@link #toDepthStack}. */
    public static float[] fromDepthStack(float[] stack, int width, int height, int depth) {
        requireSize(stack, width, height, depth);
        float[] out = new float[stack.length];
        for (int y = 0; y < height; y++) {
            for (int z = 0; z < depth; z++) {
                System.arraycopy(stack, (z * height + y) * width, out, (y * depth + z) * width, width);
            }
        }
        return out;
    }

    private static void requireSize(float[] v, int width, int height, int depth) {
        if ((long) width * height * depth != v.length) {
            throw new IllegalArgumentException("volume of " + v.length + " voxels is not " + width + " x " + height
                    + " x " + depth);
        }
    }
}
