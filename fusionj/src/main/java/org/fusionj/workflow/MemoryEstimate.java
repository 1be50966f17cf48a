package org.fusionj.workflow;

import java.util.Locale;

import org.fusionj.io.Bytes;
import org.fusionj.io.MemoryBudget;

/**
 * A run's estimated peak memory on top of what is already in use (its inputs are loaded by then), checked against
 * the Java heap before any work: {@link #require()} refuses with the figure and how to give Java more memory,
 * instead of an {@link OutOfMemoryError} after minutes of work. The estimates count the arrays a run allocates
 * (working arrays, results, the images shown and the files' in-memory form), not garbage, so they are close to the
 * smallest heap that works; {@code docs/reliability.md} lists measured minimum heaps beside them.
 *
 * <p>The check can be switched off with {@code -Dfusionj.memory.check=false} for a run the estimate wrongly
 * refuses; an {@link OutOfMemoryError} then still ends as one clear message.
 */
public final class MemoryEstimate {

    /** Set to "false" to skip the check (the system property). */
    public static final String CHECK_PROPERTY = "fusionj.memory.check";

    private final String what;
    private final long bytes;

    /**
     * @param what  the run in words, e.g. "fusing 3 maps of 4096 x 4096 pixels"
     * @param bytes its estimated peak allocation
     */
    public MemoryEstimate(String what, long bytes) {
        this.what = what;
        this.bytes = Math.max(0, bytes);
    }

    public long bytes() {
        return bytes;
    }

    public String what() {
        return what;
    }

    /** 4 bytes per float, saturating instead of overflowing. */
    public static long floats(double count) {
        return saturate(4 * count);
    }

    /** 8 bytes per double, saturating instead of overflowing. */
    public static long doubles(double count) {
        return saturate(8 * count);
    }

    private static long saturate(double v) {
        return v >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(v);
    }

    /** Refuses (before any work) when the estimate does not fit the free heap, even after a garbage collection. */
    public void require() {
        if (!"false".equalsIgnoreCase(System.getProperty(CHECK_PROPERTY)) && bytes > free()) {
            System.gc(); // garbage counts as used until collected: collect once before refusing
            long free = free();
            if (bytes > free) {
                Runtime rt = Runtime.getRuntime();
                long used = rt.totalMemory() - rt.freeMemory();
                throw new NotEnoughMemoryException(String.format(Locale.ROOT, "%s needs about %s of memory, but "
                        + "only %s of the %s Java heap are free; %s", what, Bytes.text(bytes), Bytes.text(free),
                        Bytes.text(rt.maxMemory()), advice(used + bytes)));
            }
        }
    }

    /** The message for an {@link OutOfMemoryError} that still happened. */
    public static String outOfMemoryMessage() {
        long max = Runtime.getRuntime().maxMemory();
        return "out of memory (the Java heap is " + Bytes.text(max) + "); nothing was written; "
                + advice(max + max / 2);
    }

    /** How to give Java at least {@code needed} bytes, on the command line and in Fiji. */
    static String advice(long needed) {
        return MemoryBudget.advice(needed, "make the run smaller");
    }

    private static long free() {
        return MemoryBudget.availableBytes();
    }
}
