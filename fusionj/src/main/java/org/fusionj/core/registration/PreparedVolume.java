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
        OtsuSplit split = otsu(cleaned, name, blocks);
        Volume binary = mask(cleaned, split, name, blocks, box);
        Volume base = p.metric().implementation().pyramidInput(cleaned, binary, split, blocks);
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
        return mask(v, otsu(v, name, blocks), name, blocks, box);
    }

    /**
     * Otsu's split of a volume's grey values: the threshold and the mean grey value of each class.
     *
     * @param threshold  voxels at or above it are foreground
     * @param background mean of the background class (from the histogram's bin centres)
     * @param foreground mean of the foreground class
     */
    public record OtsuSplit(float threshold, double background, double foreground) {
    }

    /**
     * Otsu's threshold of v (256 bins from the smallest to the largest value, as {@link OtsuThreshold}) and the
     * two class means. The histogram is summed per slice block, in block order. Refuses NaN and infinite voxels
     * (naming the first) and constant volumes.
     */
    public static OtsuSplit otsu(Volume v, String name, RowBlocks blocks) {
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
        double[] n = new double[2];
        double[] s = new double[2];
        for (int b = 0; b < bins; b++) {
            int c = b <= t ? 0 : 1;
            n[c] += total[b];
            s[c] += (b + 0.5) * total[b];
        }
        double background = min + width * (n[0] > 0 ? s[0] / n[0] : 0.5);
        double foreground = min + width * (n[1] > 0 ? s[1] / n[1] : bins - 0.5);
        return new OtsuSplit(threshold, background, foreground);
    }

    /**
     * 1 where a voxel is at or above the split's threshold, else 0; refuses an empty or full mask.
     *
     * @param box receives the mask's bounding box (xmin, xmax, ymin, ymax, zmin, zmax, inclusive)
     */
    static Volume mask(Volume v, OtsuSplit split, String name, RowBlocks blocks, int[] box) {
        float[] d = v.data();
        int plane = v.nx() * v.ny();
        int nb = RowBlocks.blockCount(v.nz());
        float threshold = split.threshold();
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

    /**
     * The soft mask the binarised MSE compares: the grey values mapped so that the mean of Otsu's background class
     * becomes 0 and the mean of its foreground class 1, clamped to [0, 1]. Away from the edges it is the hard mask
     * (inside a particle the grey values scatter about the foreground mean, and the clamp cuts what lies above it:
     * see below), but a voxel that a particle's edge cuts keeps a value between 0 and 1 that follows where the edge
     * crosses it. The hard mask snaps every edge to the voxel grid, and that biases the cost's minimum by a few
     * hundredths of a voxel whenever the moving volume's sub-voxel position differs from the fixed one's (measured on
     * the 2-D phantoms: 0.03-0.05 px, with no noise and no gain change at all; docs/registration.md "2-D stacks").
     * The ramp spans half the class-mean distance ({@link #SOFT_WIDTH} 0.5). Each volume is scaled by its own class
     * means, so a gain common to the volume cancels as with the hard mask; gains that differ between particles are
     * only partly removed (the clamp cuts a brighter particle's interior, not a dimmer one's). The full distance (1)
     * follows sub-voxel edges best on particles of equal contrast (2-D family 0.008 px against 0.021 at 0.5) but lets
     * a dimmer particle's edge pull the fit where contrasts differ (the Spark pipeline's phantom at its edge energies:
     * 0.105 voxel at 1, 0.061 at 0.5, 0.072 with hard masks); 0.5 is better than hard masks on both.
     */
    static Volume softMask(Volume v, OtsuSplit split, RowBlocks blocks) {
        float[] d = v.data();
        float[] out = new float[d.length];
        double w = SOFT_WIDTH * (split.foreground() - split.background());
        if (!(w > 0)) {
            return mask(v, split, "the volume", blocks, new int[6]);
        }
        double middle = (split.background() + split.foreground()) / 2;
        float scale = (float) (1 / w);
        float offset = (float) (0.5 - middle / w);
        int plane = v.nx() * v.ny();
        blocks.forEach(v.nz(), (z0, z1) -> {
            for (int i = z0 * plane; i < z1 * plane; i++) {
                out[i] = Math.min(1f, Math.max(0f, d[i] * scale + offset));
            }
        });
        return new Volume(v.nx(), v.ny(), v.nz(), out);
    }

    /** Width of the soft mask's ramp, as a fraction of the distance between Otsu's two class means. */
    static final double SOFT_WIDTH = 0.5;
}
