package org.fusionj.core.xanes.phase;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.fusionj.core.InvalidInputException;
import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.xanes.SpectraMatrix;

/**
 * Principal component analysis of the normalised spectra: the eigen-decomposition (EJML) of their covariance over
 * the mapped voxels. The scree values (eigenvalues, largest first, and the share of the variance each explains) tell
 * how many distinct components the data hold above the noise; the component images (each voxel's score on a
 * component) show where they are. Components are sign-fixed so that their largest entry is positive.
 */
public final class Pca {

    /**
     * @param energies   the energies of the spectra (eV)
     * @param mean       the mean spectrum
     * @param eigenvalues all eigenvalues of the covariance, largest first (the scree plot)
     * @param explained  the share of the total variance of each
     * @param components the first {@code components.length} eigenvectors, {@code [k][energy]}
     * @param scores     per component, the voxels' scores {@code [k][z][i]} (NaN where not mapped)
     */
    public record Result(double[] energies, double[] mean, double[] eigenvalues, double[] explained,
                         double[][] components, float[][][] scores) {
    }

    private Pca() {
    }

    /**
     * @param components how many component images to compute (1 to the number of energies)
     */
    public static Result of(SpectraMatrix m, int components, RowBlocks blocks, CancellationToken cancel) {
        int n = m.cols();
        int rows = m.rows();
        if (components < 1 || components > n) {
            throw new InvalidInputException("pca_components must be between 1 and the number of energies (" + n
                    + "), got " + components);
        }
        if (rows < 2) {
            throw new InvalidInputException("principal components need at least 2 mapped voxels, got " + rows);
        }
        double[] sums = RowSums.sum(blocks, rows, n, (from, to, acc) -> {
            for (int r = from; r < to; r++) {
                for (int c = 0; c < n; c++) {
                    acc[c] += m.get(r, c);
                }
            }
        });
        double[] mean = new double[n];
        for (int c = 0; c < n; c++) {
            mean[c] = sums[c] / rows;
        }
        cancel.throwIfCancelled();
        double[] cov = RowSums.sum(blocks, rows, n * n, (from, to, acc) -> {
            double[] d = new double[n];
            for (int r = from; r < to; r++) {
                for (int c = 0; c < n; c++) {
                    d[c] = m.get(r, c) - mean[c];
                }
                for (int a = 0; a < n; a++) {
                    for (int b = 0; b <= a; b++) {
                        acc[a * n + b] += d[a] * d[b];
                    }
                }
            }
        });
        DMatrixRMaj c = new DMatrixRMaj(n, n);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b <= a; b++) {
                double v = cov[a * n + b] / (rows - 1);
                c.set(a, b, v);
                c.set(b, a, v);
            }
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(c)) {
            throw new IllegalStateException("the eigen-decomposition of the covariance failed");
        }
        Integer[] order = new Integer[n];
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
            values[i] = eig.getEigenvalue(i).getReal();
        }
        java.util.Arrays.sort(order, (a, b) -> values[b] != values[a] ? Double.compare(values[b], values[a]) : a - b);
        double total = 0;
        for (double v : values) {
            total += Math.max(0, v);
        }
        double[] sorted = new double[n];
        double[] explained = new double[n];
        for (int i = 0; i < n; i++) {
            sorted[i] = Math.max(0, values[order[i]]);
            explained[i] = total > 0 ? sorted[i] / total : 0;
        }
        double[][] vectors = new double[components][n];
        for (int k = 0; k < components; k++) {
            DMatrixRMaj v = eig.getEigenVector(order[k]);
            int big = 0;
            for (int i = 0; i < n; i++) {
                vectors[k][i] = v.get(i, 0);
                if (Math.abs(vectors[k][i]) > Math.abs(vectors[k][big])) {
                    big = i;
                }
            }
            double norm = 0;
            for (double x : vectors[k]) {
                norm += x * x;
            }
            double s = (vectors[k][big] < 0 ? -1 : 1) / Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                vectors[k][i] *= s;
            }
        }
        cancel.throwIfCancelled();
        double[][] score = new double[components][rows];
        RowSums.forEach(blocks, rows, (from, to, acc) -> {
            for (int r = from; r < to; r++) {
                for (int k = 0; k < components; k++) {
                    double sum = 0;
                    for (int i = 0; i < n; i++) {
                        sum += (m.get(r, i) - mean[i]) * vectors[k][i];
                    }
                    score[k][r] = sum;
                }
            }
        });
        float[][][] maps = new float[components][][];
        for (int k = 0; k < components; k++) {
            maps[k] = m.toMap(score[k]);
        }
        return new Result(m.energies(), mean, sorted, explained, vectors, maps);
    }
}
