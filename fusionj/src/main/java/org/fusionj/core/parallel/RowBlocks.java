package org.fusionj.core.parallel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs work over fixed blocks of image rows on a small thread pool.
 *
 * <p>The blocks depend only on the image height, never on the thread count, and per-block partial sums are
 * combined in block order. That is what makes every kernel's result (costs included) bit-identical whatever the
 * number of threads.
 */
public final class RowBlocks implements AutoCloseable {

    /** Rows per block: large enough to amortise scheduling, small enough to balance two to sixteen cores. */
    public static final int ROWS_PER_BLOCK = 32;

    private final int threads;
    /**
     * {@code threads - 1} helpers: the calling thread takes blocks too, which saves starting one thread per
     * instance (about 0.25 ms here) and one hand-over per pass (short passes, e.g. a 256 x 256 fusion, feel both).
     */
    private final ExecutorService pool;

    /** @param threads number of threads, the calling one included; 1 runs everything on the calling thread */
    public RowBlocks(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, daemonThreads());
    }

    /** Number of blocks an image of {@code height} rows is cut into. */
    public static int blockCount(int height) {
        return (height + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK;
    }

    /** Number of blocks {@code count} items are cut into, {@code perBlock} items a block. */
    public static int blockCount(int count, int perBlock) {
        return (count + perBlock - 1) / perBlock;
    }

    /** Index of the block that starts at {@code rowStart}, as handed to a task. */
    public static int blockIndex(int rowStart) {
        return rowStart / ROWS_PER_BLOCK;
    }

    public int threads() {
        return threads;
    }

    /** Work on the half-open row range [rowStart, rowEnd). */
    @FunctionalInterface
    public interface RowTask {
        void run(int rowStart, int rowEnd);
    }

    /** Work on a row range that returns a partial sum. */
    @FunctionalInterface
    public interface RowSum {
        double sum(int rowStart, int rowEnd);
    }

    /** Runs {@code task} over all rows in [0, height). */
    public void forEach(int height, RowTask task) {
        sum(height, (a, b) -> {
            task.run(a, b);
            return 0;
        });
    }

    /** Runs {@code task} over all rows in [0, height) and returns the sum of the partial sums, in block order. */
    public double sum(int height, RowSum task) {
        return sum(height, ROWS_PER_BLOCK, task);
    }

    /**
     * Runs {@code task} over items [0, count) in fixed blocks of {@code perBlock} items (the last may be shorter),
     * for work whose items are much heavier than an image row (e.g. the slices of a volume). The blocks depend on
     * {@code count} and {@code perBlock} only, never on the thread count.
     */
    public void forEach(int count, int perBlock, RowTask task) {
        sum(count, perBlock, (a, b) -> {
            task.run(a, b);
            return 0;
        });
    }

    /** {@link #forEach(int, int, RowTask)} with partial sums, added in block order. */
    public double sum(int count, int perBlock, RowSum task) {
        if (perBlock < 1) {
            throw new IllegalArgumentException("perBlock must be at least 1, got " + perBlock);
        }
        int blocks = blockCount(count, perBlock);
        double[] partial = new double[blocks];
        if (pool == null || blocks == 1) {
            for (int b = 0; b < blocks; b++) {
                partial[b] = task.sum(b * perBlock, Math.min(count, (b + 1) * perBlock));
            }
        } else {
            runOnPool(count, perBlock, blocks, task, partial);
        }
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    private void runOnPool(int height, int perBlock, int blocks, RowSum task, double[] partial) {
        AtomicInteger next = new AtomicInteger();
        Runnable takeBlocks = () -> {
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                partial[b] = task.sum(b * perBlock, Math.min(height, (b + 1) * perBlock));
            }
        };
        List<Future<?>> futures = new ArrayList<>(threads - 1);
        for (int t = 1; t < threads; t++) {
            futures.add(pool.submit(takeBlocks));
        }
        Throwable own = null;
        try {
            takeBlocks.run();
        } catch (RuntimeException | Error e) {
            // Stop handing out blocks, and let the helpers finish theirs before the failure is reported.
            next.set(blocks);
            own = e;
        }
        waitFor(futures);
        if (own instanceof RuntimeException re) {
            throw re;
        }
        if (own instanceof Error err) {
            throw err;
        }
    }

    private static void waitFor(List<Future<?>> futures) {
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for worker threads", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "fusionj-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
