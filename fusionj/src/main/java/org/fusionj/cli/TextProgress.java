package org.fusionj.cli;

import java.io.PrintStream;

import org.fusionj.core.progress.ProgressListener;

/** Prints progress at every tenth of the job, so a log stays short. */
final class TextProgress implements ProgressListener {

    private final PrintStream err;
    private int lastDecile = -1;

    TextProgress(PrintStream err) {
        this.err = err;
    }

    @Override
    public synchronized void progress(double fraction, String message) {
        int decile = (int) Math.floor(fraction * 10 + 1e-9);
        if (decile > lastDecile) {
            lastDecile = decile;
            err.printf("  %3d%%  %s%n", decile * 10, message);
        }
    }
}
