package org.fusionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.fusionj.core.registration.TransformType;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.cluster.ClusterScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

/** Prepare Cluster Job as a SciJava command through a real Context, headless: the CLI's job, the same refusals. */
@Timeout(120)
class PrepareClusterJobCommandTest extends SciJavaContext {

    @TempDir
    Path temp;

    @Test
    void writesTheJobFolderAndRefusesBadInput() throws Exception {
        Path series = Files.createDirectories(temp.resolve("series.zarr"));
        Files.writeString(series.resolve(".zarray"), "{}");
        Path job = temp.resolve("job");
        CommandModule m = run(PrepareClusterJobCommand.class, "input", series.toString(), "output", job.toFile(),
                "stage", "register", "scheduler", "local", "transform", "translation", "executor_cores", 2,
                "energies", "6530,6540", "executor_memory", "16g", "driver_memory", "4g");
        assertFalse(m.isCanceled(), m.getCancelReason());
        assertTrue(((String) m.getOutput("written")).contains(ClusterScripts.LOCAL), (String) m.getOutput("written"));
        ClusterJob back = ClusterJob.read(job.resolve(ClusterJob.FILE_NAME));
        assertEquals("register", back.command());
        assertEquals(TransformType.TRANSLATION, back.registrationParameters().transform());
        String script = Files.readString(job.resolve(ClusterScripts.LOCAL), StandardCharsets.UTF_8);
        assertEquals(ClusterScripts.local(back), script);
        assertTrue(script.contains("local[2]"), script);

        Path refused = temp.resolve("refused");
        m = run(PrepareClusterJobCommand.class, "input", series.toString(), "output", refused.toFile(),
                "scheduler", "kubernetes");
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("k8s://"), m.getCancelReason());
        m = run(PrepareClusterJobCommand.class, "input", series.toString(), "output", refused.toFile(),
                "scheduler", "slurm", "executor_memory", "much");
        assertTrue(m.isCanceled());
        assertTrue(m.getCancelReason().contains("executor_memory"), m.getCancelReason());
        assertFalse(Files.exists(refused));
    }
}
