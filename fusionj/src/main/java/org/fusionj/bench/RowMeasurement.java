package org.fusionj.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** The timed runs of one table row: their times and the largest heap use among them. */
record RowMeasurement(double[] seconds, MemoryMeter.Usage usage) {

    /**
     * Times {@code run} up to {@code runs} times, each measured by {@code memory} and timed by
     * {@link System#nanoTime()} around the call only, stopping early as {@link Timings#overBudget} says.
     * {@code consume} keeps each result reachable until its heap has been measured (and the JIT from dropping the
     * run); the result is dropped before the next run's {@code System.gc()}.
     */
    static <T> RowMeasurement measure(MemoryMeter memory, BenchOptions options, int runs, double budgetSeconds,
                                      Supplier<T> run, Consumer<T> consume) {
        List<Double> seconds = new ArrayList<>();
        MemoryMeter.Usage usage = MemoryMeter.Usage.NONE;
        double total = 0;
        for (int r = 0; r < runs; r++) {
            MemoryMeter.Probe probe = memory.start();
            long t0 = System.nanoTime();
            T result = run.get();
            double s = (System.nanoTime() - t0) / 1e9;
            usage = usage.max(probe.stop());
            consume.accept(result);
            result = null;
            seconds.add(s);
            total += s;
            if (Timings.overBudget(options, total, s, budgetSeconds)) {
                break;
            }
        }
        return new RowMeasurement(seconds.stream().mapToDouble(Double::doubleValue).toArray(), usage);
    }
}
