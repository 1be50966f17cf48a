package org.fusionj.core.dictionary;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * {@code G = D D^T} of a dictionary whose k atoms are the rows of D: the only view of the atoms the coders need.
 * Computed once per dictionary (EJML's transposed product) and shared read-only by all threads. Kept as one array
 * per row: loops over a whole row with no offset into the array are the ones HotSpot turns into SIMD code.
 */
public final class GramMatrix {

    private final int atomCount;
    private final double[][] rows;

    private GramMatrix(int atomCount, double[] values) {
        this.atomCount = atomCount;
        this.rows = new double[atomCount][];
        for (int i = 0; i < atomCount; i++) {
            rows[i] = java.util.Arrays.copyOfRange(values, i * atomCount, (i + 1) * atomCount);
        }
    }

    /** @param atoms row-major k x length, one atom per row */
    public static GramMatrix of(double[] atoms, int atomCount, int length) {
        DMatrixRMaj d = DMatrixRMaj.wrap(atomCount, length, atoms);
        DMatrixRMaj g = new DMatrixRMaj(atomCount, atomCount);
        CommonOps_DDRM.multTransB(d, d, g);
        return new GramMatrix(atomCount, g.data);
    }

    public int atomCount() {
        return atomCount;
    }

    /** Row i of G (= column i); callers must not modify it. */
    double[] row(int i) {
        return rows[i];
    }

    public double get(int i, int j) {
        return rows[i][j];
    }
}
