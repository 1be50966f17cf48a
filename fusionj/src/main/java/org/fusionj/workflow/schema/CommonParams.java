package org.fusionj.workflow.schema;

import org.fusionj.workflow.schema.Param.Route;

/** Parameters every operation shares, declared once. */
public final class CommonParams {

    /** Highest thread count accepted: more than any machine FusionJ runs on has cores, far below what breaks. */
    public static final int MAX_THREADS = 1024;

    /** Worker threads; 0 = all cores. The dialogs use ImageJ's own setting (Edit > Options > Memory & Threads). */
    public static final Param THREADS = Param.integer("threads", 0).range(0, MAX_THREADS)
            .help("worker threads; 0 = all cores (the dialog uses ImageJ's Edit > Options > Memory & Threads)")
            .only(Route.CLI, Route.SCIJAVA);

    private CommonParams() {
    }

    /** The thread count a run uses: the value read, or all cores for 0. */
    public static int threads(ParamValues values) {
        int n = values.integer(THREADS.name());
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }
}
