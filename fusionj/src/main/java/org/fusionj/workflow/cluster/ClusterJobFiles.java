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
        OutputPlan plan = OutputPlan.folder(dir, NAMES, overwrite);
        plan.check();
        try (OutputFolder out = plan.claim("Prepare Cluster Job")) {
            out.stage(ClusterJob.FILE_NAME, tmp -> Files.writeString(tmp, job.toJson(dir), StandardCharsets.UTF_8));
            out.stage(ClusterScripts.SPARK_SUBMIT, tmp -> script(tmp, ClusterScripts.sparkSubmit(job)));
            out.stage(ClusterScripts.SLURM, tmp -> script(tmp, ClusterScripts.slurm(job)));
            out.stage(ClusterScripts.LSF, tmp -> script(tmp, ClusterScripts.lsf(job)));
            return out.commit();
        }
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
