package org.fusionj.core.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.tomo.phantom.TomoPhantom;

/** Checks shared by the tests of the fused run's optional steps (phase prior, composition TV). */
final class FusedRunChecks {

    private FusedRunChecks() {
    }

    /** Solves with 1, 2 and 3 threads, asserts the same bits, returns the first result. */
    static TomoFusionResult sameBitsForAnyThreadCount(TomoPhantom phantom, TomoFusionParameters p) {
        TomoFusionResult reference = null;
        for (int threads : new int[] {1, 2, 3}) {
            TomoFusionResult r = new TomoFusionSolver(threads).solve(phantom.problem(), p);
            if (reference == null) {
                reference = r;
                continue;
            }
            for (int e = 0; e < r.elementCount(); e++) {
                assertArrayEquals(reference.volumes().get(e), r.volumes().get(e), threads + " threads, element " + e);
            }
        }
        return reference;
    }

    /** A run cancelled once 70% of the work is reported throws {@link CancelledException}. */
    static void stopsOnCancel(TomoPhantom phantom, TomoFusionParameters p) {
        CancellationToken token = new CancellationToken();
        assertThrows(CancelledException.class, () -> new TomoFusionSolver(2).solve(phantom.problem(), p,
                (f, m) -> {
                    if (f > 0.7) {
                        token.cancel();
                    }
                }, token));
    }
}
