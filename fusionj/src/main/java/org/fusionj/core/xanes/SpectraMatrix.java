package org.fusionj.core.xanes;

import java.util.ArrayList;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.parallel.VolumeChunks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * The normalised spectra of a series' mapped voxels as one dense matrix (a row per voxel, a column per energy of a
 * window), the input of the phase analyses ({@link org.fusionj.core.xanes.phase}). Voxels are those
 * {@link XanesMapper} maps (inside the optional mask, finite, edge jump above k x noise); each is normalised as there
 * (flattened when the parameters ask). Rows are in scan order (slice, row, column), whatever the thread count.
 *
 * <p>Memory: rows x columns x 4 bytes (float), e.g. 5 million mapped voxels x 17 energies = 340 MB.
 */
public final class SpectraMatrix {

    private final int width;
    private final int height;
    private final int depth;
    private final double[] energies;
    private final int rows;
    private final int cols;
    private final float[] data;
    private final long[] positions;

    private SpectraMatrix(int width, int height, int depth, double[] energies, int rows, float[] data,
            long[] positions) {
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.energies = energies;
        this.rows = rows;
        this.cols = energies.length;
        this.data = data;
        this.positions = positions;
    }

    /** A matrix from given rows (tests, or spectra from elsewhere); positions are the row numbers of a 1-row image. */
    public static SpectraMatrix of(double[] energies, float[][] spectra) {
        float[] d = new float[spectra.length * energies.length];
        long[] pos = new long[spectra.length];
        for (int r = 0; r < spectra.length; r++) {
            if (spectra[r].length != energies.length) {
                throw new InvalidInputException("spectrum " + (r + 1) + " has " + spectra[r].length
                        + " values, expected " + energies.length);
            }
            System.arraycopy(spectra[r], 0, d, r * energies.length, energies.length);
            pos[r] = r;
        }
        return new SpectraMatrix(Math.max(1, spectra.length), 1, 1, energies.clone(), spectra.length, d, pos);
    }

    /**
     * Gathers the normalised spectra of the mapped voxels over the energies in {@code window} (relative to E0).
     *
     * @param mask optional external mask {@code [z][i]}, nonzero = include; null: every voxel may be included
     * @throws InvalidInputException when the window holds fewer than 2 energies or no voxel is mapped
     */
    public static SpectraMatrix of(EnergySeries series, XanesParameters params, byte[][] mask, EnergyWindow window,
            int threads, ProgressListener progress, CancellationToken cancel) {
        XanesMapper.checkMask(mask, series);
        double[] e = series.energiesEv();
        int[] w = XanesNormalisation.windowIndices(e, params.e0Ev(), window, "phase-analysis window");
        int from = w[0];
        int to = w[1];
        if (to - from < 2) {
            throw new InvalidInputException("the phase-analysis window " + window.describe(params.e0Ev()) + " holds "
                    + (to - from) + " energies; at least 2 are needed (widen the window)");
        }
        XanesNormalisation norm = XanesNormalisation.of(e, params);
        int n = to - from;
        List<Object[]> parts;
        try (RowBlocks blocks = new RowBlocks(threads)) {
            ThreadLocal<XanesNormalisation.Tile> tiles = ThreadLocal.withInitial(() -> norm.tile(XanesMapper.TILE,
                    from, to));
            VolumeChunks chunks = new VolumeChunks(series.width(), series.height(), series.depth());
            parts = blocks.map(chunks, c -> {
                XanesNormalisation.Tile tile = tiles.get();
                float[] rowsOut = new float[c.size() * n];
                long[] pos = new long[c.size()];
                int count = 0;
                byte[] maskIn = mask == null ? null : mask[c.z()];
                for (int start = c.start(); start < c.end(); start += XanesMapper.TILE) {
                    int len = Math.min(XanesMapper.TILE, c.end() - start);
                    if (tile.run(series.planes(), c.z(), start, len, maskIn, start) == 0) {
                        continue;
                    }
                    for (int k = 0; k < len; k++) {
                        if (tile.status[k] != XanesNormalisation.OK) {
                            continue;
                        }
                        for (int j = 0; j < n; j++) {
                            rowsOut[count * n + j] = (float) tile.normalised[j * XanesMapper.TILE + k];
                        }
                        pos[count++] = (long) c.z() * series.planeSize() + start + k;
                    }
                }
                return new Object[] {rowsOut, pos, count};
            }, progress, cancel, "normalised spectra");
        }
        long total = 0;
        for (Object[] p : parts) {
            total += (Integer) p[2];
        }
        if (total == 0) {
            throw new InvalidInputException("no voxel is mapped (every voxel is outside the mask, non-finite or has an "
                    + "edge jump below k x noise): nothing to analyse");
        }
        if (total * n > Integer.MAX_VALUE) {
            throw new InvalidInputException(total + " mapped voxels x " + n + " energies are too many for one "
                    + "matrix; use a mask, a narrower window or a region of the series");
        }
        float[] data = new float[(int) total * n];
        long[] positions = new long[(int) total];
        int r = 0;
        for (Object[] p : parts) {
            int count = (Integer) p[2];
            System.arraycopy(p[0], 0, data, r * n, count * n);
            System.arraycopy(p[1], 0, positions, r, count);
            r += count;
        }
        double[] energies = java.util.Arrays.copyOfRange(e, from, to);
        return new SpectraMatrix(series.width(), series.height(), series.depth(), energies, (int) total, data,
                positions);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The energies of the columns (a copy). */
    public double[] energies() {
        return energies.clone();
    }

    /** Value of row r, column c. */
    public float get(int r, int c) {
        return data[r * cols + c];
    }

    /** The backing array, row-major: {@code [r * cols + c]} (not a copy; do not modify). */
    float[] data() {
        return data;
    }

    /** Voxel of row r: {@code z * width * height + x + y * width}. */
    public long position(int r) {
        return positions[r];
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int depth() {
        return depth;
    }

    /** A volume {@code [z][x + y * width]} with {@code perRow[r]} at row r's voxel and NaN elsewhere. */
    public float[][] toMap(double[] perRow) {
        int plane = width * height;
        float[][] out = new float[depth][plane];
        for (float[] s : out) {
            java.util.Arrays.fill(s, Float.NaN);
        }
        for (int r = 0; r < rows; r++) {
            long p = positions[r];
            out[(int) (p / plane)][(int) (p % plane)] = (float) perRow[r];
        }
        return out;
    }

    /** A label volume {@code [z][i]} with {@code labels[r]} at row r's voxel and 0 elsewhere. */
    public int[][] toLabels(int[] labels) {
        int plane = width * height;
        int[][] out = new int[depth][plane];
        for (int r = 0; r < rows; r++) {
            long p = positions[r];
            out[(int) (p / plane)][(int) (p % plane)] = labels[r];
        }
        return out;
    }

    /** The rows as a list of copies (small matrices, tests). */
    List<double[]> rowList() {
        List<double[]> out = new ArrayList<>(rows);
        for (int r = 0; r < rows; r++) {
            double[] row = new double[cols];
            for (int c = 0; c < cols; c++) {
                row[c] = data[r * cols + c];
            }
            out.add(row);
        }
        return out;
    }
}
