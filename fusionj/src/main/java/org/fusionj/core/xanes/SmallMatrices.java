package org.fusionj.core.xanes;

/**
 * Dense linear algebra for the tiny systems of the XANES kernels (at most 4 x 4 normal equations and design
 * matrices of a few dozen rows). Matrices are {@code double[rows][cols]}.
 */
final class SmallMatrices {

    private SmallMatrices() {
    }

    /**
     * Inverse of a small square matrix by Gauss-Jordan elimination with partial pivoting, or null when a pivot
     * falls below {@code relTol} times the largest absolute entry of the matrix (singular for our purposes).
     */
    static double[][] invert(double[][] a, double relTol) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        double scale = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = a[i][j];
                scale = Math.max(scale, Math.abs(a[i][j]));
            }
            m[i][n + i] = 1;
        }
        if (!(scale > 0)) {
            return null;
        }
        for (int col = 0; col < n; col++) {
            int pivot = col;
            for (int r = col + 1; r < n; r++) {
                if (Math.abs(m[r][col]) > Math.abs(m[pivot][col])) {
                    pivot = r;
                }
            }
            if (!(Math.abs(m[pivot][col]) > relTol * scale)) {
                return null;
            }
            double[] tmp = m[col];
            m[col] = m[pivot];
            m[pivot] = tmp;
            double inv = 1.0 / m[col][col];
            for (int j = 0; j < 2 * n; j++) {
                m[col][j] *= inv;
            }
            for (int r = 0; r < n; r++) {
                if (r != col && m[r][col] != 0) {
                    double f = m[r][col];
                    for (int j = 0; j < 2 * n; j++) {
                        m[r][j] -= f * m[col][j];
                    }
                }
            }
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, out[i], 0, n);
        }
        return out;
    }

    /**
     * The least-squares operator {@code (X^T X)^-1 X^T} of a design matrix {@code X} (rows = samples, columns =
     * basis functions, which the caller scales to order 1): row {@code k} of the result, dotted with the data,
     * gives coefficient {@code k}. Null when X does not have full column rank.
     */
    static double[][] pseudoInverse(double[][] x) {
        int n = x.length;
        int p = x[0].length;
        double[][] xtx = new double[p][p];
        for (double[] row : x) {
            for (int a = 0; a < p; a++) {
                for (int b = 0; b < p; b++) {
                    xtx[a][b] += row[a] * row[b];
                }
            }
        }
        double[][] inv = invert(xtx, 1e-12);
        if (inv == null) {
            return null;
        }
        double[][] out = new double[p][n];
        for (int k = 0; k < p; k++) {
            for (int i = 0; i < n; i++) {
                double s = 0;
                for (int b = 0; b < p; b++) {
                    s += inv[k][b] * x[i][b];
                }
                out[k][i] = s;
            }
        }
        return out;
    }

    /**
     * Cholesky test of a symmetric positive semi-definite matrix: returns -1 when every pivot {@code L_ii^2} is at
     * least {@code relTol * a_ii} (well conditioned for our purposes), else the first index that fails.
     */
    static int firstDependentColumn(double[][] a, double relTol) {
        int n = a.length;
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > relTol * a[i][i]) || !(a[i][i] > 0)) {
                        return i;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return -1;
    }
}
