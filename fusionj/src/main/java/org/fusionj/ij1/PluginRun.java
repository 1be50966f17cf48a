package org.fusionj.ij1;

import java.io.IOException;

import ij.IJ;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.workflow.MissingLibrary;

/**
 * What every FusionJ ImageJ 1.x command does around its work once the dialog is closed: progress on the status
 * bar with Esc to cancel, refused input and I/O errors reported through {@link PluginErrors}, a library missing from
 * the install named in an error dialog (not a silent NoClassDefFoundError), and a cancelled run saying that nothing
 * was written.
 */
final class PluginRun {

    /** The command's work after its dialog. */
    interface Work {
        void run() throws IOException;
    }

    private PluginRun() {
    }

    /** Runs {@code work}, reporting a refusal or a cancel under {@code title}. */
    static void reporting(String title, Work work) {
        try {
            work.run();
        } catch (InvalidInputException | IOException e) {
            PluginErrors.report(title, e.getMessage());
        } catch (CancelledException e) {
            IJ.showStatus(title + ": cancelled; nothing was written");
            IJ.showProgress(1.0);
        } catch (NoClassDefFoundError e) {
            PluginErrors.report(title, MissingLibrary.message(e));
        }
    }

    /** Progress to the progress bar and status line; Esc fires {@code cancel}. */
    static ProgressListener progress(String title, CancellationToken cancel) {
        return (fraction, message) -> {
            if (IJ.escapePressed()) {
                cancel.cancel();
            }
            IJ.showProgress(fraction);
            IJ.showStatus(title + ": " + message + " (Esc cancels)");
        };
    }
}
