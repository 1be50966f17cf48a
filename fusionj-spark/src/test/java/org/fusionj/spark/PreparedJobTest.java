package org.fusionj.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.fusionj.cli.FusionJCli;
import org.fusionj.core.spectral.Energies;
import org.fusionj.core.xanes.EdgeEstimator;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.cluster.ClusterJobFiles;
import org.fusionj.workflow.cluster.ClusterResult;
import org.fusionj.workflow.cluster.ClusterScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job folder written by the plugin's {@code fusionj cluster} (the code Prepare Cluster Job... runs) is what
 * this module reads and runs: the driver reads its job.json and maps the series in local[2], and its submit
 * scripts are the ones this module writes for the same job.
 */
class PreparedJobTest {

    @TempDir
    Path tmp;

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void theDriverRunsAJobThePluginPrepared() throws Exception {
        SpectroPhantom p = new SpectroPhantom(24, SparkPipelineTest.thinnedPaperScan(), 5);
        Path series = p.writeZarr(tmp.resolve("series.zarr"), 16, 2);
        Path jobDir = tmp.resolve("job");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = FusionJCli.run(List.of("cluster", "--input", series.toString(), "--out", jobDir.toString(),
                "--stage", "xanes", "--scheduler", "slurm", "--energies", Energies.text(p.energies()), "--e0",
                Energies.text(SpectroPhantom.E0), "--edge_estimator", "interpolate", "--block_size", "16",
                "--nodes", "2", "--quiet"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(0, status, out + err.toString());

        Path jobFile = jobDir.resolve(ClusterJob.FILE_NAME);
        ClusterJob job = ClusterJob.read(jobFile);
        assertEquals(EdgeEstimator.INTERPOLATE, job.xanesParameters().edgeEstimator());
        assertEquals(SpectroPhantom.E0, job.xanesParameters().e0Ev(), 1e-9);

        // the scripts: what this module writes for the job it read
        Path moduleDir = tmp.resolve("module");
        ClusterJobFiles.write(job, moduleDir, false);
        assertEquals(Files.readString(moduleDir.resolve(ClusterScripts.SLURM)),
                Files.readString(jobDir.resolve(ClusterScripts.SLURM)));

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        int ran = FusionJSpark.run(new String[] {"xanes", "--job", jobFile.toString(), "--local", "2"},
                new PrintStream(log, true, StandardCharsets.UTF_8));
        assertEquals(0, ran, log.toString());
        Path results = jobDir.resolve("results");
        assertTrue(Files.isDirectory(results.resolve(ClusterResult.MAPS)), "no maps in " + results + ":\n" + log);
    }
}
