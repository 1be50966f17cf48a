package org.fusionj.core.dictionary;

import org.fusionj.core.Keyed;

/** The sparse coder used to code each patch. */
public enum CoderKind implements Keyed {
    /** LARS-Lasso: minimises {@code 1/2 ||y - D^T a||^2 + alpha ||a||_1}. */
    LASSO("lasso"),
    /** Orthogonal matching pursuit: a fixed number of atoms, or as many as an error target needs. */
    OMP("omp");

    private final String key;

    CoderKind(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }

    public static CoderKind parse(String text) {
        return Keyed.parse(values(), text, "coder");
    }
}
