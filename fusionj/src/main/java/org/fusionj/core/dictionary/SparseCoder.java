package org.fusionj.core.dictionary;

/**
 * Codes one normalised patch y on the atoms of a dictionary, given only the correlations {@code c = D y} and
 * {@code ||y||^2}: both coders work on the Gram matrix {@code G = D D^T}, never on the patch itself. An
 * instance holds one thread's workspace; make one per thread with {@link CoderSettings#newCoder}.
 */
public interface SparseCoder {

    /**
     * @param correlations {@code D y}, one entry per atom; not modified
     * @param squaredNorm  {@code ||y||^2} (the error-target OMP needs it)
     * @param code         receives the atoms and coefficients
     */
    void code(double[] correlations, double squaredNorm, SparseCode code);

    /** Largest number of atoms a code can hold. */
    int maxAtoms();
}
