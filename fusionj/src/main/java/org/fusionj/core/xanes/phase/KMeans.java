package org.fusionj.core.xanes.phase;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.Require;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.core.xanes.SpectraMatrix;

/**
 * k-means clustering of the normalised spectra (Euclidean distance over the energies of the window): voxels of
 * similar spectra, i.e. of similar chemistry, form a cluster, and each cluster's mean spectrum is its phase.
 * Seeded k-means++ start (sequential, from the seed), then Lloyd iterations until no voxel changes cluster or
 * {@code maxIterations}. The assignment runs in parallel; the cluster sums are added in fixed row chunks in chunk
 * order, so the result is bit-identical for any thread count. A cluster left empty restarts at the voxel farthest
 * from its centre. Clusters are numbered from 1 in the order of the energy where their mean spectrum crosses half its
 * range (reduced to oxidised, for edges that shift up with oxidation).
 */
public final class KMeans {

    /**
     * @param energies  the energies of the spectra
     * @param centres   mean spectrum of each cluster {@code [cluster - 1][energy]}
     * @param sd        standard deviation of each cluster's spectra per energy (NaN with fewer than 2 voxels)
     * @param sizes     voxels per cluster
     * @param labels    per voxel, its cluster 1..k ({@code [z][i]}, 0 where not mapped)
     * @param iterations Lloyd iterations run
     * @param inertia   sum of squared distances of the voxels to their centres
     */
    public record Result(double[] energies, double[][] centres, double[][] sd, long[] sizes, int[][] labels,
                         int iterations, double inertia) {
    }

    private KMeans() {
    }

    public static Result of(SpectraMatrix m, int k, long seed, int maxIterations, RowBlocks blocks,
            ProgressListener progress, CancellationToken cancel) {
        int rows = m.rows();
        int n = m.cols();
        if (k < 2) {
            throw new InvalidInputException("clusters must be at least 2, got " + k);
        }
        if (k > rows) {
            throw new InvalidInputException(k + " clusters cannot be formed from " + rows + " mapped voxels");
        }
        Require.atLeastOne("iterations", maxIterations);
        double[][] centres = plusPlus(m, k, seed);
        int[] label = new int[rows];
        Arrays.fill(label, -1);
        int it = 0;
        double inertia = 0;
        for (; it < maxIterations; it++) {
            cancel.throwIfCancelled();
            double[][] c = centres;
            // per block: k x n sums, k counts, changed assignments, inertia, farthest row and its distance
            double[] s = RowSums.sum(blocks, rows, k * n + k + 2, (from, to, acc) -> {
                for (int r = from; r < to; r++) {
                    int best = 0;
                    double bestD = Double.POSITIVE_INFINITY;
                    for (int j = 0; j < k; j++) {
                        double d = distance(m, r, c[j]);
                        if (d < bestD) {
                            bestD = d;
                            best = j;
                        }
                    }
                    if (label[r] != best) {
                        acc[k * n + k]++;
                        label[r] = best;
                    }
                    acc[k * n + k + 1] += bestD;
                    for (int i = 0; i < n; i++) {
                        acc[best * n + i] += m.get(r, i);
                    }
                    acc[k * n + best]++;
                }
            });
            inertia = s[k * n + k + 1];
            boolean changed = s[k * n + k] > 0;
            double[][] next = new double[k][n];
            for (int j = 0; j < k; j++) {
                double count = s[k * n + j];
                if (count == 0) {
                    next[j] = farthestRow(m, label, c);
                    changed = true;
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    next[j][i] = s[j * n + i] / count;
                }
            }
            centres = next;
            progress.progress((it + 1.0) / maxIterations, "k-means: iteration " + (it + 1));
            if (!changed) {
                it++;
                break;
            }
        }
        return finish(m, k, centres, label, Math.min(it, maxIterations), inertia, blocks);
    }

    private static Result finish(SpectraMatrix m, int k, double[][] centres, int[] label, int iterations,
            double inertia, RowBlocks blocks) {
        int rows = m.rows();
        int n = m.cols();
        double[] energies = m.energies();
        Integer[] order = new Integer[k];
        double[] key = new double[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
            key[j] = RowSums.halfCrossing(energies, centres[j]);
        }
        Arrays.sort(order, (a, b) -> key[a] != key[b] ? Double.compare(key[a], key[b]) : a - b);
        int[] rank = new int[k];
        for (int j = 0; j < k; j++) {
            rank[order[j]] = j;
        }
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = rank[label[r]] + 1;
        }
        // mean and SD per cluster, in the new order, from fixed chunks
        double[] s = RowSums.sum(blocks, rows, k * (2 * n + 1), (from, to, acc) -> {
            for (int r = from; r < to; r++) {
                int j = out[r] - 1;
                for (int i = 0; i < n; i++) {
                    double v = m.get(r, i);
                    acc[j * n + i] += v;
                    acc[k * n + j * n + i] += v * v;
                }
                acc[2 * k * n + j]++;
            }
        });
        double[][] mean = new double[k][n];
        double[][] sd = new double[k][n];
        long[] sizes = new long[k];
        for (int j = 0; j < k; j++) {
            double c = s[2 * k * n + j];
            sizes[j] = (long) c;
            for (int i = 0; i < n; i++) {
                double sum = s[j * n + i];
                mean[j][i] = c > 0 ? sum / c : Double.NaN;
                sd[j][i] = c > 1 ? Math.sqrt(Math.max(0, (s[k * n + j * n + i] - sum * sum / c) / (c - 1)))
                        : Double.NaN;
            }
        }
        return new Result(energies, mean, sd, sizes, m.toLabels(out), iterations, inertia);
    }

    /** k-means++: the first centre a random voxel, each next one drawn with probability proportional to d^2. */
    private static double[][] plusPlus(SpectraMatrix m, int k, long seed) {
        int rows = m.rows();
        SplittableRandom rnd = new SplittableRandom(seed);
        double[][] centres = new double[k][];
        centres[0] = row(m, rnd.nextInt(rows));
        double[] d = new double[rows];
        Arrays.fill(d, Double.POSITIVE_INFINITY);
        for (int j = 1; j < k; j++) {
            double total = 0;
            for (int r = 0; r < rows; r++) {
                d[r] = Math.min(d[r], distance(m, r, centres[j - 1]));
                total += d[r];
            }
            int pick = rows - 1;
            if (total > 0) {
                double target = rnd.nextDouble() * total;
                double acc = 0;
                for (int r = 0; r < rows; r++) {
                    acc += d[r];
                    if (acc >= target && d[r] > 0) {
                        pick = r;
                        break;
                    }
                }
            } else {
                pick = rnd.nextInt(rows);
            }
            centres[j] = row(m, pick);
        }
        return centres;
    }

    private static double[] farthestRow(SpectraMatrix m, int[] label, double[][] centres) {
        int best = 0;
        double bestD = -1;
        for (int r = 0; r < m.rows(); r++) {
            double d = distance(m, r, centres[label[r]]);
            if (d > bestD) {
                bestD = d;
                best = r;
            }
        }
        return row(m, best);
    }

    static double[] row(SpectraMatrix m, int r) {
        double[] out = new double[m.cols()];
        for (int i = 0; i < out.length; i++) {
            out[i] = m.get(r, i);
        }
        return out;
    }

    private static double distance(SpectraMatrix m, int r, double[] c) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            double d = m.get(r, i) - c[i];
            s += d * d;
        }
        return s;
    }
}
