package org.fusionj.command;

import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;

/** What every FusionJ command does the same way: thread count, progress to the status bar, cancellation. */
final class CommandSupport {

    private CommandSupport() {
    }

    /** The requested thread count, or all cores for 0. */
    static int threads(int requested) {
        return requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
    }

    /** Reports progress to the status service (if any) and turns the command's cancel into the kernel's token. */
    static ProgressListener progress(ContextCommand command, StatusService status, CancellationToken token) {
        return (fraction, message) -> {
            if (command.isCanceled()) {
                token.cancel();
            }
            if (status != null) {
                status.showProgress((int) Math.round(fraction * 100), 100);
            }
        };
    }
}
