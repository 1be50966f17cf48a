package org.fusionj.bench;

import java.util.Arrays;

/** Best and median of a row's run times. */
final class Timings {

    private Timings() {
    }

    static double best(double[] seconds) {
        return Arrays.stream(seconds).min().orElseThrow();
    }

    static double median(double[] seconds) {
        double[] s = seconds.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : 0.5 * (s[n / 2 - 1] + s[n / 2]);
    }

    /**
     * Whether a row stops after a run of {@code last} seconds, {@code total} seconds in all: never while
     * {@code --repeats} fixes the number of runs, else when the next run, taken as long as the last, would take the
     * row past {@code budgetSeconds}.
     */
    static boolean overBudget(BenchOptions options, double total, double last, double budgetSeconds) {
        return options.repeats == 0 && total + last > budgetSeconds;
    }
}
