package org.fusionj.workflow.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.fusionj.workflow.OutputFolder;
import org.fusionj.workflow.OutputPlan;

/**
 * Writes a cluster job's files into a folder: {@code job.json} and the submit scripts of {@link ClusterScripts}
 * (executable). What the Fiji command {@code Prepare Cluster Job...} calls; existing files are refused unless
 * {@code overwrite}, and nothing is left half-written.
 */
public final class ClusterJobFiles {

    public static final List<String> NAMES = List.of(ClusterJob.FILE_NAME, ClusterScripts.SPARK_SUBMIT,
            ClusterScripts.SLURM, ClusterScripts.LSF);

    private ClusterJobFiles() {
    }

    /** @return the files written, job.json first */
    public static List<Path> write(ClusterJob job, Path dir, boolean overwrite) throws IOException {
        return write(job, dir, overwrite, NAMES.subList(1, NAMES.size()));
    }

    /**
     * Writes job.json and the named scripts ({@link ClusterScripts#SPARK_SUBMIT}, {@code SLURM}, {@code LSF},
     * {@code LOCAL}) as one set: checked before anything is written, claimed, committed whole.
     *
     * @return the files written, job.json first
     */
    public static List<Path> write(ClusterJob job, Path dir, boolean overwrite, List<String> scripts)
            throws IOException {
        List<String> names = new java.util.ArrayList<>(List.of(ClusterJob.FILE_NAME));
        names.addAll(scripts);
        OutputPlan plan = OutputPlan.folder(dir, names, overwrite);
        plan.check();
        try (OutputFolder out = plan.claim("Prepare Cluster Job")) {
            out.stage(ClusterJob.FILE_NAME, tmp -> Files.writeString(tmp, job.toJson(dir), StandardCharsets.UTF_8));
            for (String name : scripts) {
                out.stage(name, tmp -> script(tmp, text(job, name)));
            }
            return out.commit();
        }
    }

    /** The text of script {@code name} for {@code job}. */
    public static String text(ClusterJob job, String name) {
        return switch (name) {
            case ClusterScripts.SPARK_SUBMIT -> ClusterScripts.sparkSubmit(job);
            case ClusterScripts.SLURM -> ClusterScripts.slurm(job);
            case ClusterScripts.LSF -> ClusterScripts.lsf(job);
            case ClusterScripts.LOCAL -> ClusterScripts.local(job);
            default -> throw new IllegalArgumentException("no submit script named " + name);
        };
    }

    private static void script(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (UnsupportedOperationException notPosix) {
            // Windows: the scripts are run on the cluster anyway
        }
    }
}
