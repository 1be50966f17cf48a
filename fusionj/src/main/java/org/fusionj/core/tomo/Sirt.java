package org.fusionj.core.tomo;

import java.util.Arrays;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressCounter;
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
        int batch = Math.max(1, projector.batch());
        int sino = projector.sinogramSize() * batch;
        ThreadLocal<float[][]> buffers = ThreadLocal.withInitial(() -> new float[][] {
            new float[sino], new float[sino], new float[n * batch]});
        // Blocks of slices projected together; progress after each block (blocks finish in any order, so only the
        // count of finished slices is reported, in order).
        ProgressCounter done = new ProgressCounter(progress, height, "SIRT, slice");
        blocks.forEach(height, batch, (y0, y1) -> {
            cancel.throwIfCancelled();
            float[][] b = buffers.get();
            blockIterations(op, y0, y1 - y0, volume, iterations, b[0], b[1], b[2], perSlice, cancel);
            done.add(y1 - y0);
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

    private static void blockIterations(SeriesOperator op, int y0, int count, float[] volume, int iterations,
                                        float[] sino, float[] meas, float[] update, double[][] residual,
                                        CancellationToken cancel) {
        SliceProjector p = op.projector;
        int n = p.sliceSize();
        int bins = p.sinogramSize();
        int offset = y0 * n;
        op.gather(y0, count, meas);
        float[] c = op.inverseVoxelWeight;
        for (int it = 0; it < iterations; it++) {
            cancel.throwIfCancelled();
            p.project(volume, offset, count, sino);
            for (int k = 0; k < count; k++) {
                double cost = 0;
                for (int i = 0, q = k * bins; i < bins; i++, q++) {
                    float r = (meas[q] - sino[q]) * op.mask[i];
                    cost += r * r;
                    sino[q] = r * op.rowWeight[i];
                }
                residual[y0 + k][it] = 0.5 * cost;
            }
            p.backProject(sino, count, update, 0);
            for (int k = 0; k < count; k++) {
                for (int j = 0, v = k * n; j < n; j++, v++) {
                    float val = volume[offset + v] + c[j] * update[v];
                    volume[offset + v] = (val + Math.abs(val)) * 0.5f;
                }
            }
        }
    }
}
