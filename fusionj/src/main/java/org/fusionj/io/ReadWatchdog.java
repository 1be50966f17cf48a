package org.fusionj.io;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a third-party parser (jhdf, ImageJ's openers) on a worker thread with a time limit, so that a damaged file
 * that makes the parser loop ends in a clear error instead of a hang. FusionJ's own readers (NPY, NPZ, TIFF) do
 * not need it: every loop in them is bounded by the file size.
 * <p>
 * The limit is {@value #DEFAULT_SECONDS} s plus one second per {@value #MB_PER_SECOND} MB the read is expected to
 * handle; {@code -D}{@value #PROPERTY}{@code =S} changes the base (e.g. for files on a very slow network disk).
 * A worker that does not stop when interrupted is abandoned (a daemon thread: it ends with the JVM; in Fiji a
 * parser stuck in a loop keeps one core busy until Fiji quits), so the caller always gets control back.
 */
public final class ReadWatchdog {

    /** System property: the base time limit in seconds. */
    public static final String PROPERTY = "fusionj.read.timeout.seconds";
    static final long DEFAULT_SECONDS = 60;
    static final long MB_PER_SECOND = 10;

    private ReadWatchdog() {
    }

    /** The work a watchdog runs: a read that may throw an IOException. */
    @FunctionalInterface
    public interface Read<T> {
        T call() throws IOException;
    }

    /** The limit for a read that handles {@code bytes} bytes (0 when unknown), in milliseconds. */
    public static long limitMillis(long bytes) {
        long base = DEFAULT_SECONDS;
        String set = System.getProperty(PROPERTY);
        if (set != null) {
            try {
                base = Math.max(1, Long.parseLong(set.trim()));
            } catch (NumberFormatException e) {
                base = DEFAULT_SECONDS;
            }
        }
        long perData = Math.max(0, bytes) / (MB_PER_SECOND << 20);
        return TimeUnit.SECONDS.toMillis(base + perData);
    }

    /**
     * Runs {@code read} and returns its result, or throws what it threw. An OutOfMemoryError becomes a
     * {@link NotEnoughMemoryException}; a read still running after {@code limitMillis} becomes a
     * {@link FileFormatException} saying the file looks damaged.
     */
    public static <T> T run(String sourceName, long limitMillis, Read<T> read) throws IOException {
        Callable<T> task = read::call;
        FutureTask<T> future = new FutureTask<>(task);
        Thread worker = new Thread(future, "FusionJ reader: " + sourceName);
        worker.setDaemon(true);
        worker.start();
        try {
            return future.get(limitMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            abandon(worker);
            throw new FileFormatException(sourceName, "the reader did not finish within "
                    + Math.round(limitMillis / 1000.0) + " s: the file looks damaged (for a large file on a slow "
                    + "disk, raise the limit with -D" + PROPERTY + "=SECONDS)");
        } catch (InterruptedException e) {
            abandon(worker);
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(sourceName + ": reading was interrupted");
        } catch (ExecutionException e) {
            throw rethrow(sourceName, e.getCause());
        }
    }

    private static IOException rethrow(String sourceName, Throwable cause) {
        if (cause instanceof IOException io) {
            return io;
        }
        if (cause instanceof UncheckedIOException io) {
            return io.getCause();
        }
        if (cause instanceof OutOfMemoryError) {
            return new NotEnoughMemoryException(sourceName, "ran out of memory while reading it (the file is "
                    + "damaged, or larger than the Java heap); " + MemoryBudget.hint(-1), -1);
        }
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IOException(sourceName + ": " + cause, cause);
    }

    /**
     * Interrupts the worker and leaves it: it is a daemon thread, so it cannot keep the JVM alive. It is never
     * stopped with Thread.stop: a ThreadDeath that lands while the thread is exiting kills the JVM ("Cleaner
     * terminated abnormally", seen in the fuzz run).
     */
    private static void abandon(Thread worker) {
        worker.interrupt();
    }
}
