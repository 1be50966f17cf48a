package org.fusionj.core.parallel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntFunction;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;

/**
 * FusionJ's one parallel-block helper: runs work over fixed blocks (of image rows, of a volume's voxels, or any
 * numbered units) on a small thread pool, with cancellation and progress.
 *
 * <p>The blocks depend only on the data's size, never on the thread count, and per-block results are combined in
 * block order. That is what makes every kernel's result (costs included) bit-identical whatever the number of
 * threads. The calling thread takes blocks too. When one block fails or the token fires, no further block is
 * started, the helpers finish the blocks they hold, and the failure (or {@link CancelledException}) is thrown.
 *
 * <p>Thread count: a request above {@link #threadLimit()} is lowered to it (more threads than that only add
 * scheduling and memory, never speed, and 100 000 threads would exhaust the machine).
 */
public final class RowBlocks implements AutoCloseable {

    /** Rows per block: large enough to amortise scheduling, small enough to balance two to sixteen cores. */
    public static final int ROWS_PER_BLOCK = 32;

    /** The absolute ceiling on threads, whatever the machine. */
    public static final int MAX_THREADS = 256;

    private final int threads;
    /**
     * {@code threads - 1} helpers: the calling thread takes blocks too, which saves starting one thread per
     * instance (about 0.25 ms here) and one hand-over per pass (short passes, e.g. a 256 x 256 fusion, feel both).
     */
    private final ExecutorService pool;

    /**
     * @param threads number of threads, the calling one included; 1 runs everything on the calling thread; more
     *                than {@link #threadLimit()} is lowered to it
     */
    public RowBlocks(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = Math.min(threads, threadLimit());
        this.pool = this.threads == 1 ? null : Executors.newFixedThreadPool(this.threads - 1, daemonThreads());
    }

    /**
     * The most threads a run uses: four per available processor, at least 8 (so thread-count checks with 8 threads
     * run as asked on small machines), at most {@value #MAX_THREADS}.
     */
    public static int threadLimit() {
        return Math.min(MAX_THREADS, Math.max(8, 4 * Runtime.getRuntime().availableProcessors()));
    }

    /** Number of blocks an image of {@code height} rows is cut into. */
    public static int blockCount(int height) {
        return (height + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK;
    }

    /** Index of the block that starts at {@code rowStart}, as handed to a task. */
    public static int blockIndex(int rowStart) {
        return rowStart / ROWS_PER_BLOCK;
    }

    /** The threads actually used (the request, lowered to {@link #threadLimit()}). */
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
        forEach(height, task, CancellationToken.NEVER);
    }

    /** Runs {@code task} over all rows in [0, height); stops between blocks when {@code cancel} fires. */
    public void forEach(int height, RowTask task, CancellationToken cancel) {
        sum(height, (a, b) -> {
            task.run(a, b);
            return 0;
        }, cancel);
    }

    /** Runs {@code task} over all rows in [0, height) and returns the sum of the partial sums, in block order. */
    public double sum(int height, RowSum task) {
        return sum(height, task, CancellationToken.NEVER);
    }

    /** As {@link #sum(int, RowSum)}; stops between blocks when {@code cancel} fires. */
    public double sum(int height, RowSum task, CancellationToken cancel) {
        int blocks = blockCount(height);
        double[] partial = new double[blocks];
        run(blocks, b -> partial[b] = task.sum(b * ROWS_PER_BLOCK, Math.min(height, (b + 1) * ROWS_PER_BLOCK)),
                ProgressListener.NONE, cancel, null);
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    /**
     * Runs {@code function} on every unit 0 .. count-1 and returns the results in unit order.
     *
     * @param progress hears after every unit, with a fraction that never decreases
     * @param what     describes the work in progress messages ("XANES maps"), e.g. "XANES maps: chunk 3 of 40"
     * @throws CancelledException when {@code cancel} fires (no partial result is returned)
     */
    public <T> List<T> map(int count, IntFunction<T> function, ProgressListener progress, CancellationToken cancel,
                           String what) {
        Object[] results = new Object[count];
        run(count, i -> results[i] = function.apply(i), progress, cancel, what);
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Arrays.asList(results);
        return list;
    }

    /** Runs {@code function} on every chunk of {@code chunks} and returns the results in chunk order. */
    public <T> List<T> map(VolumeChunks chunks, Function<VolumeChunks.Chunk, T> function, ProgressListener progress,
                           CancellationToken cancel, String what) {
        return map(chunks.count(), i -> function.apply(chunks.chunk(i)), progress, cancel, what);
    }

    /** Runs {@code task} on every chunk of {@code chunks}. */
    public void forEach(VolumeChunks chunks, Consumer<VolumeChunks.Chunk> task, ProgressListener progress,
                        CancellationToken cancel, String what) {
        map(chunks.count(), i -> {
            task.accept(chunks.chunk(i));
            return null;
        }, progress, cancel, what);
    }

    /** One unit of work, by index. */
    @FunctionalInterface
    private interface Unit {
        void run(int index);
    }

    private void run(int count, Unit unit, ProgressListener progress, CancellationToken cancel, String what) {
        Reporter reporter = what == null ? null : new Reporter(progress, count, what);
        if (pool == null || count <= 1) {
            for (int i = 0; i < count; i++) {
                cancel.throwIfCancelled();
                unit.run(i);
                if (reporter != null) {
                    reporter.done();
                }
            }
            cancel.throwIfCancelled();
            return;
        }
        AtomicInteger next = new AtomicInteger();
        Runnable takeUnits = () -> {
            for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                if (cancel.isCancelled()) {
                    next.set(count);
                    return;
                }
                try {
                    unit.run(i);
                } catch (RuntimeException | Error e) {
                    next.set(count); // stop handing out units
                    throw e;
                }
                if (reporter != null) {
                    reporter.done();
                }
            }
        };
        int helpers = Math.min(threads - 1, count - 1);
        List<Future<?>> futures = new ArrayList<>(helpers);
        for (int t = 0; t < helpers; t++) {
            futures.add(pool.submit(takeUnits));
        }
        Throwable failure = null;
        try {
            takeUnits.run();
        } catch (RuntimeException | Error e) {
            failure = e;
        }
        // Let the helpers finish their units before anything is reported, so no worker still writes afterwards.
        failure = waitFor(futures, failure);
        if (failure instanceof RuntimeException re) {
            throw re;
        }
        if (failure instanceof Error err) {
            throw err;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
        cancel.throwIfCancelled();
    }

    private static Throwable waitFor(List<Future<?>> futures, Throwable first) {
        Throwable failure = first;
        boolean interrupted = false;
        for (Future<?> f : futures) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // finish waiting: the helpers still write into the caller's arrays
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
            if (failure == null) {
                failure = new IllegalStateException("interrupted while waiting for worker threads");
            }
        }
        return failure;
    }

    /** Counts finished units and reports a non-decreasing fraction. */
    private static final class Reporter {
        private final ProgressListener listener;
        private final int total;
        private final String what;
        private int done;

        Reporter(ProgressListener listener, int total, String what) {
            this.listener = listener;
            this.total = total;
            this.what = what;
        }

        synchronized void done() {
            done++;
            listener.progress((double) done / total, what + ": chunk " + done + " of " + total);
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
