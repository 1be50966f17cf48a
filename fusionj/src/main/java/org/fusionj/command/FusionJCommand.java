package org.fusionj.command;

import java.io.File;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import ij.ImagePlus;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.CancelledException;
import org.fusionj.core.progress.ProgressListener;
import org.fusionj.io.ImageFiles;
import org.fusionj.workflow.MemoryEstimate;
import org.fusionj.workflow.RunContext;
import org.fusionj.workflow.schema.CommonParams;
import org.fusionj.workflow.schema.Param;
import org.fusionj.workflow.schema.Param.Route;
import org.fusionj.workflow.schema.ParamValues;
import org.fusionj.workflow.schema.Schema;
import org.fusionj.workflow.xanes.EnergyLists;
import org.scijava.app.StatusService;
import org.scijava.command.ContextCommand;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;

/**
 * What every FusionJ SciJava command does the same way: refused input and I/O errors cancel the command with the
 * reason (and log it), a cancelled run says that nothing was written, progress goes to the status bar and the
 * command's cancel reaches the kernel. The user-facing parameters (output, overwrite, threads, ...) stay in each
 * command: SciJava lists a superclass's parameters first, so declaring them here would reorder the dialog and the
 * recorded macro options.
 */
abstract class FusionJCommand extends ContextCommand {

    @Parameter
    private LogService log;

    @Parameter(required = false)
    private StatusService status;

    private final String title;
    private final CancellationToken cancellation = new CancellationToken();

    /** @param title prefixes every message, e.g. {@code "Register Series"} */
    FusionJCommand(String title) {
        this.title = title;
    }

    /** The command's work; throws {@link InvalidInputException} for input it refuses. */
    abstract void execute() throws IOException;

    @Override
    public final void run() {
        try {
            execute();
        } catch (InvalidInputException | IOException e) {
            fail(e.getMessage());
        } catch (CancelledException e) {
            cancel(title + ": cancelled; nothing was written");
        } catch (OutOfMemoryError e) {
            fail(MemoryEstimate.outOfMemoryMessage());
        }
    }

    /** Cancels the command with the reason and logs it as an error, both prefixed with the title. */
    private void fail(String reason) {
        cancel(title + ": " + reason);
        log.error(title + ": " + reason);
    }

    /** The log, for a line that is not the command's own (e.g. a copy-paste next step); else {@link #info}. */
    final LogService log() {
        return log;
    }

    /** Logs {@code message} as information, prefixed with the command's title as every line of the command is. */
    final void info(String message) {
        log.info(title + ": " + message);
    }

    /** Logs {@code message} as a warning, prefixed with the command's title. */
    final void warn(String message) {
        log.warn(title + ": " + message);
    }

    /** Whether an optional text parameter was given (not null, not blank). */
    static boolean given(String text) {
        return text != null && !text.isBlank();
    }

    /** The token to give the job: it fires when the command is cancelled. */
    final CancellationToken cancellation() {
        return cancellation;
    }

    /** Reports progress to the status service (if any) and passes the command's cancel on to the token. */
    final ProgressListener progress() {
        return (fraction, message) -> {
            if (isCanceled()) {
                cancellation.cancel();
            }
            if (status != null) {
                status.showProgress((int) Math.round(fraction * 100), 100);
            }
        };
    }

    /**
     * This command's schema parameters, read from its own {@code @Parameter} fields of the same names (the fields
     * stay literal, as SciJava needs; {@code SciJavaSchemaTest} checks them against the schema) and checked by the
     * schema (defaults, auto words, ranges, choices), for the operation's one reader, e.g.
     * {@code FusionKeys.parameters(values(FusionKeys.SCHEMA))}.
     */
    final ParamValues values(Schema schema) {
        return schema.read(inputs(schema));
    }

    /** The fields of {@link #values}' schema parameters as text by name. */
    private Function<String, String> inputs(Schema schema) {
        Map<String, String> values = new HashMap<>();
        for (Param p : schema.params(Route.SCIJAVA)) {
            Field f = field(getClass(), p.name());
            if (f == null) {
                continue;
            }
            try {
                f.setAccessible(true);
                values.put(p.name(), text(p, f.get(this)));
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("cannot read parameter " + p.name(), e);
            }
        }
        return values::get;
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null && c != FusionJCommand.class; c = c.getSuperclass()) {
            try {
                return c.getDeclaredField(name);
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        return null;
    }

    /** A field's value as the schema reads text; a numeric stand-in for "auto" becomes the auto word. */
    private static String text(Param p, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number n && p.sciJavaAutoValue() != null) {
            double v = n.doubleValue();
            boolean belowRange = p.minExclusive() ? v <= p.min() : v < p.min();
            if (v == p.sciJavaAutoValue() || belowRange) {
                return p.autoWord();
            }
        }
        if (value instanceof File file) {
            return file.getPath();
        }
        return value instanceof Double d ? Double.toString(d) : value.toString();
    }

    /**
     * The job's run context: the threads read through the schema ({@code values}; 0: all cores, lowered to the
     * machine's limit with a note in the log), this command's progress and cancel, and saving to {@code output}
     * (null: not saved) with {@code overwrite}.
     */
    final RunContext run(ParamValues values, File output, boolean overwrite) {
        RunContext run = RunContext.threads(CommonParams.threads(values)).command(title).cancellation(cancellation)
                .progress(progress()).saveTo(output == null ? null : output.toPath(), overwrite)
                .notes(this::info);
        if (run.threadNote() != null) {
            info(run.threadNote());
        }
        return run;
    }

    /** The image given as {@code role} or read from the file given as {@code role_file}; exactly one is required. */
    static ImagePlus imageOrFile(ImagePlus image, File file, String role) throws IOException {
        if ((image == null) == (file == null)) {
            throw new InvalidInputException("give exactly one of " + role + " (an image) and " + role
                    + "_file (a file)");
        }
        return image != null ? image : ImageFiles.open(file.getPath());
    }

    /** The image, else the one read from the file, else null; giving both is refused. */
    static ImagePlus imageOrNone(ImagePlus image, File file) throws IOException {
        if (image != null && file != null) {
            throw new InvalidInputException("give an image or a file, not both");
        }
        if (image == null && file == null) {
            return null;
        }
        return image != null ? image : ImageFiles.open(file.getPath());
    }

    /** A series' energies: typed (parsed under {@code key}), else from a file, else from the image's metadata. */
    static double[] energies(String typed, File file, ImagePlus series, String key) throws IOException {
        if (given(typed)) {
            return EnergyLists.parse(typed, key);
        }
        if (file != null) {
            return EnergyLists.fromFile(Path.of(file.getPath()));
        }
        double[] e = EnergyLists.fromImage(series);
        if (e == null) {
            throw new InvalidInputException(series.getTitle() + " carries no energies; give energies or "
                    + "energies_file");
        }
        return e;
    }
}
