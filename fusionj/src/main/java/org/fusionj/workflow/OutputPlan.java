package org.fusionj.workflow;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;

import org.fusionj.core.InvalidInputException;
import org.fusionj.io.Bytes;

/**
 * The files one run will write, declared once before any work: the folder, the file names, whether an earlier set
 * of the same names may be replaced, the input files that must never be replaced, and the estimated size. The same
 * plan drives the check before the computation ({@link #check()}), the claim of the folder for this run
 * ({@link #claim(String)}) and the staged write ({@link OutputFolder} accepts exactly these names and commits only
 * when all of them are written).
 */
public final class OutputPlan {

    private final Path given;
    private final Path dir;
    private final List<String> names;
    private final boolean singleFile;
    private final boolean overwrite;
    private final List<Path> inputs;
    private final long estimatedBytes;
    /** Names among {@link #names} that are folders (chunked arrays written file by file), not single files. */
    private final List<String> folders;

    private OutputPlan(Path given, Path dir, List<String> names, boolean singleFile, boolean overwrite,
                       List<Path> inputs, long estimatedBytes) {
        this(given, dir, names, singleFile, overwrite, inputs, estimatedBytes, List.of());
    }

    private OutputPlan(Path given, Path dir, List<String> names, boolean singleFile, boolean overwrite,
                       List<Path> inputs, long estimatedBytes, List<String> folders) {
        this.given = given;
        this.dir = dir;
        this.names = List.copyOf(names);
        this.singleFile = singleFile;
        this.overwrite = overwrite;
        this.inputs = List.copyOf(inputs);
        this.estimatedBytes = estimatedBytes;
        this.folders = List.copyOf(folders);
    }

    /** Files {@code names} in folder {@code dir} (created when missing). */
    public static OutputPlan folder(Path dir, List<String> names, boolean overwrite) {
        requireNamed(dir, "output folder");
        if (names.isEmpty() || new LinkedHashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("an output plan needs distinct file names, got " + names);
        }
        return new OutputPlan(dir, absolute(dir), names, false, overwrite, List.of(), 0);
    }

    /** The single file {@code file} (its folder is created when missing). */
    public static OutputPlan file(Path file, boolean overwrite) {
        requireNamed(file, "output file");
        Path abs = absolute(file);
        if (abs.getFileName() == null || abs.getParent() == null) {
            throw new InvalidInputException("output file " + file + " names a folder, not a file");
        }
        return new OutputPlan(file, abs.getParent(), List.of(abs.getFileName().toString()), true, overwrite,
                List.of(), 0);
    }

    /** The same plan, refusing to replace any of {@code files}. */
    public OutputPlan protecting(Collection<Path> files) {
        List<Path> all = new ArrayList<>(inputs);
        all.addAll(files);
        return new OutputPlan(given, dir, names, singleFile, overwrite, all, estimatedBytes, folders);
    }

    /**
     * The same plan where {@code folderNames} (some of its names) are result folders, e.g. chunked arrays that
     * many writers fill file by file: staged as folders ({@link OutputFolder#stageFolder}) and moved into place
     * with the files, replacing an earlier folder of the same name only with overwrite (a file of that name is
     * refused, as a folder of a file's name is).
     */
    public OutputPlan withFolders(List<String> folderNames) {
        if (singleFile || !names.containsAll(folderNames)) {
            throw new IllegalArgumentException("result folders must be names of a folder plan " + names + ", got "
                    + folderNames);
        }
        return new OutputPlan(given, dir, names, singleFile, overwrite, inputs, estimatedBytes, folderNames);
    }

    /** Whether {@code name} is a result folder rather than a file. */
    public boolean isFolder(String name) {
        return folders.contains(name);
    }

    /** The same plan with the results' estimated size on disk, checked against the free space. */
    public OutputPlan estimatedBytes(long bytes) {
        return new OutputPlan(given, dir, names, singleFile, overwrite, inputs, Math.max(0, bytes), folders);
    }

    public Path folder() {
        return dir;
    }

    public List<String> names() {
        return names;
    }

    public boolean singleFile() {
        return singleFile;
    }

    public boolean overwrite() {
        return overwrite;
    }

    public long estimatedBytes() {
        return estimatedBytes;
    }

    /** Where the file {@code name} ends up. */
    public Path target(String name) {
        return dir.resolve(name);
    }

    /**
     * Every check that can be made before the computation: the location exists or can be created and is writable,
     * no result would replace an input, no result name is taken by a folder, existing results of the same names
     * only with overwrite, and enough free space for the estimated size.
     *
     * @throws InvalidInputException naming the output, the problem and the fix
     */
    public void check() {
        checkLocation();
        checkInputs();
        checkClashes();
        checkFreeSpace();
    }

    /** Claims the folder for this run (see {@link OutputFolder}); {@code command} names the run to other runs. */
    public OutputFolder claim(String command) throws IOException {
        return OutputFolder.claim(this, command);
    }

    /** What the user gave, for messages. */
    String given() {
        return given.toString();
    }

    /** The lock and staging key: empty for a folder's result set, the file name for a single file. */
    String key() {
        return singleFile ? names.get(0) : "";
    }

    private void checkLocation() {
        if (singleFile) {
            Path file = target(names.get(0));
            if (Files.isDirectory(file)) {
                throw new InvalidInputException("output " + given + " is a folder; name a file");
            }
        } else if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("output " + given + " is a file, not a folder");
        }
        Path existing = existingAncestor(dir);
        if (existing == null) {
            throw new InvalidInputException("cannot create the output folder " + dir + ": no part of it exists");
        }
        if (!Files.isDirectory(existing)) {
            throw new InvalidInputException("cannot create the output folder " + dir + ": " + existing
                    + " is a file");
        }
        String problem = notWritable(existing);
        if (problem != null) {
            throw new InvalidInputException((existing.equals(dir) ? "cannot write into the output folder " + dir
                    : "cannot create the output folder " + dir + " in " + existing) + ": " + problem
                    + "; choose another output");
        }
    }

    private void checkInputs() {
        for (String name : names) {
            Path target = target(name);
            for (Path input : inputs) {
                if (sameFile(target, input)) {
                    throw new InvalidInputException("output " + target + " is an input of this run (" + input
                            + "); writing there would destroy it: choose another output"
                            + (singleFile ? " file" : " folder"));
                }
            }
        }
    }

    private void checkClashes() {
        List<String> clashes = clashes();
        if (clashes.isEmpty() || holdsStaging()) {
            // with a staging folder of this key the visible names may be a killed commit's half set: the claim
            // rolls it back or completes it under the lock, then checks the names again (OutputFolder.claim)
            return;
        }
        if (singleFile) {
            throw new InvalidInputException(target(names.get(0)) + " already exists; choose another file name or "
                    + "allow overwrite");
        }
        throw new InvalidInputException("output folder " + dir + " already holds " + String.join(", ", clashes)
                + "; choose another folder or allow overwrite");
    }

    /** Whether the folder holds a staging folder of this plan's key (another run's, or what a killed run left). */
    private boolean holdsStaging() {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, OutputFolder.STAGING_PREFIX + "*")) {
            for (Path p : ds) {
                if (Files.isDirectory(p) && key().equals(OutputFolder.stagingKey(p.getFileName().toString()))) {
                    return true;
                }
            }
        } catch (IOException e) {
            // unreadable folder: the claim will say so
        }
        return false;
    }

    /**
     * Result names already present that this run may not replace: all of them without overwrite, and folders of
     * those names even with it (a result file never replaces a folder, nor a result folder a file).
     */
    List<String> clashes() {
        List<String> clashes = new ArrayList<>();
        for (String n : names) {
            Path t = target(n);
            if (isFolder(n) && Files.exists(t) && !Files.isDirectory(t)) {
                throw new InvalidInputException("output " + t + " is a file, so the result folder " + n
                        + " cannot replace it; move it away or choose another output");
            }
            if (!isFolder(n) && Files.isDirectory(t)) {
                throw new InvalidInputException("output " + t + " is a folder, so the result file " + n
                        + " cannot replace it; move it away or choose another output");
            }
            if (!overwrite && Files.exists(t)) {
                clashes.add(n);
            }
        }
        return clashes;
    }

    private void checkFreeSpace() {
        if (estimatedBytes <= 0) {
            return;
        }
        long free = usableSpace(dir);
        if (free >= 0 && free < estimatedBytes) {
            throw new InvalidInputException("not enough free space for the results in " + dir + ": they need about "
                    + Bytes.text(estimatedBytes) + ", " + Bytes.text(free) + " are free; free some space or choose "
                    + "another output");
        }
    }

    /** Free bytes for this user on the file system holding {@code dir} (or its nearest existing parent), or -1. */
    static long usableSpace(Path dir) {
        Path existing = existingAncestor(dir);
        if (existing == null) {
            return -1;
        }
        try {
            return Files.getFileStore(existing).getUsableSpace();
        } catch (IOException e) {
            return -1;
        }
    }

    /** Why files cannot be created in {@code folder}, or null. */
    static String notWritable(Path folder) {
        try {
            FileStore store = Files.getFileStore(folder);
            if (store.isReadOnly()) {
                return "it is on a read-only file system";
            }
        } catch (IOException e) {
            return e.getMessage();
        }
        if (!Files.isWritable(folder)) {
            return "permission denied";
        }
        return null;
    }

    /** A one-line reason for a failure to create or write in a folder. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException fe && fe.getReason() != null) {
            return fe.getReason().toLowerCase(java.util.Locale.ROOT);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    static Path existingAncestor(Path p) {
        Path q = p;
        while (q != null && !Files.exists(q)) {
            q = q.getParent();
        }
        return q;
    }

    private static boolean sameFile(Path a, Path b) {
        Path aa = absolute(a);
        Path bb = absolute(b);
        if (aa.equals(bb)) {
            return true;
        }
        try {
            return Files.exists(aa) && Files.exists(bb) && Files.isSameFile(aa, bb);
        } catch (IOException e) {
            return false;
        }
    }

    private static void requireNamed(Path p, String what) {
        if (p == null || p.toString().isBlank()) {
            throw new InvalidInputException("the " + what + " name is empty; name one");
        }
    }

    private static Path absolute(Path p) {
        try {
            return p.toAbsolutePath().normalize();
        } catch (InvalidPathException | java.io.IOError e) {
            throw new InvalidInputException("invalid output path " + p + ": " + e.getMessage());
        }
    }
}
