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
 * Non-negative matrix factorisation of the normalised spectra, {@code V ~ W H}: k component spectra (rows of H) and
 * their non-negative weights in every voxel (columns of W, the abundance maps), without reference spectra. Solved
 * by hierarchical alternating least squares (HALS: Cichocki and Phan, IEICE Trans. Fundamentals E92-A (2009)), which
 * updates one component at a time in closed form and converges in far fewer iterations than multiplicative updates.
 * Normalised spectra dip slightly below 0 in the pre-edge through noise: negative values are taken as 0.
 *
 * <p>Seeded: W and H start from uniform random values drawn from the seed. The per-row W updates are independent;
 * the sums {@code W^T V} and {@code W^T W} are added in fixed row chunks in chunk order, so the result is
 * bit-identical for any thread count. Each component spectrum is scaled to a maximum of 1 (its weights scale the
 * other way), and components are ordered by the energy where they cross half their range.
 */
public final class Nmf {

    /**
     * @param energies   the energies
     * @param components component spectra {@code [k][energy]}, each with maximum 1
     * @param weights    per component, the voxels' weights {@code [k][z][i]} (NaN where not mapped)
     * @param iterations HALS iterations run
     * @param residual   root-mean-square of V - W H over the matrix
     */
    public record Result(double[] energies, double[][] components, float[][][] weights, int iterations,
                         double residual) {
    }

    /** Stop when the squared residual falls by less than this fraction between checks (every 10 iterations). */
    static final double TOLERANCE = 1e-6;

    private Nmf() {
    }

    public static Result of(SpectraMatrix m, int k, long seed, int maxIterations, RowBlocks blocks,
            ProgressListener progress, CancellationToken cancel) {
        int rows = m.rows();
        int n = m.cols();
        if (k < 1 || k > n) {
            throw new InvalidInputException("nmf_components must be between 1 and the number of energies (" + n
                    + "), got " + k);
        }
        Require.atLeastOne("iterations", maxIterations);
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] meanV = RowSums.sum(blocks, rows, 1, (from, to, acc) -> {
            for (int r = from; r < to; r++) {
                for (int i = 0; i < n; i++) {
                    acc[0] += Math.max(0, m.get(r, i));
                }
            }
        });
        double scale = Math.sqrt(Math.max(1e-12, meanV[0] / ((double) rows * n)) / k);
        double[][] h = new double[k][n];
        for (int j = 0; j < k; j++) {
            for (int i = 0; i < n; i++) {
                h[j][i] = scale * (0.5 + rnd.nextDouble());
            }
        }
        double[] w = new double[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < k; j++) {
                w[r * k + j] = scale * (0.5 + rnd.nextDouble());
            }
        }
        double previous = Double.POSITIVE_INFINITY;
        int it = 0;
        for (; it < maxIterations; it++) {
            cancel.throwIfCancelled();
            updateH(m, w, h, k, blocks);
            updateW(m, w, h, k, blocks);
            if ((it + 1) % 10 == 0 || it == maxIterations - 1) {
                double err = squaredResidual(m, w, h, k, blocks);
                progress.progress((it + 1.0) / maxIterations, "NMF: iteration " + (it + 1));
                if (Double.isFinite(previous) && previous - err <= TOLERANCE * previous) {
                    it++;
                    break;
                }
                previous = err;
            }
        }
        double err = squaredResidual(m, w, h, k, blocks);
        return finish(m, w, h, k, Math.min(it, maxIterations), Math.sqrt(err / ((double) rows * n)));
    }

    /** H_j <- max(0, H_j + ((W^T V)_j - (W^T W)_j H) / (W^T W)_jj), one component at a time. */
    private static void updateH(SpectraMatrix m, double[] w, double[][] h, int k, RowBlocks blocks) {
        int n = m.cols();
        int rows = m.rows();
        double[] s = RowSums.sum(blocks, rows, k * n + k * k, (from, to, acc) -> {
            for (int r = from; r < to; r++) {
                for (int j = 0; j < k; j++) {
                    double wj = w[r * k + j];
                    for (int i = 0; i < n; i++) {
                        acc[j * n + i] += wj * Math.max(0, m.get(r, i));
                    }
                    for (int q = 0; q < k; q++) {
                        acc[k * n + j * k + q] += wj * w[r * k + q];
                    }
                }
            }
        });
        for (int j = 0; j < k; j++) {
            double wjj = s[k * n + j * k + j];
            if (!(wjj > 0)) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                double v = s[j * n + i];
                for (int q = 0; q < k; q++) {
                    v -= s[k * n + j * k + q] * h[q][i];
                }
                h[j][i] = Math.max(1e-16, h[j][i] + v / wjj);
            }
        }
    }

    /** Per row: W_rj <- max(0, W_rj + ((V H^T)_rj - (W H H^T)_rj) / (H H^T)_jj), one component at a time. */
    private static void updateW(SpectraMatrix m, double[] w, double[][] h, int k, RowBlocks blocks) {
        int n = m.cols();
        double[][] hh = new double[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += h[a][i] * h[b][i];
                }
                hh[a][b] = s;
            }
        }
        RowSums.forEach(blocks, m.rows(), (from, to, acc) -> {
            double[] vh = new double[k];
            for (int r = from; r < to; r++) {
                for (int j = 0; j < k; j++) {
                    double s = 0;
                    for (int i = 0; i < n; i++) {
                        s += Math.max(0, m.get(r, i)) * h[j][i];
                    }
                    vh[j] = s;
                }
                for (int j = 0; j < k; j++) {
                    if (!(hh[j][j] > 0)) {
                        continue;
                    }
                    double v = vh[j];
                    for (int q = 0; q < k; q++) {
                        v -= w[r * k + q] * hh[q][j];
                    }
                    w[r * k + j] = Math.max(0, w[r * k + j] + v / hh[j][j]);
                }
            }
        });
    }

    private static double squaredResidual(SpectraMatrix m, double[] w, double[][] h, int k, RowBlocks blocks) {
        int n = m.cols();
        return RowSums.sum(blocks, m.rows(), 1, (from, to, acc) -> {
            for (int r = from; r < to; r++) {
                for (int i = 0; i < n; i++) {
                    double v = Math.max(0, m.get(r, i));
                    for (int j = 0; j < k; j++) {
                        v -= w[r * k + j] * h[j][i];
                    }
                    acc[0] += v * v;
                }
            }
        })[0];
    }

    private static Result finish(SpectraMatrix m, double[] w, double[][] h, int k, int iterations, double rms) {
        int rows = m.rows();
        double[] energies = m.energies();
        double[] max = new double[k];
        for (int j = 0; j < k; j++) {
            for (double v : h[j]) {
                max[j] = Math.max(max[j], v);
            }
            if (!(max[j] > 0)) {
                max[j] = 1;
            }
        }
        Integer[] order = new Integer[k];
        double[] key = new double[k];
        for (int j = 0; j < k; j++) {
            order[j] = j;
            key[j] = RowSums.halfCrossing(energies, h[j]);
        }
        Arrays.sort(order, (a, b) -> key[a] != key[b] ? Double.compare(key[a], key[b]) : a - b);
        double[][] comps = new double[k][];
        float[][][] maps = new float[k][][];
        for (int o = 0; o < k; o++) {
            int j = order[o];
            comps[o] = new double[h[j].length];
            for (int i = 0; i < h[j].length; i++) {
                comps[o][i] = h[j][i] / max[j];
            }
            double[] weight = new double[rows];
            for (int r = 0; r < rows; r++) {
                weight[r] = w[r * k + j] * max[j];
            }
            maps[o] = m.toMap(weight);
        }
        return new Result(energies, comps, maps, iterations, rms);
    }
}
