package org.fusionj.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImagePlus;
import ij.io.FileSaver;

import org.fusionj.core.InvalidInputException;

/**
 * A folder that receives a run's result files safely: existing files of the same names are refused unless
 * overwriting is allowed (checked before any work), and each file is written under a temporary name and renamed
 * only when all of them are complete, so an interrupted save never leaves a half-written file under a real name.
 */
public final class OutputFolder {

    /** Writes one file's content to the given (temporary) path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path file) throws IOException;
    }

    private final Path dir;
    private final boolean overwrite;
    private final Map<Path, Path> staged = new LinkedHashMap<>();

    private OutputFolder(Path dir, boolean overwrite) {
        this.dir = dir;
        this.overwrite = overwrite;
    }

    /** Refuses before any work when the folder already holds files of these names (unless overwrite). */
    public static void checkWritable(Path dir, List<String> names, boolean overwrite) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new InvalidInputException("output " + dir + " is a file, not a folder");
        }
        if (overwrite) {
            return;
        }
        List<String> clashes = new ArrayList<>();
        for (String n : names) {
            if (Files.exists(dir.resolve(n))) {
                clashes.add(n);
            }
        }
        if (!clashes.isEmpty()) {
            throw new InvalidInputException("output folder " + dir + " already holds " + String.join(", ", clashes)
                    + "; choose another folder or allow overwrite");
        }
    }

    /** Refuses before any work when {@code file} exists (unless overwrite), naming the file rather than a folder. */
    public static void checkFileWritable(Path file, boolean overwrite) {
        Path absolute = file.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new InvalidInputException("output " + absolute + " is a folder; name a file");
        }
        if (!overwrite && Files.exists(absolute)) {
            throw new InvalidInputException(absolute + " already exists; choose another file name or allow overwrite");
        }
        checkWritable(absolute.getParent(), List.of(), overwrite);
    }

    /** Opens the folder for writing the named files (creating it). */
    public static OutputFolder open(Path dir, List<String> names, boolean overwrite) throws IOException {
        checkWritable(dir, names, overwrite);
        Files.createDirectories(dir);
        return new OutputFolder(dir, overwrite);
    }

    /** Writes {@code name} under a temporary name; it gets its real name in {@link #commit()}. */
    public void stage(String name, Writer writer) throws IOException {
        int dot = name.lastIndexOf('.');
        String tmpName = ".fusionj-partial-" + (dot > 0 ? name.substring(0, dot) + name.substring(dot) : name);
        Path tmp = dir.resolve(tmpName);
        staged.put(tmp, dir.resolve(name));
        writer.write(tmp);
    }

    public void stageTiff(String name, ImagePlus imp) throws IOException {
        stage(name, tmp -> saveTiff(imp, tmp));
    }

    /** Renames every staged file to its real name; returns the final paths. */
    public List<Path> commit() throws IOException {
        List<Path> written = new ArrayList<>();
        for (Map.Entry<Path, Path> s : staged.entrySet()) {
            if (!overwrite && Files.exists(s.getValue())) {
                throw new InvalidInputException(s.getValue() + " appeared while saving; nothing more is renamed");
            }
            Files.move(s.getKey(), s.getValue(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            written.add(s.getValue());
        }
        staged.clear();
        return written;
    }

    /** Deletes whatever is still staged (after a failure). */
    public void discard() throws IOException {
        for (Path tmp : staged.keySet()) {
            Files.deleteIfExists(tmp);
        }
        staged.clear();
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
