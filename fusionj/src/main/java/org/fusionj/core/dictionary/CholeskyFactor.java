package org.fusionj.core.dictionary;

/**
 * The lower Cholesky factor L of the Gram matrix of a growing and shrinking set of atoms, updated in place:
 * appending an atom adds one row (a triangular solve), removing one re-triangularises the rows below it with
 * Givens rotations. Written by hand because EJML factorises whole matrices but has no row insert/delete.
 * One instance per thread; nothing is allocated after construction.
 */
final class CholeskyFactor {

    private final int capacity;
    /** Row-major capacity x capacity; only the lower triangle of the first size rows is meaningful. */
    private final double[] l;
    private int size;

    CholeskyFactor(int capacity) {
        this.capacity = capacity;
        this.l = new double[capacity * capacity];
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    void clear() {
        size = 0;
    }

    /**
     * Appends an atom whose Gram entries with the current atoms are {@code cross[0..size)} and whose squared norm
     * is {@code diagonal}. Returns false, and leaves the factor unchanged, when the new atom is (numerically) a
     * combination of the current ones: the new pivot would be at most {@code minPivot}.
     */
    boolean append(double[] cross, double diagonal, double minPivot) {
        int n = size;
        int row = n * capacity;
        double sumSq = 0;
        for (int i = 0; i < n; i++) {
            double v = cross[i];
            int ri = i * capacity;
            for (int j = 0; j < i; j++) {
                v -= l[ri + j] * l[row + j];
            }
            v /= l[ri + i];
            l[row + i] = v;
            sumSq += v * v;
        }
        double pivot = diagonal - sumSq;
        if (!(pivot > minPivot)) {
            return false;
        }
        l[row + n] = Math.sqrt(pivot);
        size = n + 1;
        return true;
    }

    /** Removes the atom at position {@code m}: the factor of the Gram matrix without that row and column. */
    void remove(int m) {
        int n = size;
        // Shift rows m+1.. up by one; each keeps one entry too many (a bulge right of its diagonal).
        for (int i = m; i < n - 1; i++) {
            System.arraycopy(l, (i + 1) * capacity, l, i * capacity, i + 2);
        }
        // Rotate column pairs (c, c+1) to clear the bulge of row c, from the top down.
        for (int c = m; c < n - 1; c++) {
            int rc = c * capacity;
            double a = l[rc + c];
            double b = l[rc + c + 1];
            double r = Math.hypot(a, b);
            double cos = a / r;
            double sin = b / r;
            for (int i = c; i < n - 1; i++) {
                int ri = i * capacity;
                double x = l[ri + c];
                double y = l[ri + c + 1];
                l[ri + c] = cos * x + sin * y;
                l[ri + c + 1] = -sin * x + cos * y;
            }
            l[rc + c + 1] = 0;
        }
        size = n - 1;
    }

    /** Solves (L L^T) x = b for the current size; b and x may be the same array. */
    void solve(double[] b, double[] x) {
        int n = size;
        for (int i = 0; i < n; i++) {
            int ri = i * capacity;
            double v = b[i];
            for (int j = 0; j < i; j++) {
                v -= l[ri + j] * x[j];
            }
            x[i] = v / l[ri + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double v = x[i];
            for (int j = i + 1; j < n; j++) {
                v -= l[j * capacity + i] * x[j];
            }
            x[i] = v / l[i * capacity + i];
        }
    }
}
