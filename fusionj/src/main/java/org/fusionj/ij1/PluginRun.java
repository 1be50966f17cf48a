package org.fusionj.ij1;

import java.io.IOException;
import java.nio.file.Path;

import ij.IJ;
import ij.Prefs;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.MissingLibrary;
import org.fusionj.workflow.RunContext;

/**
 * What every FusionJ ImageJ 1.x command does around its work once the dialog is closed: progress on the status
 * bar with Esc to cancel, refused input and I/O errors reported through {@link PluginErrors}, a library missing from
 * the install named in an error dialog (not a silent NoClassDefFoundError), an out-of-memory error as one message
 * saying that nothing was written, and a cancelled run saying that nothing was written.
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
        } catch (OutOfMemoryError e) {
            IJ.showProgress(1.0);
            PluginErrors.report(title, MemoryEstimate.outOfMemoryMessage());
        }
    }

    /**
     * The job's run context: ImageJ's thread count (Edit > Options > Memory & Threads; lowered to the machine's
     * limit with a note in the log, as every route does), progress on the status bar with Esc firing
     * {@code cancel}, notes to the log.
     */
    static RunContext context(String title, CancellationToken cancel) {
        RunContext run = RunContext.threads(Prefs.getThreads()).command(title).cancellation(cancel)
                .progress(progress(title, cancel)).notes(note -> IJ.log(title + ": " + note));
        if (run.threadNote() != null) {
            IJ.log(title + ": note: " + run.threadNote());
        }
        return run;
    }

    /**
     * The same, saving to {@code output} when {@code save} is checked ({@code what}: "file" or "folder", for the
     * message when it is empty).
     */
    static RunContext context(String title, CancellationToken cancel, boolean save, String output, boolean overwrite,
                              String what) {
        RunContext run = context(title, cancel);
        if (!save) {
            return run;
        }
        if (output == null || output.isBlank()) {
            throw new InvalidInputException("'save' is checked but no output " + what + " is given");
        }
        return run.saveTo(Path.of(output), overwrite);
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
