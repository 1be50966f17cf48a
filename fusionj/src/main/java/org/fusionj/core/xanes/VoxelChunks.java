package org.fusionj.core.xanes;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;

/**
 * Runs work over fixed chunks of a volume's voxels on a small thread pool (the voxel analogue of
 * {@link org.fusionj.core.parallel.RowBlocks}).
 *
 * <p>A chunk is a run of whole rows of one slice, about {@value #TARGET_VOXELS} voxels, numbered slice by slice.
 * The chunks depend only on the volume's size, never on the thread count, and per-chunk results come back in
 * chunk order; a caller that reduces them in that order gets bit-identical results with any number of threads.
 * The cancellation token is checked before every chunk; the listener hears after every chunk, with a fraction that
 * never decreases.
 */
public final class VoxelChunks implements AutoCloseable {

    /** Voxels per chunk, about: large enough to amortise scheduling, small enough to balance many cores. */
    public static final int TARGET_VOXELS = 8192;

    private final int width;
    private final int height;
    private final int depth;
    private final int rowsPerChunk;
    private final int chunksPerSlice;
    private final int threads;
    private final ExecutorService pool;

    /** One chunk: rows [rowStart, rowEnd) of slice z, i.e. plane offsets [start, end). */
    public record Chunk(int index, int z, int start, int end) {
        public int size() {
            return end - start;
        }
    }

    /** Work on one chunk. */
    @FunctionalInterface
    public interface ChunkTask {
        void run(Chunk chunk);
    }

    /** Work on one chunk that returns a partial result. */
    @FunctionalInterface
    public interface ChunkFunction<T> {
        T apply(Chunk chunk);
    }

    /**
     * @param threads worker threads; 1 runs everything on the calling thread
     */
    public VoxelChunks(int width, int height, int depth, int threads) {
        if (threads < 1) {
            throw new InvalidInputException("threads must be at least 1, got " + threads);
        }
        if (width < 1 || height < 1 || depth < 1) {
            throw new InvalidInputException("volume must be at least 1 x 1 x 1, got " + width + " x " + height + " x "
                    + depth);
        }
        this.width = width;
        this.height = height;
        this.depth = depth;
        this.rowsPerChunk = Math.min(height, Math.max(1, TARGET_VOXELS / width));
        this.chunksPerSlice = (height + rowsPerChunk - 1) / rowsPerChunk;
        this.threads = threads;
        this.pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "fusionj-xanes-worker");
            t.setDaemon(true);
            return t;
        });
    }

    /** Number of chunks. */
    public int chunkCount() {
        return chunksPerSlice * depth;
    }

    /** The chunk with index {@code index}. */
    public Chunk chunk(int index) {
        int z = index / chunksPerSlice;
        int c = index - z * chunksPerSlice;
        int r0 = c * rowsPerChunk;
        int r1 = Math.min(height, r0 + rowsPerChunk);
        return new Chunk(index, z, r0 * width, r1 * width);
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task} on every chunk. */
    public void forEach(ChunkTask task, ProgressListener progress, CancellationToken cancel, String what) {
        map(c -> {
            task.run(c);
            return null;
        }, progress, cancel, what);
    }

    /**
     * Runs {@code function} on every chunk and returns the results in chunk order.
     *
     * @param what describes the work in progress messages ("XANES maps")
     * @throws CancelledException when {@code cancel} fires (no partial result is returned)
     */
    public <T> List<T> map(ChunkFunction<T> function, ProgressListener progress, CancellationToken cancel,
                           String what) {
        int total = chunkCount();
        Object[] results = new Object[total];
        Reporter reporter = new Reporter(progress, total, what);
        if (pool == null || total == 1) {
            for (int i = 0; i < total; i++) {
                cancel.throwIfCancelled();
                results[i] = function.apply(chunk(i));
                reporter.done();
            }
            cancel.throwIfCancelled();
        } else {
            AtomicInteger next = new AtomicInteger();
            AtomicBoolean stop = new AtomicBoolean();
            List<Future<?>> futures = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < total && !stop.get(); i = next.getAndIncrement()) {
                        if (cancel.isCancelled()) {
                            stop.set(true);
                            return;
                        }
                        try {
                            results[i] = function.apply(chunk(i));
                        } catch (RuntimeException | Error e) {
                            stop.set(true);
                            throw e;
                        }
                        reporter.done();
                    }
                }));
            }
            Throwable failure = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stop.set(true);
                    failure = failure == null ? new IllegalStateException("interrupted while waiting for worker "
                            + "threads", e) : failure;
                } catch (ExecutionException e) {
                    failure = failure == null ? e.getCause() : failure;
                }
            }
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
        @SuppressWarnings("unchecked")
        List<T> list = (List<T>) Arrays.asList(results);
        return list;
    }

    /** Counts finished chunks and reports a non-decreasing fraction. */
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
}
