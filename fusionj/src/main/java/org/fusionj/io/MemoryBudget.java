package org.fusionj.io;

/**
 * Checks, before a reader allocates, that the Java heap can hold what a file's header claims. The free heap is
 * what {@link Runtime#maxMemory()} allows beyond what is in use now; before refusing, the check asks for one
 * garbage collection and looks again, so garbage does not cause a refusal.
 */
public final class MemoryBudget {

    /** Head room kept for the reader's own buffers and the caller's next steps. */
    static final long RESERVE_BYTES = 16L << 20;

    private MemoryBudget() {
    }

    /** The bytes the heap can still give: the maximum heap less the live objects (garbage counted as free). */
    public static long availableBytes() {
        Runtime rt = Runtime.getRuntime();
        long used = rt.totalMemory() - rt.freeMemory();
        return Math.max(0, rt.maxMemory() - used);
    }

    /**
     * @param bytes what the read needs at its peak
     * @param what what is being read, e.g. "a 4 x 500 x 1000 x 1000 float32 array"
     * @throws NotEnoughMemoryException naming the file, the figure needed and how to give Java more memory
     */
    public static void require(long bytes, String sourceName, String what) throws NotEnoughMemoryException {
        if (bytes >= 0 && bytes <= availableBytes() - RESERVE_BYTES) {
            return;
        }
        System.gc(); // only on the refusing path: garbage counts as used until collected
        long available = availableBytes();
        if (bytes >= 0 && bytes <= available - RESERVE_BYTES) {
            return;
        }
        throw new NotEnoughMemoryException(sourceName, "reading " + what + " needs " + Bytes.text(bytes)
                + " of memory but only " + Bytes.text(available) + " is free; " + hint(bytes), bytes);
    }

    /** How to start Java with room for {@code bytes} more than today (unknown, -1: half as much again). */
    static String hint(long bytes) {
        long max = Runtime.getRuntime().maxMemory();
        long room = max + (512L << 20);
        return advice(bytes < 0 ? max + max / 2 : bytes > Long.MAX_VALUE - room ? Long.MAX_VALUE : room + bytes,
                "use a smaller file");
    }

    /**
     * How to give Java a heap of at least {@code heapBytes} (15 % head room added), on the command line and in
     * Fiji, or else {@code otherwise}: the one wording of every memory refusal (readers and runs).
     */
    public static String advice(long heapBytes, String otherwise) {
        long gib = Math.max(1, (long) Math.ceil(heapBytes * 1.15 / (1L << 30)));
        return "give Java more memory (command line: FUSIONJ_JAVA_OPTS=-Xmx" + gib + "g bin/fusionj ...; Fiji: "
                + "Edit > Options > Memory & Threads, at least " + gib + " GB), or " + otherwise;
    }
}
