package org.fusionj.core.dictionary;

/** The sparse coder used to code each patch. */
public enum CoderKind {
    /** LARS-Lasso: minimises {@code 1/2 ||y - D^T a||^2 + alpha ||a||_1}. */
    LASSO("lasso"),
    /** Orthogonal matching pursuit: a fixed number of atoms, or as many as an error target needs. */
    OMP("omp");

    private final String key;

    CoderKind(String key) {
        this.key = key;
    }

    /** The word used in macros, the CLI and files. */
    public String key() {
        return key;
    }

    public static CoderKind parse(String text) {
        for (CoderKind c : values()) {
            if (c.key.equalsIgnoreCase(text.trim()) || c.name().equalsIgnoreCase(text.trim())) {
                return c;
            }
        }
        throw new org.fusionj.core.InvalidInputException("coder must be lasso or omp, got '" + text + "'");
    }
}
