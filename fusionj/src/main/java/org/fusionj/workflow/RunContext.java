package org.fusionj.workflow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

import ij.ImagePlus;
import ij.io.FileInfo;

import org.fusionj.core.parallel.RowBlocks;
import org.fusionj.core.progress.CancellationToken;
import org.fusionj.core.progress.ProgressListener;

/**
 * What every job (fusion, XANES, registration, learn, enhance) needs to run besides its parameters: the thread
 * count, where progress goes, the cancel token, and where and how results are saved (with the input files a save
 * must never replace). Immutable: each {@code with}-style method returns a new context.
 *
 * <p>A job starts with {@link #begin(OutputPlan, MemoryEstimate)}: it checks the output location and the memory,
 * then claims the output for this run, all before any computation.
 */
public final class RunContext {

    private final int threads;
    private final int requestedThreads;
    private final ProgressListener progress;
    private final CancellationToken cancel;
    private final Path output;
    private final boolean overwrite;
    private final List<Path> inputs;
    private final String command;
    private final Consumer<String> notes;

    private RunContext(int threads, int requestedThreads, ProgressListener progress, CancellationToken cancel,
                       Path output, boolean overwrite, List<Path> inputs, String command, Consumer<String> notes) {
        this.threads = threads;
        this.requestedThreads = requestedThreads;
        this.progress = progress;
        this.cancel = cancel;
        this.output = output;
        this.overwrite = overwrite;
        this.inputs = List.copyOf(inputs);
        this.command = command;
        this.notes = notes;
    }

    /**
     * A context with {@code requested} threads (0 or less: one per available processor), lowered to
     * {@link RowBlocks#threadLimit()}; no progress, never cancelled, nothing saved.
     */
    public static RunContext threads(int requested) {
        int wanted = requested > 0 ? requested : Runtime.getRuntime().availableProcessors();
        return new RunContext(Math.min(wanted, RowBlocks.threadLimit()), wanted, ProgressListener.NONE,
                CancellationToken.NEVER, null, false, List.of(), "FusionJ", note -> { });
    }

    /** One thread per available processor. */
    public static RunContext defaults() {
        return threads(0);
    }

    public RunContext progress(ProgressListener listener) {
        return new RunContext(threads, requestedThreads, listener == null ? ProgressListener.NONE : listener, cancel,
                output, overwrite, inputs, command, notes);
    }

    public RunContext cancellation(CancellationToken token) {
        return new RunContext(threads, requestedThreads, progress, token == null ? CancellationToken.NEVER : token,
                output, overwrite, inputs, command, notes);
    }

    /**
     * Save the results to {@code destination} (null: do not save): a folder for fusion, XANES and registration, a
     * file for learn and enhance. {@code overwriteExisting} replaces a whole earlier result set of the same names.
     */
    public RunContext saveTo(Path destination, boolean overwriteExisting) {
        return new RunContext(threads, requestedThreads, progress, cancel, destination, overwriteExisting, inputs,
                command, notes);
    }

    /** Files this run reads: a save that would replace one of them is refused before any work. */
    public RunContext inputs(Collection<Path> files) {
        List<Path> all = new ArrayList<>(inputs);
        for (Path p : files) {
            if (p != null) {
                all.add(p);
            }
        }
        return new RunContext(threads, requestedThreads, progress, cancel, output, overwrite, all, command, notes);
    }

    /** Names the run in the claim other runs see ("fuse", "Fuse Multi-Modal"). */
    public RunContext command(String name) {
        return new RunContext(threads, requestedThreads, progress, cancel, output, overwrite, inputs, name, notes);
    }

    /** Where remarks of the run go that are not errors (e.g. stale partial files of an earlier run removed). */
    public RunContext notes(Consumer<String> listener) {
        return new RunContext(threads, requestedThreads, progress, cancel, output, overwrite, inputs, command,
                listener == null ? note -> { } : listener);
    }

    /** The threads the run uses. */
    public int threads() {
        return threads;
    }

    /** Why the thread count is lower than asked, or null when it is not. */
    public String threadNote() {
        if (threads == requestedThreads) {
            return null;
        }
        return String.format(Locale.ROOT, "%d threads requested, %d used (at most 4 per processor, from 8 to %d; "
                + "results do not depend on the thread count)", requestedThreads, threads, RowBlocks.MAX_THREADS);
    }

    public ProgressListener progress() {
        return progress;
    }

    public CancellationToken cancel() {
        return cancel;
    }

    /** True when results are to be saved. */
    public boolean saves() {
        return output != null;
    }

    /** The folder or file results go to, or null. */
    public Path output() {
        return output;
    }

    public boolean overwrite() {
        return overwrite;
    }

    public String command() {
        return command;
    }

    /** The run's files written into the output folder: {@code names}; null when nothing is saved. */
    public OutputPlan folderPlan(List<String> names) {
        return output == null ? null : OutputPlan.folder(output, names, overwrite).protecting(inputs);
    }

    /** The run's single output file (the destination itself); null when nothing is saved. */
    public OutputPlan filePlan() {
        return output == null ? null : OutputPlan.file(output, overwrite).protecting(inputs);
    }

    /**
     * The start of every job, before any computation: checks the output location ({@code plan}, null when nothing
     * is saved), refuses when {@code memory} does not fit the heap, and claims the output for this run.
     *
     * @return the claimed output folder to stage the results into and commit, or null when nothing is saved;
     *         close it (try-with-resources) so that a failed or cancelled run leaves nothing behind
     */
    public OutputFolder begin(OutputPlan plan, MemoryEstimate memory) throws IOException {
        if (plan != null) {
            plan.check();
        }
        if (memory != null) {
            memory.require();
        }
        if (plan == null) {
            return null;
        }
        OutputFolder folder = plan.claim(command);
        folder.notes().forEach(notes);
        return folder;
    }

    /** The file an image was opened from, or null (not from a file, or opened from a URL). */
    public static Path fileOf(ImagePlus imp) {
        if (imp == null) {
            return null;
        }
        FileInfo fi = imp.getOriginalFileInfo();
        if (fi == null || fi.fileName == null || fi.directory == null || fi.directory.isEmpty()
                || fi.url != null && !fi.url.isEmpty()) {
            return null;
        }
        try {
            return Path.of(fi.directory, fi.fileName);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The files these images were opened from (those that have one). */
    public static List<Path> filesOf(Collection<ImagePlus> images) {
        List<Path> files = new ArrayList<>();
        for (ImagePlus imp : images) {
            Path p = fileOf(imp);
            if (p != null) {
                files.add(p);
            }
        }
        return files;
    }
}
