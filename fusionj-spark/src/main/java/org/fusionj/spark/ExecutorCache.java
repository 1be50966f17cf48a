package org.fusionj.spark;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.fusionj.core.registration.Box3D;
import org.fusionj.core.registration.LargeVolume;
import org.fusionj.core.registration.Volume;

/**
 * What the tasks of one run share inside one executor JVM: values that are the same for every task (the fixed
 * volume, its prepared coarse copy and refinement crops), made by the first task that needs them. Keyed by the
 * run's id: the first task of a new run drops the previous run's values, so a JVM that runs many jobs (local
 * mode, tests) holds one run's values at most. Nothing here changes a result: the values are deterministic.
 */
final class ExecutorCache {

    private static String runId;
    private static ConcurrentMap<String, Object> values = new ConcurrentHashMap<>();

    private ExecutorCache() {
    }

    /** The shared values of run {@code id}. */
    static synchronized ConcurrentMap<String, Object> of(String id) {
        if (!id.equals(runId)) {
            values = new ConcurrentHashMap<>();
            runId = id;
        }
        return values;
    }

    /** Drops run {@code id}'s values (the driver, at the end of a run). */
    static synchronized void release(String id) {
        if (id.equals(runId)) {
            values = new ConcurrentHashMap<>();
            runId = null;
        }
    }

    /**
     * Largest volume, in bytes, a task reads whole into memory instead of box by box: an eighth of the heap (a
     * task holds the moving volume, the fixed one is shared, and the executor runs a few tasks at once).
     */
    static long wholeVolumeBudget() {
        return Runtime.getRuntime().maxMemory() / 8;
    }

    /**
     * The volume read whole in one pass when it fits the budget (then every box the registration asks for is
     * cut from memory: one read of each energy instead of a downsampling pass plus crops), else as it is.
     */
    static LargeVolume wholeIfItFits(LargeVolume v) {
        long bytes = 4L * v.nx() * v.ny() * v.nz();
        if (bytes > wholeVolumeBudget() || bytes / 4 > Integer.MAX_VALUE - 8) {
            return v;
        }
        Volume whole = v.read(Box3D.whole(v.nx(), v.ny(), v.nz()));
        return LargeVolume.of(whole);
    }
}
