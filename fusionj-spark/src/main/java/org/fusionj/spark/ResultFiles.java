package org.fusionj.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;

/**
 * The output of one distributed run, claimed on the driver before any work. Nothing of a run is visible under the
 * result names until it succeeds: the small result files (transforms.json, CSV tables, overview.h5, energies.txt,
 * summary.json) are staged as the run makes them, the chunked arrays (maps.zarr, ...) are folders the tasks fill
 * chunk by chunk inside this run's staging folder, and {@link #commit()} moves the whole set into place at the end.
 * A failed, cancelled or killed run leaves no array and no file under a result name.
 *
 * <p>On a local path (a file system the executors mount) everything goes through the single-machine commands'
 * {@link OutputPlan} and {@link OutputFolder}: the folder is claimed for this run (a second run into it is refused,
 * naming the first), the staging folder {@code .fusionj-run-ID} sits in the output folder (so the commit is one
 * rename per name, whatever the arrays' size), an earlier set of the same names is replaced only at the commit
 * (with overwrite) and restored if the commit fails, and what a killed run left is removed by the next claim.
 * Under a Hadoop URI (no lock to rely on) the same checks are made on names, the arrays are staged in
 * {@code .fusionj-run-ID} in the output folder and renamed into place at the commit (on HDFS a rename; on an
 * object store Hadoop copies every object), and each small file is made by the same writer in a local temporary
 * folder and stored whole ({@link Location#write}) at the commit.
 */
final class ResultFiles implements AutoCloseable {

    /** A run's staging folder in the output folder (the prefix the single-machine commands use too). */
    static final String STAGING_PREFIX = ".fusionj-run-";
    private static final String REPLACED = ".replaced";

    private final Location out;
    private final List<String> names;
    private final boolean overwrite;
    private final OutputFolder local;
    private final List<String> arrays;
    private final Path remoteStaging;
    /** Under a Hadoop URI: this run's staging folder in the output folder, where the tasks write the arrays. */
    private final Location remoteArrays;
    private final Map<String, Path> staged = new LinkedHashMap<>();
    private final Map<String, Location> stagedArrays = new LinkedHashMap<>();
    /** Run before anything is discarded: waits for the tasks of a failed job that are still writing. */
    private Runnable beforeDiscard = () -> { };

    private ResultFiles(Location out, List<String> names, List<String> arrays, boolean overwrite, OutputFolder local,
            Path remoteStaging, Location remoteArrays) {
        this.out = out;
        this.names = List.copyOf(names);
        this.arrays = List.copyOf(arrays);
        this.overwrite = overwrite;
        this.local = local;
        this.remoteStaging = remoteStaging;
        this.remoteArrays = remoteArrays;
    }

    /**
     * Checks the output before any work and claims it: {@code files} are the result files this run will commit,
     * {@code arrays} the array folders its tasks will write (refused when present, unless overwrite).
     *
     * @param run names this run to a second run refused the same folder (e.g. "fusionj-spark pipeline")
     */
    static ResultFiles claim(Location out, List<String> files, List<String> arrays, boolean overwrite, String run)
            throws IOException {
        List<String> all = new ArrayList<>(files);
        all.addAll(arrays);
        if (out.isLocal()) {
            OutputPlan plan = OutputPlan.folder(out.path(), all, overwrite).withFolders(arrays);
            plan.check();
            return new ResultFiles(out, files, arrays, overwrite, plan.claim(run), null, null);
        }
        if (out.isFile()) {
            throw new InvalidInputException("output " + out + " is a file, not a folder; name a folder");
        }
        checkArrays(out, arrays);
        refuseClashes(out, all, overwrite);
        out.mkdirs();
        Location staging = out.resolve(STAGING_PREFIX + UUID.randomUUID());
        staging.mkdirs();
        return new ResultFiles(out, files, arrays, overwrite, null, Files.createTempDirectory("fusionj-results"),
                staging);
    }

    /**
     * Where the tasks write the array {@code name} (one of the claimed arrays): a folder in this run's staging
     * folder, moved into place by {@link #commit()}. Call once per array, on the driver, before the tasks start.
     */
    Location array(String name) throws IOException {
        if (local != null) {
            return Location.of(local.stageFolder(name));
        }
        if (!arrays.contains(name) || stagedArrays.containsKey(name)) {
            throw new IllegalArgumentException(name + " is not an array of this run's output " + arrays
                    + " or was staged twice");
        }
        Location where = remoteArrays.resolve(name);
        where.mkdirs();
        stagedArrays.put(name, where);
        return where;
    }

    /** Writes {@code name}, one of the claimed files, into this run's staging area. */
    void stage(String name, OutputFolder.Writer writer) throws IOException {
        if (local != null) {
            local.stage(name, writer);
            return;
        }
        if (!names.contains(name) || staged.containsKey(name)) {
            throw new IllegalArgumentException(name + " is not a file of this run's output " + names
                    + " or was staged twice");
        }
        Path file = remoteStaging.resolve(name);
        writer.write(file);
        staged.put(name, file);
    }

    /** Puts the whole staged set in place; returns where the files went, in claim order. */
    List<String> commit() throws IOException {
        List<String> written = new ArrayList<>();
        if (local != null) {
            for (Path p : local.commit()) {
                written.add(p.toString());
            }
            return written;
        }
        List<String> missing = new ArrayList<>(names);
        missing.removeAll(staged.keySet());
        List<String> missingArrays = new ArrayList<>(arrays);
        missingArrays.removeAll(stagedArrays.keySet());
        missing.addAll(missingArrays);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not every planned file was written: " + missing);
        }
        List<String> all = new ArrayList<>(names);
        all.addAll(arrays);
        refuseClashes(out, all, overwrite);
        // arrays first (renames), the small files last: summary.json appears only when everything else is in place
        List<String> replaced = new ArrayList<>();
        List<String> moved = new ArrayList<>();
        Location aside = remoteArrays.resolve(REPLACED);
        try {
            for (String a : arrays) {
                Location target = out.resolve(a);
                if (target.exists()) {
                    aside.mkdirs();
                    target.rename(aside.resolve(a));
                    replaced.add(a);
                }
                stagedArrays.get(a).rename(target);
                moved.add(a);
            }
        } catch (IOException e) {
            // put the earlier arrays back (best effort: without a lock or atomic renames there is no journal)
            for (String a : moved) {
                out.resolve(a).rename(stagedArrays.get(a));
            }
            for (String a : replaced) {
                aside.resolve(a).rename(out.resolve(a));
            }
            throw new IOException("could not move the arrays into " + out + " (" + e.getMessage() + "); the "
                    + "earlier results were put back", e);
        }
        for (String a : arrays) {
            written.add(out.resolve(a).toString());
        }
        for (String n : names) {
            Location target = out.resolve(n);
            target.write(Files.readAllBytes(staged.get(n)));
            written.add(target.toString());
        }
        return written;
    }

    /**
     * Waits (with {@code wait}) before discarding: when a job fails, Spark kills its other tasks asynchronously, and a
     * task still writing a chunk would put it back into a staging folder already deleted.
     */
    ResultFiles discardAfter(Runnable wait) {
        this.beforeDiscard = wait;
        return this;
    }

    /** Discards what was not committed and releases the claim. */
    @Override
    public void close() throws IOException {
        beforeDiscard.run();
        if (local != null) {
            local.close();
        } else {
            Location.of(remoteStaging).deleteTree();
            // the staged arrays of a failed run, or the arrays a committed run replaced
            remoteArrays.deleteTree();
        }
    }

    private static void checkArrays(Location out, List<String> arrays) throws IOException {
        for (String a : arrays) {
            Location where = out.resolve(a);
            if (where.isFile()) {
                throw new InvalidInputException("output " + where + " is a file, so the array " + a + " cannot be "
                        + "written there; move it away or choose another output folder");
            }
        }
    }

    private static void refuseClashes(Location out, List<String> names, boolean overwrite) throws IOException {
        if (overwrite) {
            return;
        }
        List<String> clashes = new ArrayList<>();
        for (String n : names) {
            if (out.resolve(n).exists()) {
                clashes.add(n);
            }
        }
        if (!clashes.isEmpty()) {
            throw new InvalidInputException("output folder " + out + " already holds " + String.join(", ", clashes)
                    + "; choose another folder or allow overwrite");
        }
    }
}
