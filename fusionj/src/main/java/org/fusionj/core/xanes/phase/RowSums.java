package org.fusionj.core.xanes.phase;

import org.fusionj.core.parallel.RowBlocks;

/**
 * Sums over the rows of a spectra matrix in fixed chunks of {@value #CHUNK} rows, combined in chunk order: the
 * reductions of the phase analyses are bit-identical for any thread count.
 */
final class RowSums {

    /** Rows per chunk. */
    static final int CHUNK = 1024;

    /** Adds the contribution of rows [from, to) to {@code acc}. */
    @FunctionalInterface
    interface Task {
        void run(int from, int to, double[] acc);
    }

    private RowSums() {
    }

    /** Runs {@code task} over every row and returns the sum of the per-block sums (length {@code len}). */
    static double[] sum(RowBlocks blocks, int rows, int len, Task task) {
        int chunks = (rows + CHUNK - 1) / CHUNK;
        double[][] parts = new double[RowBlocks.blockCount(chunks)][len];
        blocks.forEach(chunks, (c0, c1) -> {
            double[] acc = parts[RowBlocks.blockIndex(c0)];
            for (int c = c0; c < c1; c++) {
                task.run(c * CHUNK, Math.min(rows, (c + 1) * CHUNK), acc);
            }
        });
        double[] total = new double[len];
        for (double[] p : parts) {
            for (int i = 0; i < len; i++) {
                total[i] += p[i];
            }
        }
        return total;
    }

    /** Runs {@code task} over every row, for per-row work without sums. */
    static void forEach(RowBlocks blocks, int rows, Task task) {
        int chunks = (rows + CHUNK - 1) / CHUNK;
        blocks.forEach(chunks, (c0, c1) -> {
            for (int c = c0; c < c1; c++) {
                task.run(c * CHUNK, Math.min(rows, (c + 1) * CHUNK), null);
            }
        });
    }

    /**
     * The energy where a spectrum first crosses half of its range going up (linear interpolation), used to order
     * components from reduced to oxidised; the index of its maximum when it never does.
     */
    static double halfCrossing(double[] energies, double[] s) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : s) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        double half = 0.5 * (lo + hi);
        for (int i = 0; i + 1 < s.length; i++) {
            if (s[i] < half && s[i + 1] >= half) {
                return energies[i] + (half - s[i]) / (s[i + 1] - s[i]) * (energies[i + 1] - energies[i]);
            }
        }
        return energies[energies.length - 1];
    }
}
