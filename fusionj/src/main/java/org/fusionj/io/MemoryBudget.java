package org.fusionj.io;

import java.util.Locale;

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
        throw new NotEnoughMemoryException(sourceName, "reading " + what + " needs " + format(bytes)
                + " of memory but only " + format(available) + " is free; " + hint(bytes), bytes);
    }

    /** How to start Java with room for {@code bytes} more than today: the CLI variable and the Fiji menu. */
    static String hint(long bytes) {
        long max = Runtime.getRuntime().maxMemory();
        long wantGiB = bytes < 0 ? 0 : Math.max(1, (long) Math.ceil((max + bytes + (512L << 20)) / (double) (1L << 30)));
        String xmx = bytes < 0 ? "a larger -Xmx" : "-Xmx" + wantGiB + "g";
        return "give Java more memory (command line: FUSIONJ_JAVA_OPTS=" + xmx
                + " bin/fusionj ...; Fiji: Edit > Options > Memory & Threads) or use a smaller file";
    }

    /** Bytes in a human unit: "512 KB", "3.2 GB". */
    public static String format(long bytes) {
        if (bytes < 0) {
            return "more than 8 EB";
        }
        String[] units = {"bytes", "KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? bytes + " bytes" : String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
