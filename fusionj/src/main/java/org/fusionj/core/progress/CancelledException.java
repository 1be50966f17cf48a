package org.fusionj.core.progress;

/** Thrown by a kernel that stopped because its {@link CancellationToken} fired. */
public final class CancelledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CancelledException() {
        super("cancelled by the user");
    }
}
