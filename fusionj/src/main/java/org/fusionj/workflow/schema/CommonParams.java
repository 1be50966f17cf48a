package org.fusionj.workflow.schema;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.workflow.schema.Param.Route;

/** Parameters every operation shares, declared once. */
public final class CommonParams {

    /**
     * Highest thread count accepted (the input range; a value above is refused): more than any machine FusionJ
     * runs on has cores, far below what breaks. What a run uses is lower still: {@link RowBlocks#threadLimit()}
     * (4 per processor, 8 to {@value RowBlocks#MAX_THREADS}), to which every route lowers a larger request with a
     * note ({@code RunContext#threadNote()}).
     */
    public static final int MAX_THREADS = 1024;

    /** Worker threads; 0 = all cores. The dialogs use ImageJ's own setting (Edit > Options > Memory & Threads). */
    public static final Param THREADS = Param.integer("threads", 0).range(0, MAX_THREADS)
            .help("worker threads; 0 = all cores; above 4 per processor (8 to " + RowBlocks.MAX_THREADS
                    + ") lowered to that with a note (the dialog uses ImageJ's Edit > Options > Memory & Threads)")
            .only(Route.CLI, Route.SCIJAVA);

    private CommonParams() {
    }

    /** The thread count a run uses: the value read, or all cores for 0. */
    public static int threads(ParamValues values) {
        int n = values.integer(THREADS.name());
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }
}
