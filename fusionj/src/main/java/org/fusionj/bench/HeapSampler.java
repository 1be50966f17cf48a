package org.fusionj.bench;

import java.util.function.LongSupplier;

/** Samples a heap figure on a daemon thread until stopped and keeps the maximum. */
final class HeapSampler {
    static final int PERIOD_MS = 2;
    private final LongSupplier heap;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long max;

    HeapSampler(LongSupplier heap) {
        this.heap = heap;
        this.max = heap.getAsLong();
        this.thread = new Thread(this::loop, "fusionj-bench-heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running) {
            max = Math.max(max, heap.getAsLong());
            try {
                Thread.sleep(PERIOD_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Stops sampling (one last sample included) and returns the maximum seen. */
    long stop() {
        running = false;
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Math.max(max, heap.getAsLong());
    }
}
