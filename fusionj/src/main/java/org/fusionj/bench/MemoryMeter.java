package org.fusionj.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/**
 * Heap use of one measured run: the heap pools' summed peak (reset before the run), the heap in use sampled by a
 * {@link HeapSampler} during the run, and the bytes allocated by all threads.
 *
 * <p>The JVM updates some pools' peaks (G1 eden) only at collections, so without a collection during the run the
 * pool peaks alone miss the run's allocations; hence the sampler, and the peak is the larger of the two. Both are
 * upper bounds of the live peak (garbage not yet collected counts, pools peak at different moments). The allocated
 * bytes ({@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes()}) bound the run's allocations from
 * above whatever the collector does.
 */
final class MemoryMeter {

    static final double MIB = 1024.0 * 1024.0;

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isValid()).toList();

    /** The measured heap pools' names, comma separated. */
    String poolNames() {
        return String.join(", ", heapPools.stream().map(MemoryPoolMXBean::getName).toList());
    }

    /**
     * Starts measuring a run: a {@code System.gc()}, the heap in use just before the run, a reset of every heap
     * pool's peak, the sampler and the allocated bytes so far. Start the clock after this returns.
     */
    Probe start() {
        return new Probe();
    }

    /** A run being measured; {@link #stop()} it right after the clock stops. */
    final class Probe {
        private final long before;
        private final HeapSampler sampler;
        private final long allocatedBefore;

        private Probe() {
            System.gc();
            before = heapInUse();
            heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
            sampler = new HeapSampler(MemoryMeter.this::heapInUse);
            allocatedBefore = allocatedBytes();
        }

        /** Stops measuring and returns the run's heap use. */
        Usage stop() {
            long allocatedAfter = allocatedBytes();
            long peak = Math.max(heapPeak(), sampler.stop());
            long allocated = allocatedBefore >= 0 && allocatedAfter >= 0 ? allocatedAfter - allocatedBefore : -1;
            return new Usage(peak, peak - before, allocated);
        }
    }

    /**
     * Heap use in bytes: the peak, the peak minus the heap in use just before the run ("added"), and the bytes
     * allocated by all threads (-1 where the JVM cannot say).
     */
    record Usage(long peakBytes, long addedBytes, long allocatedBytes) {

        /** Nothing measured yet: the start of {@link #max(Usage)} over a row's runs. */
        static final Usage NONE = new Usage(0, 0, -1);

        /** The larger of each figure. */
        Usage max(Usage other) {
            return new Usage(Math.max(peakBytes, other.peakBytes), Math.max(addedBytes, other.addedBytes),
                    Math.max(allocatedBytes, other.allocatedBytes));
        }
    }

    /** Bytes allocated by all threads so far (terminated ones included), or -1 where the JVM cannot say. */
    static long allocatedBytes() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getTotalThreadAllocatedBytes();
        }
        return -1;
    }

    long heapInUse() {
        long sum = 0;
        for (MemoryPoolMXBean p : heapPools) {
            sum += p.getUsage().getUsed();
        }
        return sum;
    }

    long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean p : heapPools) {
            sum += p.getPeakUsage().getUsed();
        }
        return sum;
    }
}
