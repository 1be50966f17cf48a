package org.fusionj.core.fusion.series;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.fusion.CostLog;
import org.fusionj.core.fusion.FusionParameters;
import org.fusionj.core.fusion.FusionProblem;
import org.fusionj.core.fusion.FusionResult;
import org.fusionj.core.fusion.FusionSolver;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;

/**
 * Fuses every frame of a series with one parameter set, frame by frame.
 *
 * <p>Memory is bounded by {@code framesInParallel}: at most that many frames (their inputs, the solver's state and
 * their results) exist at any time, whatever the length of the series; each result goes to the {@link FrameSink}
 * in frame order and is then dropped. With one frame at a time every frame gets all threads (the solver
 * parallelises over rows); with several, the threads are shared out, which pays for small frames, whose row blocks
 * are too few to keep every thread busy.
 *
 * <p>Deterministic: a frame's result depends on its inputs and the parameters only, never on the thread count or
 * on how many frames run together ({@link FusionSolver} is bit-identical for any thread count).
 *
 * <p>Progress reports the fraction of all frames' iterations done and which frames are running; cancellation is
 * polled by every frame's solver and between frames. After a cancellation or an error no further frame reaches the
 * sink.
 */
public final class SeriesFusion {

    private final int threads;
    private final int framesInParallel;

    /**
     * @param threads          worker threads in all
     * @param framesInParallel frames solved at the same time (1 to {@code threads})
     */
    public SeriesFusion(int threads, int framesInParallel) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (framesInParallel < 1 || framesInParallel > threads) {
            throw new InvalidInputException("frames in parallel must be 1 to " + threads + " (the threads), got "
                    + framesInParallel);
        }
        this.threads = threads;
        this.framesInParallel = framesInParallel;
    }

    /**
     * A sensible number of frames in parallel for frames of {@code height} rows: one when a frame alone keeps
     * every thread busy (at least two row blocks per thread), else as many as the threads allow.
     */
    public static int suggestedFramesInParallel(int threads, int height, int frames) {
        int blocksPerFrame = Math.max(1, (height + 31) / 32);
        int parallel = blocksPerFrame >= 2 * threads ? 1 : Math.max(1, threads * 2 / blocksPerFrame);
        return Math.max(1, Math.min(Math.min(parallel, threads), frames));
    }

    /**
     * Fuses every frame of {@code source} with {@code params} and hands the results to {@code sink} in frame order.
     *
     * @throws CancelledException when {@code cancel} fires
     */
    public SeriesSummary run(FrameSource source, FusionParameters params, FrameSink sink, ProgressListener progress,
                             CancellationToken cancel) {
        int n = source.frameCount();
        if (n < 1) {
            throw new InvalidInputException("the series has no frames");
        }
        double[] haadf = new double[n];
        double[] chem = new double[n];
        double[] tv = new double[n];
        double[] millis = new double[n];
        FrameProgress frameProgress = new FrameProgress(n, progress);
        if (framesInParallel == 1 || n == 1) {
            FusionSolver solver = new FusionSolver(threads);
            for (int i = 0; i < n; i++) {
                cancel.throwIfCancelled();
                FusionResult r = solveFrame(solver, source, i, params, frameProgress, cancel, millis);
                record(r, i, haadf, chem, tv);
                sink.accept(i, r);
            }
            return new SeriesSummary(n, haadf, chem, tv, millis);
        }
        int perFrame = Math.max(1, threads / framesInParallel);
        ExecutorService pool = Executors.newFixedThreadPool(framesInParallel, r -> {
            Thread t = new Thread(r, "fusionj-series");
            t.setDaemon(true);
            return t;
        });
        List<Future<FusionResult>> window = new ArrayList<>();
        try {
            int next = 0;
            for (int i = 0; i < n; i++) {
                while (next < n && next < i + framesInParallel) {
                    int index = next++;
                    window.add(pool.submit(() -> solveFrame(new FusionSolver(perFrame), source, index, params,
                            frameProgress, cancel, millis)));
                }
                FusionResult r = await(window.remove(0));
                cancel.throwIfCancelled();
                record(r, i, haadf, chem, tv);
                sink.accept(i, r);
            }
        } finally {
            for (Future<FusionResult> f : window) {
                f.cancel(false);
            }
            pool.shutdown();
        }
        return new SeriesSummary(n, haadf, chem, tv, millis);
    }

    private static FusionResult solveFrame(FusionSolver solver, FrameSource source, int index,
                                           FusionParameters params, FrameProgress progress, CancellationToken cancel,
                                           double[] millis) {
        cancel.throwIfCancelled();
        FusionProblem problem = source.frame(index);
        long start = System.nanoTime();
        FusionResult r = solver.solve(problem, params, (fraction, message) -> progress.report(index, fraction),
                cancel);
        millis[index] = (System.nanoTime() - start) / 1e6;
        progress.report(index, 1);
        return r;
    }

    private static FusionResult await(Future<FusionResult> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException();
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

    private static void record(FusionResult r, int i, double[] haadf, double[] chem, double[] tv) {
        CostLog c = r.costs();
        int last = c.length() - 1;
        haadf[i] = c.haadf()[last];
        chem[i] = c.chem()[last];
        tv[i] = c.tv()[last];
    }

    /** Combines the frames' progress into one fraction of the whole series. */
    private static final class FrameProgress {
        private final double[] fractions;
        private final ProgressListener listener;
        private double total;

        FrameProgress(int frames, ProgressListener listener) {
            this.fractions = new double[frames];
            this.listener = listener;
        }

        synchronized void report(int frame, double fraction) {
            total += fraction - fractions[frame];
            fractions[frame] = fraction;
            int n = fractions.length;
            listener.progress(Math.min(1, total / n), String.format(Locale.ROOT, "frame %d of %d (%.0f %%)",
                    frame + 1, n, 100 * fraction));
        }
    }
}
