package org.fusionj.core.parallel;

import org.fusionj.core.InvalidInputException;

/**
 * A volume cut into fixed chunks of voxels for {@link RowBlocks#map(VolumeChunks, java.util.function.Function,
 * org.fusionj.core.progress.ProgressListener, org.fusionj.core.progress.CancellationToken, String)}: a chunk is a run
 * of whole rows of one slice, about {@value #TARGET_VOXELS} voxels, numbered slice by slice. The chunks depend only
 * on the volume's size, never on the thread count, so a caller that reduces per-chunk results in chunk order gets
 * bit-identical results with any number of threads.
 */
public final class VolumeChunks {

    /** Voxels per chunk, about: large enough to amortise scheduling, small enough to balance many cores. */
    public static final int TARGET_VOXELS = 8192;

    private final int width;
    private final int height;
    private final int depth;
    private final int rowsPerChunk;
    private final int chunksPerSlice;

    /** One chunk: rows of slice z, i.e. plane offsets [start, end). */
    public record Chunk(int index, int z, int start, int end) {
        public int size() {
            return end - start;
        }
    }

    public VolumeChunks(int width, int height, int depth) {
        if (width < 1 || height < 1 || depth < 1) {
            throw new InvalidInputException("volume must be at least 1 x 1 x 1, got " + width + " x " + height + " x "
                    + depth);
        }
        if ((long) width * height > Integer.MAX_VALUE) {
            throw new InvalidInputException("a slice of " + width + " x " + height + " voxels is larger than Java "
                    + "arrays allow (2^31 - 1)");
        }
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.rowsPerChunk = Math.min(height, Math.max(1, TARGET_VOXELS / width));
        this.chunksPerSlice = (height + rowsPerChunk - 1) / rowsPerChunk;
    }

    /** Number of chunks. */
    public int count() {
        long n = (long) chunksPerSlice * depth;
        if (n > Integer.MAX_VALUE) {
            throw new InvalidInputException("a volume of " + width + " x " + height + " x " + depth
                    + " voxels has too many chunks to number");
        }
        return (int) n;
    }

    /** The chunk with index {@code index}. */
    public Chunk chunk(int index) {
        int z = index / chunksPerSlice;
        int c = index - z * chunksPerSlice;
        int r0 = c * rowsPerChunk;
        int r1 = Math.min(height, r0 + rowsPerChunk);
        return new Chunk(index, z, r0 * width, r1 * width);
    }
}
