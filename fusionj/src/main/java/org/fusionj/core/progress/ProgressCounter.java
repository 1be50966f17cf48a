package org.fusionj.core.progress;

/**
 * Counts the units of work that parallel tasks finish and reports the count in order. Tasks finish in any order, and
 * a task that counted its units first could report after one that counted later (the last report was then below 1);
 * counting and reporting under one lock gives the listener a non-decreasing fraction whose last value is 1.
 */
public final class ProgressCounter {

    private final ProgressListener listener;
    private final long total;
    private final String unit;
    private long done;

    /**
     * @param total units of the whole job (below 1 counts as 1)
     * @param unit  what a unit is, for the message "{@code unit} k of total", e.g. "rows"
     */
    public ProgressCounter(ProgressListener listener, long total, String unit) {
        this.listener = listener;
        this.total = Math.max(1, total);
        this.unit = unit;
    }

    /** Adds {@code units} finished units and reports the new total. */
    public synchronized void add(long units) {
        done += units;
        listener.progress((double) done / total, unit + " " + done + " of " + total);
    }
}
