package org.fusionj.core.tomo;

import java.util.Arrays;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * SIRT (simultaneous iterative reconstruction technique) with non-negativity, slice by slice:
 * {@code x <- max(0, x + C P^T R (b - P x))}, {@code R} = 1 / ray length, {@code C} = 1 / (P^T 1) (see
 * {@link SeriesOperator}), from {@code x = 0}. It minimises {@code ||P x - b||^2_R} over {@code x >= 0}; from
 * noise-free data of an object inside the slice it converges to the object when the angles cover 180 degrees.
 * Slices are independent, so each slice runs all its iterations at once (in cache), and the result is the same for
 * any number of threads.
 */
public final class Sirt {

    /** Slices per parallel task. */
    static final int SLICES_PER_BLOCK = 2;

    private Sirt() {
    }

    /**
     * Reconstructs a volume of {@code height} slices of {@code projector.depth() x projector.width()} voxels from
     * data laid out as a tilt series ({@code (a * height + y) * width + t}).
     *
     * @param residuals receives, when not null, {@code 1/2 ||P x - b||^2} over the rays used, of the iterate before
     *                  each iteration (length &gt;= iterations)
     */
    public static float[] reconstruct(SliceProjector projector, float[] data, int height, int iterations,
                                      RowBlocks blocks, ProgressListener progress, CancellationToken cancel,
                                      double[] residuals) {
        SeriesOperator op = new SeriesOperator(projector, data, height);
        int n = projector.sliceSize();
        float[] volume = new float[n * height];
        double[][] perSlice = new double[height][iterations];
        ThreadLocal<float[][]> buffers = ThreadLocal.withInitial(() -> new float[][] {
            new float[projector.sinogramSize()], new float[projector.sinogramSize()], new float[n]});
        // Slices in blocks; progress after each block (blocks finish in any order, so only the count is reported).
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        blocks.forEach(height, SLICES_PER_BLOCK, (y0, y1) -> {
            float[][] b = buffers.get();
            for (int y = y0; y < y1; y++) {
                cancel.throwIfCancelled();
                sliceIterations(op, y, volume, y * n, iterations, b[0], b[1], b[2], perSlice[y]);
                int k = done.incrementAndGet();
                progress.progress((double) k / height, "SIRT, slice " + k + " of " + height);
            }
        });
        if (residuals != null) {
            Arrays.fill(residuals, 0, iterations, 0);
            for (int y = 0; y < height; y++) {
                for (int k = 0; k < iterations; k++) {
                    residuals[k] += perSlice[y][k];
                }
            }
        }
        return volume;
    }

    private static void sliceIterations(SeriesOperator op, int y, float[] volume, int offset, int iterations,
                                        float[] sino, float[] meas, float[] update, double[] residual) {
        SliceProjector p = op.projector;
        op.gather(y, meas);
        int bins = sino.length;
        int n = update.length;
        for (int k = 0; k < iterations; k++) {
            p.project(volume, offset, sino);
            double cost = 0;
            for (int i = 0; i < bins; i++) {
                float r = (meas[i] - sino[i]) * op.mask[i];
                cost += r * r;
                sino[i] = r * op.rowWeight[i];
            }
            residual[k] = 0.5 * cost;
            p.backProject(sino, update, 0);
            float[] c = op.inverseVoxelWeight;
            for (int j = 0; j < n; j++) {
                float v = volume[offset + j] + c[j] * update[j];
                volume[offset + j] = (v + Math.abs(v)) * 0.5f;
            }
        }
    }
}
