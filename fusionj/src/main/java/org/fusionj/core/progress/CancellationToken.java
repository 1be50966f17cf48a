package org.fusionj.core.progress;

/**
 * A flag the caller sets to ask a kernel to stop. Kernels poll it between units of work and throw
 * {@link CancelledException}, so that no partial result ever escapes.
 */
public final class CancellationToken {

    /** A token that is never cancelled, for callers that offer no way to stop. */
    public static final CancellationToken NEVER = new CancellationToken(false);

    private final boolean cancellable;
    private volatile boolean cancelled;

    public CancellationToken() {
        this(true);
    }

    private CancellationToken(boolean cancellable) {
        this.cancellable = cancellable;
    }

    public void cancel() {
        if (!cancellable) {
            throw new UnsupportedOperationException("the NEVER token cannot be cancelled");
        }
        cancelled = true;
    }

    public boolean isCancelled() {
        return cancelled;
    }

    /** Throws {@link CancelledException} when cancellation was requested. */
    public void throwIfCancelled() {
        if (cancelled) {
            throw new CancelledException();
        }
    }
}
