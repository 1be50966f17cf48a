package org.fusionj.core.dictionary;

/**
 * A sparse code being filled by a coder: the atoms used and their coefficients, in the order the coder chose
 * them. A reusable buffer (one per thread), not a value: coders overwrite it on every call.
 */
public final class SparseCode {

    private final int[] atoms;
    private final double[] values;
    private int count;

    public SparseCode(int capacity) {
        atoms = new int[capacity];
        values = new double[capacity];
    }

    public int count() {
        return count;
    }

    public int atom(int i) {
        return atoms[i];
    }

    public double value(int i) {
        return values[i];
    }

    void clear() {
        count = 0;
    }

    void add(int atom, double value) {
        atoms[count] = atom;
        values[count] = value;
        count++;
    }

    /** Writes the code as a dense vector of {@code atomCount} coefficients. */
    public void toDense(double[] dense) {
        java.util.Arrays.fill(dense, 0);
        for (int i = 0; i < count; i++) {
            dense[atoms[i]] = values[i];
        }
    }
}
