package org.fusionj.io;

/**
 * Reading a file would need more memory than the Java heap has free. Raised before anything large is allocated,
 * with the figure needed and how to give Java more memory. It is a {@link FileFormatException} so that every
 * front-end that reports unreadable files (the CLI with exit status 2, the dialogs, the SciJava commands) reports
 * this one the same way, as one line naming the file.
 */
public class NotEnoughMemoryException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    private final long bytesNeeded;

    public NotEnoughMemoryException(String sourceName, String problem, long bytesNeeded) {
        super(sourceName, problem);
        this.bytesNeeded = bytesNeeded;
    }

    /** @return the number of bytes the read would have needed */
    public long bytesNeeded() {
        return bytesNeeded;
    }
}
