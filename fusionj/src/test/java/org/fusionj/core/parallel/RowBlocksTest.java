package org.fusionj.core.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The one parallel-block helper: order, thread-count independence, cancellation, failures, the thread limit. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RowBlocksTest {

    /** A sum whose value depends on the order of additions, so any reordering shows in the bits. */
    private static double orderSensitiveSum(int threads, int height) {
        try (RowBlocks blocks = new RowBlocks(threads)) {
            return blocks.sum(height, (a, b) -> {
                double s = 0;
                for (int r = a; r < b; r++) {
                    s += 1.0 / (r + 1) + 1e16 * ((r % 3) - 1);
                }
                return s;
            });
        }
    }

    @Test
    void sumsAndMapsAreIdenticalForAnyThreadCount() {
        double one = orderSensitiveSum(1, 5000);
        for (int t : new int[] {2, 3, 8}) {
            assertEquals(Double.doubleToRawLongBits(one), Double.doubleToRawLongBits(orderSensitiveSum(t, 5000)),
                    "threads " + t);
        }
        VolumeChunks chunks = new VolumeChunks(70, 300, 5);
        List<Integer> sizes1;
        List<Integer> sizes8;
        try (RowBlocks b1 = new RowBlocks(1); RowBlocks b8 = new RowBlocks(8)) {
            sizes1 = b1.map(chunks, c -> c.index() * 100000 + c.size(), (f, m) -> { }, CancellationToken.NEVER, "x");
            sizes8 = b8.map(chunks, c -> c.index() * 100000 + c.size(), (f, m) -> { }, CancellationToken.NEVER, "x");
        }
        assertEquals(sizes1, sizes8);
    }

    @Test
    void volumeChunksCoverEveryVoxelOnce() {
        int w = 70;
        int h = 300;
        int d = 5;
        VolumeChunks chunks = new VolumeChunks(w, h, d);
        int[] seen = new int[w * h * d];
        for (int i = 0; i < chunks.count(); i++) {
            VolumeChunks.Chunk c = chunks.chunk(i);
            for (int k = c.start(); k < c.end(); k++) {
                seen[c.z() * w * h + k]++;
            }
        }
        for (int v : seen) {
            assertEquals(1, v);
        }
    }

    @Test
    void progressNeverDecreasesAndEndsAtOne() {
        List<Double> fractions = new ArrayList<>();
        try (RowBlocks blocks = new RowBlocks(4)) {
            blocks.map(50, i -> i, (f, m) -> {
                synchronized (fractions) {
                    fractions.add(f);
                }
            }, CancellationToken.NEVER, "work");
        }
        assertEquals(50, fractions.size());
        for (int i = 1; i < fractions.size(); i++) {
            assertTrue(fractions.get(i) >= fractions.get(i - 1));
        }
        assertEquals(1.0, fractions.get(49));
    }

    @Test
    void cancellationStopsHandingOutWork() {
        for (int threads : new int[] {1, 4}) {
            CancellationToken token = new CancellationToken();
            AtomicInteger ran = new AtomicInteger();
            try (RowBlocks blocks = new RowBlocks(threads)) {
                assertThrows(CancelledException.class, () -> blocks.map(1_000_000, i -> {
                    if (ran.incrementAndGet() == 20) {
                        token.cancel();
                    }
                    sleep(1); // without the stop, the million units would take minutes
                    return i;
                }, (f, m) -> { }, token, "work"));
                assertThrows(CancelledException.class, () -> blocks.forEach(100000, (a, b) -> { }, token));
            }
            assertTrue(ran.get() < 5000, "threads " + threads + ": " + ran.get() + " units ran after the cancel");
        }
    }

    @Test
    void aFailingUnitStopsTheRestAndIsRethrown() throws InterruptedException {
        AtomicInteger ran = new AtomicInteger();
        try (RowBlocks blocks = new RowBlocks(4)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> blocks.map(1_000_000, i -> {
                ran.incrementAndGet();
                if (i == 10) {
                    throw new IllegalStateException("unit 10 failed");
                }
                if (i > 10) {
                    sleep(1); // without the stop, the million units would take minutes
                }
                return i;
            }, (f, m) -> { }, CancellationToken.NEVER, "work"));
            assertEquals("unit 10 failed", e.getMessage());
        }
        int atFailure = ran.get();
        assertTrue(atFailure < 10_000, atFailure + " units ran after the failure");
        Thread.sleep(50);
        assertEquals(atFailure, ran.get(), "no unit may run after the failure was reported");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void threadRequestsAreLoweredToTheLimit() {
        int limit = RowBlocks.threadLimit();
        assertTrue(limit >= 8 && limit <= RowBlocks.MAX_THREADS, "limit " + limit);
        try (RowBlocks blocks = new RowBlocks(100_000)) {
            assertEquals(limit, blocks.threads());
            assertEquals(orderSensitiveSum(1, 700), blocks.sum(700, (a, b) -> {
                double s = 0;
                for (int r = a; r < b; r++) {
                    s += 1.0 / (r + 1) + 1e16 * ((r % 3) - 1);
                }
                return s;
            }));
        }
        assertThrows(IllegalArgumentException.class, () -> new RowBlocks(0));
    }
}
