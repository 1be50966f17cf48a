package org.fusionj.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.TextValues;

/**
 * What every computing subcommand sets up the same way: the run context with {@code --threads} (all processors by
 * default, lowered to the limit with a note), progress on stderr unless {@code --quiet}, notes on stderr, and the
 * input files a save must never replace.
 */
final class RunOptions {

    private RunOptions() {
    }

    /** The context of subcommand {@code command}; saving and inputs are added by the command. */
    static RunContext context(String command, Arguments args, PrintStream err) {
        RunContext run = RunContext.threads(threads(args)).command(command)
                .progress(args.has("quiet") ? (f, m) -> { } : new TextProgress(err))
                .notes(note -> err.println("fusionj " + command + ": note: " + note));
        if (run.threadNote() != null) {
            err.println("fusionj " + command + ": note: " + run.threadNote());
        }
        return run;
    }

    /** {@code --threads N} (N at least 1), or one per available processor. */
    static int threads(Arguments args) {
        String t = args.value("threads");
        int n = t == null ? Runtime.getRuntime().availableProcessors() : TextValues.integer("threads", t);
        if (n < 1) {
            throw new InvalidInputException("threads must be at least 1, got " + n);
        }
        return n;
    }

    /** The files named by input specs ("path" or "path:key"). */
    static List<Path> files(Collection<String> specs) {
        List<Path> files = new ArrayList<>();
        for (String spec : specs) {
            if (spec != null && !spec.isBlank()) {
                files.add(ImageFiles.Source.parse(spec).file());
            }
        }
        return files;
    }
}
