package org.fusionj.core.progress;

/**
 * Receives progress reports from a long-running kernel. Implementations must be cheap and thread-safe:
 * kernels call them from their worker threads.
 */
@FunctionalInterface
public interface ProgressListener {

    /** A listener that ignores every report. */
    ProgressListener NONE = (fraction, message) -> { };

    /**
     * @param fraction completed fraction of the whole job, from 0 to 1
     * @param message  short human-readable status, e.g. "iteration 3 of 30"
     */
    void progress(double fraction, String message);
}
