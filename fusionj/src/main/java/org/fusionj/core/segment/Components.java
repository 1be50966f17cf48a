package org.fusionj.core.segment;

/**
 * Connected components of a 3-D mask.
 *
 * @param width  voxels per row
 * @param height rows per slice
 * @param labels {@code [z][x + y * width]}: 0 for background, 1 to {@code count} for the components, numbered in
 *               the order their first voxel appears in a scan (x fastest, then y, then z)
 * @param count  number of components
 * @param sizes  voxels per component, indexed by label ({@code sizes[0]} = 0, length {@code count + 1})
 */
public record Components(int width, int height, int[][] labels, int count, long[] sizes) {

    /** Slices. */
    public int depth() {
        return labels.length;
    }

    /** Voxels of component {@code label} (1 to count). */
    public long size(int label) {
        return sizes[label];
    }

    /**
     * Drops components smaller than {@code minVoxels} (their voxels become background) and renumbers the rest
     * 1..n, keeping their order. Returns a new record; this one is unchanged.
     */
    public Components keepAtLeast(long minVoxels) {
        int[] map = new int[count + 1];
        int kept = 0;
        for (int l = 1; l <= count; l++) {
            if (sizes[l] >= minVoxels) {
                map[l] = ++kept;
            }
        }
        long[] newSizes = new long[kept + 1];
        for (int l = 1; l <= count; l++) {
            if (map[l] > 0) {
                newSizes[map[l]] = sizes[l];
            }
        }
        int[][] out = new int[labels.length][];
        for (int z = 0; z < labels.length; z++) {
            int[] src = labels[z];
            int[] dst = new int[src.length];
            for (int i = 0; i < src.length; i++) {
                dst[i] = map[src[i]];
            }
            out[z] = dst;
        }
        return new Components(width, height, out, kept, newSizes);
    }

    /** A mask of one component: 1 where the label is {@code label}, else 0. */
    public byte[][] mask(int label) {
        byte[][] out = new byte[labels.length][];
        for (int z = 0; z < labels.length; z++) {
            int[] src = labels[z];
            byte[] dst = new byte[src.length];
            for (int i = 0; i < src.length; i++) {
                dst[i] = (byte) (src[i] == label ? 1 : 0);
            }
            out[z] = dst;
        }
        return out;
    }
}
