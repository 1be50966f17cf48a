package org.fusionj.io;

import java.io.IOException;

/**
 * Signals that a file exists and could be read, but its content is not what the reader
 * expected: a wrong magic number, a truncated header or payload, an unsupported data type,
 * a missing dataset, and so on.
 * <p>
 * The message always starts with the name of the offending source, followed by what exactly
 * is wrong, on one line (control characters from a damaged file are shown as '?'), e.g. {@code "Sc.npy: data truncated: expected 262144 bytes after the header, found 1000"}.
 */
public class FileFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String sourceName;

    /**
     * @param sourceName the file (or archive entry) that is malformed
     * @param problem what is wrong with it, phrased for a human reader
     */
    public FileFormatException(String sourceName, String problem) {
        super(sourceName + ": " + oneLine(problem));
        this.sourceName = sourceName;
    }

    /**
     * @param sourceName the file (or archive entry) that is malformed
     * @param problem what is wrong with it, phrased for a human reader
     * @param cause the lower-level exception that revealed the problem
     */
    public FileFormatException(String sourceName, String problem, Throwable cause) {
        super(sourceName + ": " + oneLine(problem), cause);
        this.sourceName = sourceName;
    }

    /** The problem as one line: control characters (new lines, bytes of a damaged header) become '?'. */
    private static String oneLine(String problem) {
        return problem == null ? "" : problem.replaceAll("\\p{Cntrl}", "?");
    }

    /** @return the name of the file (or archive entry) the problem was found in */
    public String sourceName() {
        return sourceName;
    }
}
