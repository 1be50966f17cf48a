package org.fusionj.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;

/**
 * The output of one distributed run, claimed on the driver before any work: the small result files
 * (transforms.json, CSV tables, overview.h5, energies.txt, summary.json) are staged as the run makes them and
 * committed together at its end; the chunked arrays (maps.zarr, ...) are folders the tasks write into directly.
 *
 * <p>On a local path the files go through the single-machine commands' {@link OutputPlan} and {@link OutputFolder}:
 * the folder is claimed for this run (a second run into it is refused, naming the first), every file is staged in
 * this run's staging folder and moved into place only when the whole set is written, and a failed or killed run
 * leaves none of them. Under a Hadoop URI (no lock or rename to rely on) the same checks are made on names, each
 * file is made by the same writer in a local temporary folder and stored whole ({@link Location#write}) at the
 * commit. With overwrite, the earlier run's arrays of the same names are removed when the output is claimed
 * (see {@link #removeEarlierArrays}).
 */
final class ResultFiles implements AutoCloseable {

    private final Location out;
    private final List<String> names;
    private final boolean overwrite;
    private final OutputFolder local;
    private final Path remoteStaging;
    private final Map<String, Path> staged = new LinkedHashMap<>();

    private ResultFiles(Location out, List<String> names, boolean overwrite, OutputFolder local,
            Path remoteStaging) {
        this.out = out;
        this.names = List.copyOf(names);
        this.overwrite = overwrite;
        this.local = local;
        this.remoteStaging = remoteStaging;
    }

    /**
     * Checks the output before any work and claims it: {@code files} are the result files this run will commit,
     * {@code arrays} the array folders its tasks will write (refused when present, unless overwrite).
     *
     * @param run names this run to a second run refused the same folder (e.g. "fusionj-spark pipeline")
     */
    static ResultFiles claim(Location out, List<String> files, List<String> arrays, boolean overwrite, String run)
            throws IOException {
        if (out.isLocal()) {
            OutputPlan plan = OutputPlan.folder(out.path(), files, overwrite);
            plan.check();
            checkArrays(out, arrays, overwrite);
            OutputFolder claimed = plan.claim(run);
            try {
                removeEarlierArrays(out, arrays);
            } catch (IOException | RuntimeException e) {
                claimed.close();
                throw e;
            }
            return new ResultFiles(out, files, overwrite, claimed, null);
        }
        if (out.isFile()) {
            throw new InvalidInputException("output " + out + " is a file, not a folder; name a folder");
        }
        List<String> all = new ArrayList<>(files);
        all.addAll(arrays);
        refuseClashes(out, all, overwrite);
        removeEarlierArrays(out, arrays);
        out.mkdirs();
        return new ResultFiles(out, files, overwrite, null, Files.createTempDirectory("fusionj-results"));
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
        if (!missing.isEmpty()) {
            throw new IllegalStateException("not every planned file was written: " + missing);
        }
        refuseClashes(out, names, overwrite);
        for (String n : names) {
            Location target = out.resolve(n);
            target.write(Files.readAllBytes(staged.get(n)));
            written.add(target.toString());
        }
        return written;
    }

    /** Discards what was not committed and releases the claim. */
    @Override
    public void close() throws IOException {
        if (local != null) {
            local.close();
        } else {
            Location.of(remoteStaging).deleteTree();
        }
    }

    private static void checkArrays(Location out, List<String> arrays, boolean overwrite) throws IOException {
        for (String a : arrays) {
            Location where = out.resolve(a);
            if (where.isFile()) {
                throw new InvalidInputException("output " + where + " is a file, so the array " + a + " cannot be "
                        + "written there; move it away or choose another output folder");
            }
        }
        refuseClashes(out, arrays, overwrite);
    }

    /**
     * With overwrite, an earlier run's arrays of the same names are removed before this run writes its own: the
     * tasks write chunk by chunk into the folders, so an earlier array left in place would mix with the new one
     * (chunks this run's grid does not cover, maps or labels this run does not make). Unlike the result files,
     * the earlier arrays are not kept until the commit: they can be as large as the input.
     */
    private static void removeEarlierArrays(Location out, List<String> arrays) throws IOException {
        for (String a : arrays) {
            Location where = out.resolve(a);
            if (where.exists()) {
                where.deleteTree();
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
