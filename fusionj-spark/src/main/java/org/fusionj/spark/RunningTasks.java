package org.fusionj.spark;

import org.apache.spark.SparkExecutorInfo;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * Waits until no task runs on any executor. After a stage fails, Spark kills the job's other tasks asynchronously:
 * the job has ended for the driver while a killed task may still be writing its chunk. The driver waits for them
 * before it deletes the run's staging folder, so that nothing is written back into it afterwards.
 */
final class RunningTasks {

    /** How long to wait at most: a task that ignores its kill for longer is left (the next claim cleans up). */
    static final long TIMEOUT_MILLIS = 60_000;

    private RunningTasks() {
    }

    static void awaitNone(JavaSparkContext sc) {
        long end = System.nanoTime() + TIMEOUT_MILLIS * 1_000_000L;
        try {
            while (running(sc) > 0 && System.nanoTime() < end) {
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // a stopped context has no tasks left
        }
    }

    private static int running(JavaSparkContext sc) {
        int n = sc.statusTracker().getActiveStageIds().length;
        for (SparkExecutorInfo e : sc.sc().statusTracker().getExecutorInfos()) {
            n += e.numRunningTasks();
        }
        return n;
    }
}
