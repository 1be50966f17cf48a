package org.fusionj.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.schema.CommonParams;
import org.fusionj.workflow.schema.ParamValues;

/**
 * What every computing subcommand sets up the same way: the run context with {@code --threads} (read through the
 * schema: 0 or absent = all processors, at most {@value CommonParams#MAX_THREADS}; above the machine's limit lowered
 * with a note), progress on stderr unless {@code --quiet}, notes on stderr, and the input files a save must never
 * replace.
 */
final class RunOptions {

    private RunOptions() {
    }

    /** The context of subcommand {@code command} ({@code values}: its parameters read through its schema). */
    static RunContext context(String command, ParamValues values, Arguments args, PrintStream err) {
        return threads(command, values, err)
                .progress(args.has("quiet") ? (f, m) -> { } : new TextProgress(err))
                .notes(note -> err.println("fusionj " + command + ": note: " + note));
    }

    /**
     * The threads of the run: {@code threads} as read by the schema, lowered to the machine's limit with a note on
     * {@code err}. Saving and inputs are added by the command.
     */
    static RunContext threads(String command, ParamValues values, PrintStream err) {
        RunContext run = RunContext.threads(CommonParams.threads(values)).command(command);
        if (run.threadNote() != null) {
            err.println("fusionj " + command + ": note: " + run.threadNote());
        }
        return run;
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
