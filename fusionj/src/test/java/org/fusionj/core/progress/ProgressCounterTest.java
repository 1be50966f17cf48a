package org.fusionj.core.progress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ProgressCounterTest {

    /**
     * Many threads finishing at once: the listener sees an increasing fraction ending at 1. Before the counter, a
     * task that counted first could report last (TomoFusionSolverTest saw SIRT's last report at 0.64).
     */
    @Test
    @Timeout(60)
    void reportsInOrderWhateverTheThreads() throws Exception {
        for (int round = 0; round < 50; round++) {
            List<Double> seen = new ArrayList<>();
            List<String> messages = new ArrayList<>();
            ProgressCounter counter = new ProgressCounter((f, m) -> {
                Thread.yield(); // a slow listener widens any race between counting and reporting
                seen.add(f);
                messages.add(m);
            }, 64, "rows");
            ExecutorService pool = Executors.newFixedThreadPool(8);
            CountDownLatch start = new CountDownLatch(1);
            for (int t = 0; t < 32; t++) {
                pool.execute(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    counter.add(2);
                });
            }
            start.countDown();
            pool.shutdown();
            assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
            assertEquals(32, seen.size());
            for (int i = 1; i < seen.size(); i++) {
                assertTrue(seen.get(i) > seen.get(i - 1), "out of order: " + seen);
            }
            assertEquals(1.0, seen.get(seen.size() - 1), 1e-12);
            assertEquals("rows 64 of 64", messages.get(messages.size() - 1));
        }
    }
}
