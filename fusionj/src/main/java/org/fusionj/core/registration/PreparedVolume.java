package org.fusionj.core.registration;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.segment.MedianFilter3D;
import org.fusionj.core.segment.OtsuThreshold;

/**
 * A volume (or a 2-D image, depth 1) made ready for registration: its Otsu mask (the paper's binarisation, after the
 * optional median), and the pyramid of metric volumes (the mask for MSE, the grey values for NCC), each level
 * smoothed.
 *
 * @param original the volume as given
 * @param binary   1 inside the Otsu mask, 0 outside (for MSE and Dice)
 * @param box      bounding box of the mask: xmin, xmax, ymin, ymax, zmin, zmax (inclusive)
 * @param levels   metric volumes, level 0 = full resolution, smoothed
 */
public record PreparedVolume(Volume original, Volume binary, int[] box, List<Volume> levels) {

    /**
     * @param name how the user knows the volume, for error messages
     */
    public static PreparedVolume of(Volume v, String name, RegistrationParameters p, RowBlocks blocks) {
        v.requireTwoOrThreeD(name);
        Pyramid.requireFits(v.nx(), v.ny(), v.nz(), p.levels(), name);
        Volume cleaned = p.median() ? new Volume(v.nx(), v.ny(), v.nz(),
                MedianFilter3D.filter(v.data(), v.nx(), v.ny(), v.nz(), blocks)) : v;
        int[] box = new int[6];
        Volume binary = binarise(cleaned, name, blocks, box);
        Volume base = p.metric().implementation().pyramidInput(cleaned, binary);
        List<Volume> levels = new ArrayList<>(p.levels());
        Volume current = base;
        for (int l = 0; l < p.levels(); l++) {
            if (l > 0) {
                current = Pyramid.downsample(current, blocks);
            }
            levels.add(GaussianSmoothing3D.smooth(current, p.smoothing(), blocks));
        }
        return new PreparedVolume(v, binary, box, List.copyOf(levels));
    }

    /**
     * 1 where Otsu's threshold of v (256 bins from the smallest to the largest value, as {@link OtsuThreshold})
     * puts a voxel in the foreground, else 0. The histogram is summed per slice block, in block order. Refuses NaN
     * and infinite voxels (naming the first).
     *
     * @param box receives the mask's bounding box (xmin, xmax, ymin, ymax, zmin, zmax, inclusive)
     */
    public static Volume binarise(Volume v, String name, RowBlocks blocks, int[] box) {
        float[] d = v.data();
        int plane = v.nx() * v.ny();
        int nb = RowBlocks.blockCount(v.nz());
        double[][] range = new double[nb][];
        int[] firstBad = new int[nb];
        blocks.forEach(v.nz(), (z0, z1) -> {
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            int bad = -1;
            // x * 0 is 0 for finite x and NaN for NaN or infinite x: one sum flags the block
            float probe = 0;
            for (int i = z0 * plane; i < z1 * plane; i++) {
                float x = d[i];
                min = Math.min(min, x);
                max = Math.max(max, x);
                probe += x * 0f;
            }
            if (probe != 0) {
                for (int i = z0 * plane; i < z1 * plane && bad < 0; i++) {
                    bad = Float.isFinite(d[i]) ? -1 : i;
                }
            }
            range[RowBlocks.blockIndex(z0)] = new double[] {min, max};
            firstBad[RowBlocks.blockIndex(z0)] = bad;
        });
        for (int bad : firstBad) {
            if (bad >= 0) {
                throw v.notFinite(name, bad);
            }
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] r : range) {
            min = Math.min(min, r[0]);
            max = Math.max(max, r[1]);
        }
        if (!(min < max)) {
            throw new InvalidInputException(name + ": the volume is constant (every voxel is " + min
                    + "): Otsu's threshold needs two populations (an all-zero or empty volume cannot be registered)");
        }
        int bins = OtsuThreshold.DEFAULT_BINS;
        double width = (max - min) / bins;
        float lo = (float) min;
        float inverse = (float) (bins / (max - min));
        long[][] hist = new long[nb][bins];
        blocks.forEach(v.nz(), (z0, z1) -> {
            long[] h = hist[RowBlocks.blockIndex(z0)];
            for (int i = z0 * plane; i < z1 * plane; i++) {
                // d >= lo, so the cast rounds down
                h[Math.min(bins - 1, (int) ((d[i] - lo) * inverse))]++;
            }
        });
        long[] total = new long[bins];
        for (long[] h : hist) {
            for (int b = 0; b < bins; b++) {
                total[b] += h[b];
            }
        }
        int t = OtsuThreshold.thresholdBin(total);
        // the foreground bins start at the upper edge of the last background bin
        float threshold = (float) (min + (t + 1) * width);
        float[] out = new float[d.length];
        long[] on = new long[nb];
        int nx = v.nx();
        int ny = v.ny();
        int[][] boxes = new int[nb][];
        blocks.forEach(v.nz(), (z0, z1) -> {
            long n = 0;
            int[] b = {Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1};
            for (int z = z0; z < z1; z++) {
                for (int y = 0; y < ny; y++) {
                    int row = nx * (y + ny * z);
                    int first = -1;
                    int last = -1;
                    for (int x = 0; x < nx; x++) {
                        if (d[row + x] >= threshold) {
                            out[row + x] = 1;
                            n++;
                            first = first < 0 ? x : first;
                            last = x;
                        }
                    }
                    if (first >= 0) {
                        b[0] = Math.min(b[0], first);
                        b[1] = Math.max(b[1], last);
                        b[2] = Math.min(b[2], y);
                        b[3] = Math.max(b[3], y);
                        b[4] = Math.min(b[4], z);
                        b[5] = Math.max(b[5], z);
                    }
                }
            }
            on[RowBlocks.blockIndex(z0)] = n;
            boxes[RowBlocks.blockIndex(z0)] = b;
        });
        int[] all = {Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1, Integer.MAX_VALUE, -1};
        for (int[] b : boxes) {
            for (int i = 0; i < 6; i += 2) {
                all[i] = Math.min(all[i], b[i]);
                all[i + 1] = Math.max(all[i + 1], b[i + 1]);
            }
        }
        System.arraycopy(all, 0, box, 0, 6);
        long count = java.util.Arrays.stream(on).sum();
        if (count == 0 || count == d.length) {
            throw new InvalidInputException(name + ": the Otsu threshold leaves nothing to align (the mask is "
                    + (count == 0 ? "empty" : "the whole volume") + ")");
        }
        return new Volume(v.nx(), v.ny(), v.nz(), out);
    }
}
