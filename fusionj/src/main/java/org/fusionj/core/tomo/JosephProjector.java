package org.fusionj.core.tomo;

import java.util.Arrays;

import org.fusionj.core.InvalidInputException;

/**
 * Joseph's projector (P. M. Joseph, "An improved algorithm for reprojecting rays through pixel images", IEEE TMI 1,
 * 192-196, 1982) for one slice, and its exact adjoint.
 *
 * <p>Method. A ray is followed line by line through the slice: along the rows (z) when it is closer to the z axis
 * ({@code |cos theta| >= |sin theta|}), else along the columns (x). On each line the slice is interpolated linearly
 * between the two voxels the ray passes between, and the sum is scaled by the path length per line,
 * {@code 1 / max(|cos|, |sin|)}. Outside the slice the values are 0, so a ray entering through a voxel edge ramps
 * in linearly. The back-projection spreads each bin over the same two voxels of each line with the same weights,
 * which makes it the exact transpose (to float rounding) rather than an approximate "pixel-driven" adjoint.
 *
 * <p>How it is computed (why it is fast on a CPU):
 * <ul>
 *   <li>Lines are contiguous: the slice is copied once per call into a row buffer with one zero voxel at each end
 *       of each row, and, when some angle steps along columns, into a transposed buffer of the same kind. The
 *       inner loop then reads two neighbouring floats of one line with no bounds tests.</li>
 *   <li>Per angle and line everything but the bin index is precomputed at construction: the ray position at bin
 *       0, its step per bin, and the range of bins whose ray crosses that line (found with the same float
 *       arithmetic as the inner loop, so no index can leave the buffer). The weights per angle are applied once
 *       per sinogram row.</li>
 *   <li>The inner loop is float arithmetic over one sinogram row (forward) or one buffer line (back), in L1;
 *       no allocation after the first call of each thread (per-thread buffers).</li>
 *   <li>Zeros are skipped: the forward projection follows a line only over the bins that can reach its non-zero
 *       voxels, and the back-projection spreads only the span of non-zero bins of each row. Nanoparticles leave
 *       most of a slice empty, and what is skipped would add exact zeros only, so the result is bit-identical.</li>
 * </ul>
 * Cost: {@code angles x lines x bins} interpolations per slice, i.e. linear in voxels x angles.
 */
public final class JosephProjector implements SliceProjector {

    private final int width;
    private final int depth;
    private final double[] angles;
    /** Per angle: whether rays are followed along rows (z lines), else along columns (x lines). */
    private final boolean[] alongRows;
    /** Per angle: path length per line. */
    private final float[] weight;
    /** Per angle: ray position change per detector bin, in voxels along the line. */
    private final float[] step;
    /** Per angle: index of its first line in {@link #start}, {@link #lo}, {@link #hi}. */
    private final int[] lineOffset;
    /** Per angle and line: padded ray position at bin 0; the first and one past the last bin crossing the line. */
    private final float[] start;
    private final int[] lo;
    private final int[] hi;
    private final boolean anyAlongRows;
    private final boolean anyAlongColumns;
    private final ThreadLocal<Scratch> scratch;
    private final ThreadLocal<Lanes> lanes;

    /** Slices processed together by the batch methods: one float of each per buffer position. */
    public static final int LANES = 8;

    /**
     * @param width  voxels per slice row (and detector bins)
     * @param depth  rows per slice
     * @param anglesDegrees tilt angles, each finite and within [-90, 90]
     */
    public JosephProjector(int width, int depth, double[] anglesDegrees) {
        if (width < 1 || depth < 1) {
            throw new InvalidInputException("slice must be at least 1 x 1 voxels, got " + width + " x " + depth);
        }
        TiltAngles.requireValid(anglesDegrees, "tilt angles");
        this.width = width;
        this.depth = depth;
        this.angles = anglesDegrees.clone();
        int n = angles.length;
        alongRows = new boolean[n];
        weight = new float[n];
        step = new float[n];
        lineOffset = new int[n + 1];
        boolean rows = false;
        boolean cols = false;
        for (int a = 0; a < n; a++) {
            double th = Math.toRadians(angles[a]);
            double c = Math.cos(th);
            double s = Math.sin(th);
            alongRows[a] = Math.abs(c) >= Math.abs(s);
            rows |= alongRows[a];
            cols |= !alongRows[a];
            lineOffset[a + 1] = lineOffset[a] + (alongRows[a] ? depth : width);
        }
        anyAlongRows = rows;
        anyAlongColumns = cols;
        int lines = lineOffset[n];
        start = new float[lines];
        lo = new int[lines];
        hi = new int[lines];
        double cx = (width - 1) / 2.0;
        double cz = (depth - 1) / 2.0;
        double cu = (width - 1) / 2.0;
        for (int a = 0; a < n; a++) {
            double th = Math.toRadians(angles[a]);
            double c = Math.cos(th);
            double s = Math.sin(th);
            if (alongRows[a]) {
                // Row z (centred zc): x = u / cos - zc tan; padded index x + cx + 1.
                weight[a] = (float) (1 / Math.abs(c));
                step[a] = (float) (1 / c);
                for (int z = 0; z < depth; z++) {
                    double zc = z - cz;
                    initLine(lineOffset[a] + z, -cu / c - zc * (s / c) + cx + 1, step[a], width);
                }
            } else {
                // Column x (centred xc): z = u / sin - xc cot; padded index z + cz + 1.
                weight[a] = (float) (1 / Math.abs(s));
                step[a] = (float) (1 / s);
                for (int x = 0; x < width; x++) {
                    double xc = x - cx;
                    initLine(lineOffset[a] + x, -cu / s - xc * (c / s) + cz + 1, step[a], depth);
                }
            }
        }
        scratch = ThreadLocal.withInitial(() -> new Scratch(width, depth));
        int sino = angles.length * width;
        lanes = ThreadLocal.withInitial(() -> new Lanes(width, depth, sino, anyAlongRows, anyAlongColumns));
    }

    /**
     * The ray position at bin 0 of one line and the bins whose position p (computed as in the inner loops) lies in
     * [0, length + 1): then both {@code (int) p} and {@code (int) p + 1} index the padded line.
     */
    private void initLine(int line, double position, float dp, int length) {
        float p0 = (float) position;
        start[line] = p0;
        int first = -1;
        int last = -1;
        float limit = length + 1f;
        for (int t = 0; t < width; t++) {
            float p = p0 + t * dp;
            if (p >= 0f && p < limit) {
                if (first < 0) {
                    first = t;
                }
                last = t;
            }
        }
        lo[line] = first < 0 ? 0 : first;
        hi[line] = first < 0 ? 0 : last + 1;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int depth() {
        return depth;
    }

    @Override
    public double[] anglesDegrees() {
        return angles.clone();
    }

    @Override
    public int angleCount() {
        return angles.length;
    }

    /** Per-thread buffers: the padded slice, its padded transpose, and the same two as back-projection sums. */
    private static final class Scratch {
        final float[] rows;
        final float[] columns;
        final float[] rowSums;
        final float[] columnSums;
        final float[] bins;
        /** Per row line, then per column line: the first and one past the last padded index holding a non-zero. */
        final int[] rowFirst;
        final int[] rowEnd;
        final int[] columnFirst;
        final int[] columnEnd;

        Scratch(int width, int depth) {
            rows = new float[depth * (width + 2)];
            columns = new float[width * (depth + 2)];
            rowSums = new float[depth * (width + 2)];
            columnSums = new float[width * (depth + 2)];
            bins = new float[width];
            rowFirst = new int[depth];
            rowEnd = new int[depth];
            columnFirst = new int[width];
            columnEnd = new int[width];
        }
    }

    @Override
    public int batch() {
        return LANES;
    }

    /**
     * Per-thread buffers of the batch methods: the same buffers as {@link Scratch} with {@value #LANES} slices
     * interleaved (position-major, slice-minor), so that each ray position is computed once for all of them and the
     * inner statements work on {@value #LANES} adjacent floats.
     */
    private static final class Lanes {
        final float[] rows;
        final float[] columns;
        /** The back-projection's sums (the forward buffers' pads must stay 0). */
        final float[] rowSums;
        final float[] columnSums;
        final float[] sino;
        final int[] rowFirst;
        final int[] rowEnd;
        final int[] columnFirst;
        final int[] columnEnd;
        final int[] binFirst;
        final int[] binEnd;

        Lanes(int width, int depth, int sinogram, boolean alongRows, boolean alongColumns) {
            rows = new float[alongRows ? depth * (width + 2) * LANES : 0];
            columns = new float[alongColumns ? width * (depth + 2) * LANES : 0];
            rowSums = new float[rows.length];
            columnSums = new float[columns.length];
            sino = new float[sinogram * LANES];
            rowFirst = new int[depth];
            rowEnd = new int[depth];
            columnFirst = new int[width];
            columnEnd = new int[width];
            binFirst = new int[sinogram / width];
            binEnd = new int[sinogram / width];
        }
    }

    @Override
    public void project(float[] volume, int offset, int count, float[] sinograms) {
        if (count < 1 || count > LANES) {
            throw new IllegalArgumentException("count must be 1 to " + LANES + ", got " + count);
        }
        Lanes s = lanes.get();
        int w = width;
        int d = depth;
        if (anyAlongRows) {
            interleave(volume, offset, count, s.rows, s.rowFirst, s.rowEnd, true);
        }
        if (anyAlongColumns) {
            interleave(volume, offset, count, s.columns, s.columnFirst, s.columnEnd, false);
        }
        float[] sino = s.sino;
        java.util.Arrays.fill(sino, 0f);
        for (int a = 0; a < angles.length; a++) {
            boolean r = alongRows[a];
            float[] buf = r ? s.rows : s.columns;
            int[] first = r ? s.rowFirst : s.columnFirst;
            int[] end = r ? s.rowEnd : s.columnEnd;
            int stride = r ? w + 2 : d + 2;
            int row = a * w;
            float dp = step[a];
            float inv = 1f / dp;
            for (int line = lineOffset[a], l = 0; line < lineOffset[a + 1]; line++, l++) {
                if (end[l] <= first[l]) {
                    continue;
                }
                float p0 = start[line];
                float u0 = (first[l] - 1 - p0) * inv;
                float u1 = (end[l] - p0) * inv;
                int from = Math.max(lo[line], (int) Math.floor(Math.min(u0, u1)) - 2);
                int to = Math.min(hi[line], (int) Math.ceil(Math.max(u0, u1)) + 3);
                if (from < to) {
                    forwardLines(buf, l * stride, p0, dp, sino, row, from, to);
                }
            }
        }
        int size = angles.length * w;
        for (int k = 0; k < count; k++) {
            int dst = k * size;
            for (int a = 0; a < angles.length; a++) {
                float wt = weight[a];
                for (int t = a * w, src = t * LANES + k; t < (a + 1) * w; t++, src += LANES) {
                    sinograms[dst + t] = sino[src] * wt;
                }
            }
        }
    }

    /**
     * Copies {@code count} slices into the interleaved line buffer {@code buf} (rows of the slices, or their columns)
     * with a zero at both ends of every line and zeros in the unused lanes, and records per line the first and one
     * past the last position holding a non-zero in any lane (first &gt;= end for an empty line).
     */
    private void interleave(float[] volume, int offset, int count, float[] buf, int[] first, int[] end,
                            boolean byRows) {
        int w = width;
        int d = depth;
        int n = w * d;
        java.util.Arrays.fill(first, Integer.MAX_VALUE);
        java.util.Arrays.fill(end, 0);
        for (int k = 0; k < LANES; k++) {
            boolean used = k < count;
            for (int z = 0; z < d; z++) {
                int src = offset + k * n + z * w;
                for (int x = 0; x < w; x++) {
                    int line = byRows ? z : x;
                    int along = byRows ? x + 1 : z + 1;
                    float v = used ? volume[src + x] : 0f;
                    buf[(line * ((byRows ? w : d) + 2) + along) * LANES + k] = v;
                    if (v != 0f) {
                        first[line] = Math.min(first[line], along);
                        end[line] = Math.max(end[line], along + 1);
                    }
                }
            }
        }
    }

    /** {@link #forwardLine} on {@value #LANES} interleaved slices. */
    private static void forwardLines(float[] buf, int base, float p0, float dp, float[] sino, int row, int from,
                                     int to) {
        for (int t = from; t < to; t++) {
            float p = p0 + t * dp;
            int i = (int) p;
            float f = p - i;
            int a = (base + i) * LANES;
            int b = a + LANES;
            int o = (row + t) * LANES;
            sino[o] += buf[a] + f * (buf[b] - buf[a]);
            sino[o + 1] += buf[a + 1] + f * (buf[b + 1] - buf[a + 1]);
            sino[o + 2] += buf[a + 2] + f * (buf[b + 2] - buf[a + 2]);
            sino[o + 3] += buf[a + 3] + f * (buf[b + 3] - buf[a + 3]);
            sino[o + 4] += buf[a + 4] + f * (buf[b + 4] - buf[a + 4]);
            sino[o + 5] += buf[a + 5] + f * (buf[b + 5] - buf[a + 5]);
            sino[o + 6] += buf[a + 6] + f * (buf[b + 6] - buf[a + 6]);
            sino[o + 7] += buf[a + 7] + f * (buf[b + 7] - buf[a + 7]);
        }
    }

    @Override
    public void backProject(float[] sinograms, int count, float[] volume, int offset) {
        if (count < 1 || count > LANES) {
            throw new IllegalArgumentException("count must be 1 to " + LANES + ", got " + count);
        }
        Lanes s = lanes.get();
        int w = width;
        int d = depth;
        int n = w * d;
        int size = angles.length * w;
        float[] g = s.sino;
        java.util.Arrays.fill(g, 0f);
        int[] gFirst = s.binFirst;
        int[] gEnd = s.binEnd;
        java.util.Arrays.fill(gFirst, w);
        java.util.Arrays.fill(gEnd, 0);
        for (int k = 0; k < count; k++) {
            int src = k * size;
            for (int a = 0; a < angles.length; a++) {
                float wt = weight[a];
                for (int t = 0; t < w; t++) {
                    float v = sinograms[src + a * w + t] * wt;
                    g[(a * w + t) * LANES + k] = v;
                    if (v != 0f) {
                        gFirst[a] = Math.min(gFirst[a], t);
                        gEnd[a] = Math.max(gEnd[a], t + 1);
                    }
                }
            }
        }
        if (anyAlongRows) {
            java.util.Arrays.fill(s.rowSums, 0f);
        }
        if (anyAlongColumns) {
            java.util.Arrays.fill(s.columnSums, 0f);
        }
        for (int a = 0; a < angles.length; a++) {
            if (gEnd[a] == 0) {
                continue;
            }
            boolean r = alongRows[a];
            float[] buf = r ? s.rowSums : s.columnSums;
            int stride = r ? w + 2 : d + 2;
            float dp = step[a];
            for (int line = lineOffset[a], l = 0; line < lineOffset[a + 1]; line++, l++) {
                int from = Math.max(lo[line], gFirst[a]);
                int to = Math.min(hi[line], gEnd[a]);
                if (from < to) {
                    backLines(g, a * w, start[line], dp, buf, l * stride, from, to);
                }
            }
        }
        for (int k = 0; k < count; k++) {
            for (int z = 0; z < d; z++) {
                int dst = offset + k * n + z * w;
                if (anyAlongRows) {
                    for (int x = 0, src = (z * (w + 2) + 1) * LANES + k; x < w; x++, src += LANES) {
                        volume[dst + x] = s.rowSums[src];
                    }
                } else {
                    java.util.Arrays.fill(volume, dst, dst + w, 0f);
                }
                if (anyAlongColumns) {
                    for (int x = 0, src = (x * (d + 2) + z + 1) * LANES + k; x < w; x++, src += (d + 2) * LANES) {
                        volume[dst + x] += s.columnSums[src];
                    }
                }
            }
        }
    }

    /** {@link #backLine} on {@value #LANES} interleaved slices; {@code row} is the sinogram row's first bin. */
    private static void backLines(float[] g, int row, float p0, float dp, float[] buf, int base, int from, int to) {
        for (int t = from; t < to; t++) {
            float p = p0 + t * dp;
            int i = (int) p;
            float f = p - i;
            int a = (base + i) * LANES;
            int b = a + LANES;
            int o = (row + t) * LANES;
            float v0 = g[o];
            float v1 = g[o + 1];
            float v2 = g[o + 2];
            float v3 = g[o + 3];
            float v4 = g[o + 4];
            float v5 = g[o + 5];
            float v6 = g[o + 6];
            float v7 = g[o + 7];
            float r0 = v0 * f;
            float r1 = v1 * f;
            float r2 = v2 * f;
            float r3 = v3 * f;
            float r4 = v4 * f;
            float r5 = v5 * f;
            float r6 = v6 * f;
            float r7 = v7 * f;
            buf[a] += v0 - r0;
            buf[a + 1] += v1 - r1;
            buf[a + 2] += v2 - r2;
            buf[a + 3] += v3 - r3;
            buf[a + 4] += v4 - r4;
            buf[a + 5] += v5 - r5;
            buf[a + 6] += v6 - r6;
            buf[a + 7] += v7 - r7;
            buf[b] += r0;
            buf[b + 1] += r1;
            buf[b + 2] += r2;
            buf[b + 3] += r3;
            buf[b + 4] += r4;
            buf[b + 5] += r5;
            buf[b + 6] += r6;
            buf[b + 7] += r7;
        }
    }

    @Override
    public void project(float[] volume, int offset, float[] sinogram) {
        Scratch s = scratch.get();
        int w = width;
        int d = depth;
        if (anyAlongRows) {
            // The pads (first and last float of each row) stay 0: only the inside is ever written.
            for (int z = 0; z < d; z++) {
                int src = offset + z * w;
                System.arraycopy(volume, src, s.rows, z * (w + 2) + 1, w);
                int first = 0;
                while (first < w && volume[src + first] == 0f) {
                    first++;
                }
                int last = w - 1;
                while (last > first && volume[src + last] == 0f) {
                    last--;
                }
                s.rowFirst[z] = first + 1;
                s.rowEnd[z] = first < w ? last + 2 : first + 1;
            }
        }
        if (anyAlongColumns) {
            float[] cols = s.columns;
            java.util.Arrays.fill(s.columnFirst, Integer.MAX_VALUE);
            java.util.Arrays.fill(s.columnEnd, 0);
            for (int z = 0; z < d; z++) {
                int src = offset + z * w;
                for (int x = 0, dst = z + 1; x < w; x++, dst += d + 2) {
                    float v = volume[src + x];
                    cols[dst] = v;
                    if (v != 0f) {
                        s.columnFirst[x] = Math.min(s.columnFirst[x], z + 1);
                        s.columnEnd[x] = z + 2;
                    }
                }
            }
        }
        for (int a = 0; a < angles.length; a++) {
            boolean r = alongRows[a];
            float[] buf = r ? s.rows : s.columns;
            int[] first = r ? s.rowFirst : s.columnFirst;
            int[] end = r ? s.rowEnd : s.columnEnd;
            int stride = r ? w + 2 : d + 2;
            int row = a * w;
            Arrays.fill(sinogram, row, row + w, 0f);
            float dp = step[a];
            float inv = 1f / dp;
            for (int line = lineOffset[a], l = 0; line < lineOffset[a + 1]; line++, l++) {
                if (end[l] <= first[l]) {
                    continue; // an empty line adds nothing
                }
                // Bins whose two voxels may hold a non-zero: position in [first - 1, end), two bins of margin.
                float p0 = start[line];
                float u0 = (first[l] - 1 - p0) * inv;
                float u1 = (end[l] - p0) * inv;
                int from = Math.max(lo[line], (int) Math.floor(Math.min(u0, u1)) - 2);
                int to = Math.min(hi[line], (int) Math.ceil(Math.max(u0, u1)) + 3);
                if (from < to) {
                    forwardLine(buf, l * stride, p0, dp, sinogram, row, from, to);
                }
            }
            float wt = weight[a];
            for (int t = row; t < row + w; t++) {
                sinogram[t] *= wt;
            }
        }
    }

    /** Adds the interpolated line to bins [from, to) of the sinogram row at {@code row}. */
    private static void forwardLine(float[] buf, int base, float p0, float dp, float[] sino, int row, int from,
                                    int to) {
        for (int t = from; t < to; t++) {
            float p = p0 + t * dp;
            int i = (int) p;
            float f = p - i;
            float v0 = buf[base + i];
            sino[row + t] += v0 + f * (buf[base + i + 1] - v0);
        }
    }

    @Override
    public void backProject(float[] sinogram, float[] volume, int offset) {
        Scratch s = scratch.get();
        int w = width;
        int d = depth;
        if (anyAlongRows) {
            Arrays.fill(s.rowSums, 0f);
        }
        if (anyAlongColumns) {
            Arrays.fill(s.columnSums, 0f);
        }
        float[] g = s.bins;
        for (int a = 0; a < angles.length; a++) {
            boolean r = alongRows[a];
            float[] buf = r ? s.rowSums : s.columnSums;
            int stride = r ? w + 2 : d + 2;
            float wt = weight[a];
            int row = a * w;
            int gFirst = w;
            int gEnd = 0;
            for (int t = 0; t < w; t++) {
                float v = sinogram[row + t] * wt;
                g[t] = v;
                if (v != 0f) {
                    gFirst = Math.min(gFirst, t);
                    gEnd = t + 1;
                }
            }
            if (gEnd == 0) {
                continue; // a zero row adds nothing
            }
            float dp = step[a];
            for (int line = lineOffset[a], end = lineOffset[a + 1], base = 0; line < end; line++, base += stride) {
                int from = Math.max(lo[line], gFirst);
                int to = Math.min(hi[line], gEnd);
                if (from < to) {
                    backLine(g, start[line], dp, buf, base, from, to);
                }
            }
        }
        for (int z = 0; z < d; z++) {
            int dst = offset + z * w;
            if (anyAlongRows) {
                System.arraycopy(s.rowSums, z * (w + 2) + 1, volume, dst, w);
            } else {
                Arrays.fill(volume, dst, dst + w, 0f);
            }
            if (anyAlongColumns) {
                float[] cols = s.columnSums;
                for (int x = 0, src = z + 1; x < w; x++, src += d + 2) {
                    volume[dst + x] += cols[src];
                }
            }
        }
    }

    /** Spreads bins [from, to) of {@code g} over the line at {@code base}, with the forward weights. */
    private static void backLine(float[] g, float p0, float dp, float[] buf, int base, int from, int to) {
        for (int t = from; t < to; t++) {
            float p = p0 + t * dp;
            int i = (int) p;
            float f = p - i;
            float v = g[t];
            float right = v * f;
            buf[base + i] += v - right;
            buf[base + i + 1] += right;
        }
    }
}
