package org.fusionj.workflow;

import org.fusionj.core.InvalidInputException;

/**
 * A run refused before any work because its estimated memory does not fit the Java heap, or stopped by an
 * {@link OutOfMemoryError} (then nothing was written). The message gives the figure and how to give Java more
 * memory. The CLI exits with status 3.
 */
public final class NotEnoughMemoryException extends InvalidInputException {

    private static final long serialVersionUID = 1L;

    public NotEnoughMemoryException(String message) {
        super(message);
    }
}
