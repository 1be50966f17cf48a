package org.fusionj.core.fusion;

import java.util.List;

/**
 * Sees the maps after every outer iteration of a solve (after its TV step): automatic parameters score them
 * against held-out data to choose how many iterations each element gets. Called on the solving thread between
 * iterations; the arrays are the solver's own and only valid during the call (copy what must be kept).
 */
@FunctionalInterface
public interface IterationObserver {

    /**
     * @param iteration the iteration just completed, from 1
     * @param maps      the maps after it, in map order, on the normalised [0, 1] scale
     */
    void iterationDone(int iteration, List<float[]> maps);
}
