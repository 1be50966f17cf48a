package org.fusionj.workflow;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.fusionj.core.InvalidInputException;
import org.fusionj.io.Bytes;

/**
 * An output claimed by one run ({@link OutputPlan#claim(String)}): results are written into a staging folder of
 * this run only ({@code .fusionj-run-<id>}, beside the results, so moving them into place is a rename) and moved
 * into place by {@link #commit()} only when the whole planned set is written. Nothing else ever reaches the
 * results' names: a failed, cancelled or interrupted run leaves the folder as it was.
 *
 * <p>Guarantees, and how:
 * <ul>
 * <li>one run per output at a time: the claim is an {@link OutputLock} taken before any computation; a second run
 *     is refused, naming the first;</li>
 * <li>whole sets: {@code commit} writes a journal, moves any earlier files of the same names (with overwrite) into
 *     the staging folder, moves the new ones in, and marks the journal done; a failure rolls back to the earlier
 *     set, and a run killed in between (SIGKILL) is rolled back or completed by the next run that claims the
 *     output, from the journal;</li>
 * <li>no stale partial files: a JVM shutdown (SIGTERM, SIGINT, System.exit) removes every open staging folder
 *     and lock of this JVM; what a SIGKILL leaves is removed by the next claim (it is never reused);</li>
 * <li>folders the claim created are removed again when the run writes nothing.</li>
 * </ul>
 */
public final class OutputFolder implements AutoCloseable {

    /** Writes one file's content to the given (staging) path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    static final String STAGING_PREFIX = ".fusionj-run-";
    /** What versions before the claim used as temporary names; removed on sight. */
    static final String LEGACY_PREFIX = ".fusionj-partial-";
    private static final String JOURNAL = ".journal-moving";
    private static final String DONE = ".journal-done";
    private static final String REPLACED = ".replaced";

    private static final Set<OutputFolder> OPEN = ConcurrentHashMap.newKeySet();
    private static final SecureRandom RANDOM = new SecureRandom();

    static {
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(OutputFolder::closeAllOpen, "fusionj-output-cleanup"));
        } catch (IllegalStateException | SecurityException e) {
            // shutting down already, or not allowed: stale files are then cleaned by the next claim
        }
    }

    private enum State { OPEN, COMMITTED, DISCARDED }

    private final OutputPlan plan;
    private final OutputLock lock;
    private final Path staging;
    private final List<Path> createdDirs;
    private final List<String> notes;
    private final Set<String> staged = Collections.synchronizedSet(new LinkedHashSet<>());
    private State state = State.OPEN;

    private OutputFolder(OutputPlan plan, OutputLock lock, Path staging, List<Path> createdDirs, List<String> notes) {
        this.plan = plan;
        this.lock = lock;
        this.staging = staging;
        this.createdDirs = createdDirs;
        this.notes = List.copyOf(notes);
    }

    /** Creates the folder if needed, takes the lock, cleans what dead runs left, re-checks names, stages. */
    static OutputFolder claim(OutputPlan plan, String command) throws IOException {
        Path dir = plan.folder();
        List<Path> created = createDirectories(dir);
        String runId = Long.toString(ProcessHandle.current().pid(), 36) + "x"
                + Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
        OutputLock lock = null;
        try {
            lock = OutputLock.acquire(dir, plan.key(), command, runId);
            List<String> notes = new ArrayList<>();
            int cleaned = recoverStale(plan);
            if (cleaned > 0 || lock.previousOwner() != null) {
                String who = OutputLock.ownerDetails(lock.previousOwner());
                notes.add("removed the partial files of an interrupted run" + (who.isEmpty() ? "" : " (" + who + ")")
                        + " from " + dir + "; they were not reused");
            }
            List<String> clashes = plan.clashes();
            if (!clashes.isEmpty()) {
                throw new InvalidInputException((plan.singleFile() ? plan.target(clashes.get(0)) + " already exists"
                        : "output folder " + dir + " already holds " + String.join(", ", clashes))
                        + "; choose another " + (plan.singleFile() ? "file name" : "folder") + " or allow overwrite");
            }
            Path staging = dir.resolve(STAGING_PREFIX + runId + (plan.key().isEmpty() ? "" : "." + plan.key()));
            Files.createDirectory(staging);
            OutputFolder folder = new OutputFolder(plan, lock, staging, created, notes);
            OPEN.add(folder);
            return folder;
        } catch (IOException | RuntimeException | Error e) {
            if (lock != null) {
                lock.release();
            }
            removeIfEmpty(created);
            if (e instanceof IOException io) {
                throw new InvalidInputException("cannot write into the output folder " + dir + ": "
                        + OutputPlan.reason(io) + "; choose another output");
            }
            throw e;
        }
    }

    /** The folder the results go to. */
    public Path folder() {
        return plan.folder();
    }

    /** This run's staging folder's name (tests). */
    String stagingName() {
        return staging.getFileName().toString();
    }

    /** The planned file names, in plan order. */
    public List<String> names() {
        return plan.names();
    }

    /** What the claim did that a user may want to know (e.g. stale files removed). */
    public List<String> notes() {
        return notes;
    }

    /** Writes {@code name}, one of the plan's names, into this run's staging folder. */
    public void stage(String name, Writer writer) throws IOException {
        if (!plan.names().contains(name)) {
            throw new IllegalArgumentException(name + " is not in this run's output plan " + plan.names());
        }
        synchronized (this) {
            requireOpen();
            if (!staged.add(name)) {
                throw new IllegalStateException(name + " was staged twice");
            }
        }
        Path file = staging.resolve(name);
        try {
            writer.write(file);
        } catch (IOException e) {
            throw diagnosed(e, name);
        }
        if (!Files.isRegularFile(file)) {
            throw diagnosed(new IOException("could not write " + name), name);
        }
    }

    /**
     * Creates the result folder {@code name} (a name the plan declares {@link OutputPlan#withFolders as a folder})
     * in this run's staging folder and returns it: the run's writers (other threads or processes on a file system
     * they share) fill it, and {@link #commit()} moves it into place with the files, whole.
     */
    public Path stageFolder(String name) throws IOException {
        if (!plan.isFolder(name)) {
            throw new IllegalArgumentException(name + " is not a result folder of this run's output plan "
                    + plan.names());
        }
        synchronized (this) {
            requireOpen();
            if (!staged.add(name)) {
                throw new IllegalStateException(name + " was staged twice");
            }
        }
        Path folder = staging.resolve(name);
        try {
            Files.createDirectory(folder);
        } catch (IOException e) {
            throw diagnosed(e, name);
        }
        return folder;
    }

    public void stageTiff(String name, ImagePlus imp) throws IOException {
        // An uncompressed TIFF is at least its pixel data: when that does not fit, say so ourselves (ImageJ's saver
        // would print its own multi-line error and only report failure).
        long pixels = (long) imp.getWidth() * imp.getHeight() * imp.getStackSize() * imp.getBytesPerPixel();
        long free = OutputPlan.usableSpace(plan.folder());
        if (free >= 0 && free < pixels) {
            throw diagnosed(new IOException("No space left on device"), name);
        }
        stage(name, tmp -> saveTiff(imp, tmp));
    }

    /**
     * Moves the whole staged set into place, replacing an earlier set of the same names only when the plan allows
     * overwrite; on failure the earlier set is restored. Returns the final paths, in plan order.
     */
    public synchronized List<Path> commit() throws IOException {
        requireOpen();
        List<String> missing = new ArrayList<>(plan.names());
        missing.removeAll(staged);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not every planned file was written: " + missing);
        }
        List<String> clashes = plan.clashes();
        if (!clashes.isEmpty()) {
            throw new InvalidInputException(String.join(", ", clashes) + " appeared in " + plan.folder()
                    + " while this run was saving; nothing was written");
        }
        Path dir = plan.folder();
        writeAtomically(staging.resolve(JOURNAL), String.join("\n", plan.names()) + "\n");
        List<String> replaced = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        try {
            for (String n : plan.names()) {
                if (Files.exists(dir.resolve(n))) {
                    Files.createDirectories(staging.resolve(REPLACED));
                    Files.move(dir.resolve(n), staging.resolve(REPLACED).resolve(n), StandardCopyOption.ATOMIC_MOVE);
                    replaced.add(n);
                }
            }
            for (String n : plan.names()) {
                Files.move(staging.resolve(n), dir.resolve(n), StandardCopyOption.ATOMIC_MOVE);
                moved.add(n);
            }
            writeAtomically(staging.resolve(DONE), "");
        } catch (IOException e) {
            rollBack(dir, staging, moved, replaced);
            throw new IOException("could not move the results into " + dir + " (" + OutputPlan.reason(e)
                    + "); the folder was left as it was", e);
        }
        state = State.COMMITTED;
        List<Path> written = new ArrayList<>();
        for (String n : plan.names()) {
            written.add(dir.resolve(n));
        }
        finish();
        return written;
    }

    /** Discards whatever is staged unless committed, releases the claim, removes folders the claim created. */
    @Override
    public synchronized void close() {
        if (state == State.OPEN) {
            state = State.DISCARDED;
            deleteTree(staging);
            finish();
            removeIfEmpty(createdDirs);
        } else {
            finish();
        }
    }

    private void finish() {
        deleteTree(staging);
        lock.release();
        OPEN.remove(this);
    }

    private void requireOpen() {
        if (state != State.OPEN) {
            throw new IllegalStateException("this output was already " + state.name().toLowerCase());
        }
    }

    /** The shutdown hook: every run of this JVM still holding an output discards it and lets go. */
    private static void closeAllOpen() {
        for (OutputFolder f : List.copyOf(OPEN)) {
            f.close();
        }
    }

    /** An I/O failure while writing, reworded when the disk is full. */
    private IOException diagnosed(IOException e, String name) {
        String m = String.valueOf(e.getMessage());
        long free = OutputPlan.usableSpace(plan.folder());
        boolean full = m.contains("No space left") || m.contains("Disk quota exceeded")
                || free >= 0 && free < Math.max(1L << 20, plan.estimatedBytes() / 50);
        if (!full) {
            return e;
        }
        String what = m.contains("Disk quota exceeded") ? "disk quota exceeded" : "no space left on device";
        return new IOException(what + " while writing " + name + " in " + plan.folder() + " (" + Bytes.text(Math.max(0,
                free)) + " free" + (plan.estimatedBytes() > 0 ? ", the results need about "
                + Bytes.text(plan.estimatedBytes()) : "") + "); nothing was written", e);
    }

    /**
     * Cleans what dead runs left for this plan's key: staging folders (rolled back or completed from their
     * journal) and the temporary files of earlier FusionJ versions. Called under the lock; returns how many.
     */
    private static int recoverStale(OutputPlan plan) throws IOException {
        Path dir = plan.folder();
        int count = 0;
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".fusionj-*")) {
            ds.forEach(entries::add);
        }
        for (Path p : entries) {
            String name = p.getFileName().toString();
            if (name.startsWith(STAGING_PREFIX) && Files.isDirectory(p) && plan.key().equals(stagingKey(name))) {
                recover(dir, p);
                count++;
            } else if (name.startsWith(LEGACY_PREFIX)
                    && plan.names().contains(name.substring(LEGACY_PREFIX.length()))) {
                Files.deleteIfExists(p);
                count++;
            }
        }
        return count;
    }

    /** ".fusionj-run-ID" -> "", ".fusionj-run-ID.name.tif" -> "name.tif". */
    static String stagingKey(String stagingName) {
        String rest = stagingName.substring(STAGING_PREFIX.length());
        int dot = rest.indexOf('.');
        return dot < 0 ? "" : rest.substring(dot + 1);
    }

    /** Finishes what a killed commit started: completes it when its journal is done, else rolls it back. */
    private static void recover(Path dir, Path stale) throws IOException {
        Path journal = stale.resolve(JOURNAL);
        if (Files.exists(journal) && !Files.exists(stale.resolve(DONE))) {
            List<String> moved = new ArrayList<>();
            List<String> replaced = new ArrayList<>();
            for (String n : Files.readAllLines(journal, StandardCharsets.UTF_8)) {
                if (n.isBlank() || n.contains("/") || n.contains("\\") || n.startsWith(".")) {
                    continue;
                }
                if (!Files.exists(stale.resolve(n)) && Files.exists(dir.resolve(n), LinkOption.NOFOLLOW_LINKS)) {
                    moved.add(n);
                }
                if (Files.exists(stale.resolve(REPLACED).resolve(n))) {
                    replaced.add(n);
                }
            }
            rollBack(dir, stale, moved, replaced);
        }
        deleteTree(stale);
    }

    /** Removes the new files that were moved in and puts the earlier ones back. */
    private static void rollBack(Path dir, Path staging, List<String> moved, List<String> replaced) {
        for (String n : moved) {
            try {
                if (Files.isDirectory(dir.resolve(n), LinkOption.NOFOLLOW_LINKS)) {
                    deleteTree(dir.resolve(n)); // a result folder
                } else {
                    Files.deleteIfExists(dir.resolve(n));
                }
            } catch (IOException e) {
                // keep going: restore as much as possible
            }
        }
        for (String n : replaced) {
            try {
                Files.move(staging.resolve(REPLACED).resolve(n), dir.resolve(n), StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                // keep going
            }
        }
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Creates {@code dir} and missing parents; returns those it created, outermost first. */
    private static List<Path> createDirectories(Path dir) throws IOException {
        List<Path> missing = new ArrayList<>();
        for (Path p = dir; p != null && !Files.exists(p); p = p.getParent()) {
            missing.add(0, p);
        }
        List<Path> created = new ArrayList<>();
        for (Path p : missing) {
            try {
                Files.createDirectory(p);
                created.add(p);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (!Files.isDirectory(p)) {
                    removeIfEmpty(created);
                    throw new InvalidInputException("cannot create the output folder " + dir + ": " + p
                            + " is a file");
                }
            } catch (IOException e) {
                removeIfEmpty(created);
                throw new InvalidInputException("cannot create the output folder " + dir + ": "
                        + OutputPlan.reason(e) + "; choose another output");
            }
        }
        return created;
    }

    private static void removeIfEmpty(List<Path> created) {
        for (int i = created.size() - 1; i >= 0; i--) {
            try {
                Files.deleteIfExists(created.get(i));
            } catch (IOException e) {
                return; // not empty (someone else wrote there) or not removable: leave it and its parents
            }
        }
    }

    /** Deletes a folder and its content; retries while a writer still adds files (shutdown during a save). */
    public static void deleteTree(Path root) {
        for (int attempt = 0; attempt < 5 && Files.exists(root); attempt++) {
            try {
                if (Files.isDirectory(root)) {
                    List<Path> children = new ArrayList<>();
                    try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
                        ds.forEach(children::add);
                    }
                    for (Path c : children) {
                        deleteTree(c);
                    }
                }
                Files.deleteIfExists(root);
            } catch (DirectoryNotEmptyException e) {
                Thread.onSpinWait();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Saves without renaming the user's window (FileSaver retitles an image after the file it wrote). */
    public static void saveTiff(ImagePlus imp, Path file) throws IOException {
        String title = imp.getTitle();
        boolean ok = imp.getStackSize() > 1 ? new FileSaver(imp).saveAsTiffStack(file.toString())
                : new FileSaver(imp).saveAsTiff(file.toString());
        imp.setTitle(title);
        if (!ok) {
            throw new IOException("could not write " + file);
        }
    }
}
