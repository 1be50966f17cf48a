package org.fusionj.workflow;

import java.util.Locale;

import org.fusionj.core.InvalidInputException;

/**
 * Checks on a run's results before they are shown or saved: a result with NaN or infinite values where the input
 * was finite means the parameters drove the computation out of range, and is refused (nothing is saved) rather
 * than reported as a success.
 */
public final class ResultChecks {

    private ResultChecks() {
    }

    /**
     * Refuses {@code values} when any of them is NaN or infinite.
     *
     * @param what  the result in words, e.g. "the fused Sc map"
     * @param cause what likely caused it and what to do, naming the parameter
     */
    public static void requireFinite(String what, float[] values, String cause) {
        long bad = 0;
        for (float v : values) {
            if (!Float.isFinite(v)) {
                bad++;
            }
        }
        if (bad > 0) {
            throw new InvalidInputException(String.format(Locale.ROOT, "%s came out NaN or infinite at %s of its "
                    + "%d pixels although the input was finite, so nothing was saved; %s", what,
                    bad == values.length ? "all" : String.format(Locale.ROOT, "%d (%.1f %%)", bad,
                            100.0 * bad / values.length), values.length, cause));
        }
    }
}
