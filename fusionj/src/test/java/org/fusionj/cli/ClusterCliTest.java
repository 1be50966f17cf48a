package org.fusionj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.fusionj.core.registration.TransformType;
import org.fusionj.workflow.cluster.ClusterJob;
import org.fusionj.workflow.cluster.ClusterJobFiles;
import org.fusionj.workflow.cluster.ClusterScripts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code fusionj cluster}: job.json and the scheduler's submit script in a claimed job folder, read back as the
 * Spark driver reads them; one-line refusals with nothing written.
 */
@Timeout(60)
class ClusterCliTest {

    @TempDir
    Path tmp;

    private Path series() throws Exception {
        Path s = tmp.resolve("series.zarr");
        Files.createDirectories(s);
        Files.writeString(s.resolve(".zarray"), "{}");
        return s;
    }

    @Test
    void writesTheJobAndTheSlurmScriptTheDriverReads() throws Exception {
        Path series = series();
        Path job = tmp.resolve("job");
        CliRun r = CliRun.of("cluster", "--input", series.toString(), "--out", job.toString(), "--energies",
                "6530,6540,6550,6560", "--voxel_size", "20", "--unit", "nm", "--transform", "rigid", "--downsample",
                "2", "--levels", "3", "--edge", "Fe K", "--particles", "--block_size", "64", "--nodes", "8",
                "--queue", "short", "--time", "02:30:00", "--executor_memory", "24g", "--write_registered",
                "--edge_fit_window", "-12,20");
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("sbatch " + job.resolve(ClusterScripts.SLURM)), r.out());
        try (Stream<Path> files = Files.list(job)) {
            assertEquals(List.of(ClusterJob.FILE_NAME, ClusterScripts.SLURM),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        ClusterJob back = ClusterJob.read(job.resolve(ClusterJob.FILE_NAME));
        assertEquals("pipeline", back.command());
        assertEquals("zarr", back.input().format());
        assertEquals(series.toAbsolutePath().toString(), back.input().path());
        assertArrayEquals(new double[] {6530, 6540, 6550, 6560}, back.input().energiesEv());
        assertArrayEquals(new double[] {20, 20, 20}, back.input().voxelSize());
        assertEquals("nm", back.input().unit());
        assertEquals(job.resolve("results").toAbsolutePath().toString(), back.output());
        assertTrue(back.writeRegistered());
        assertArrayEquals(new int[] {64, 64, 64}, back.blockSize());
        assertEquals(TransformType.RIGID, back.registrationParameters().transform());
        assertEquals(3, back.registrationParameters().levels());
        assertEquals(2, back.twoStageSettings().downsample());
        assertEquals("highest", back.fixedEnergy());
        assertTrue(back.particles());
        assertEquals(7112, back.xanesParameters().e0Ev(), 1e-9);
        assertEquals(new org.fusionj.core.xanes.EnergyWindow(-12, 20), back.xanesParameters().edgeFitWindow());
        assertEquals("short", ClusterJob.text(back.resources(), "partition"));
        String script = Files.readString(job.resolve(ClusterScripts.SLURM), StandardCharsets.UTF_8);
        assertEquals(ClusterScripts.slurm(back), script);
        assertTrue(script.contains("#SBATCH --nodes=8") && script.contains("#SBATCH --time=02:30:00")
                && script.contains("#SBATCH --partition=short") && script.contains("--executor-memory 24g"), script);
        assertTrue(Files.isExecutable(job.resolve(ClusterScripts.SLURM)));
        // the same folder again: refused without --overwrite, replaced with it
        CliRun again = CliRun.of("cluster", "--input", series.toString(), "--out", job.toString());
        again.assertRefused(ClusterJob.FILE_NAME);
        assertEquals(0, CliRun.of("cluster", "--input", series.toString(), "--out", job.toString(), "--overwrite")
                .status());
    }

    @Test
    void eachSchedulerGetsItsScript() throws Exception {
        Path series = series();
        String[][] cases = {{"lsf", ClusterScripts.LSF, "#BSUB -n 128"}, {"yarn", ClusterScripts.SPARK_SUBMIT,
            "MASTER=\"${MASTER:-yarn}\""}, {"kubernetes", ClusterScripts.SPARK_SUBMIT,
                "MASTER=\"${MASTER:-k8s://https://k8s.example.org:6443}\""}, {"local", ClusterScripts.LOCAL,
                    "--master \"local[4]\""}};
        for (String[] c : cases) {
            Path job = tmp.resolve("job-" + c[0]);
            CliRun r = CliRun.of("cluster", "--input", series.toString(), "--out", job.toString(), "--scheduler", c[0],
                    "--master", "k8s://https://k8s.example.org:6443", "--stage", "xanes");
            assertEquals(0, r.status(), c[0] + ": " + r.out() + r.err());
            try (Stream<Path> files = Files.list(job)) {
                assertEquals(List.of(ClusterJob.FILE_NAME, c[1]).stream().sorted().toList(),
                        files.map(p -> p.getFileName().toString()).sorted().toList(), c[0]);
            }
            ClusterJob back = ClusterJob.read(job.resolve(ClusterJob.FILE_NAME));
            assertEquals("xanes", back.command());
            String script = Files.readString(job.resolve(c[1]), StandardCharsets.UTF_8);
            assertEquals(ClusterJobFiles.text(back, c[1]), script, c[0]);
            assertTrue(script.contains(c[2]), c[0] + ":\n" + script);
        }
    }

    @Test
    void anHdf5InputAndAnEnhanceJob() throws Exception {
        Path h5 = Files.writeString(tmp.resolve("series.h5"), "x");
        Path dict = Files.writeString(tmp.resolve("dictionary.tif"), "x");
        Path job = tmp.resolve("job");
        CliRun r = CliRun.of("cluster", "--input", h5.toString(), "--dataset", "/exchange/data", "--out",
                job.toString(), "--stage", "enhance", "--dictionary", dict.toString(), "--results",
                "s3a://bucket/enhanced");
        assertEquals(0, r.status(), r.out() + r.err());
        ClusterJob back = ClusterJob.read(job.resolve(ClusterJob.FILE_NAME));
        assertEquals("hdf5", back.input().format());
        assertEquals("/exchange/data", back.input().dataset());
        assertEquals(dict.toAbsolutePath().toString(), ClusterJob.text(back.enhance(), "dictionary"));
        assertEquals("s3a://bucket/enhanced", back.output());
    }

    @Test
    void badInputIsRefusedInOneLineAndNothingIsWritten() throws Exception {
        String series = series().toString();
        Path job = tmp.resolve("refused");
        String out = job.toString();
        CliRun.of("cluster", "--input", series, "--out", out, "--scheduler", "kubernetes")
                .assertRefused("master", "k8s://");
        CliRun.of("cluster", "--input", Files.writeString(tmp.resolve("s.tif"), "x").toString(), "--out", out)
                .assertRefused("s.tif", "Zarr", "HDF5");
        CliRun.of("cluster", "--input", tmp.resolve("missing.zarr").toString(), "--out", out)
                .assertRefused("missing.zarr", "does not exist");
        CliRun.of("cluster", "--input", series, "--out", out, "--stage", "enhance").assertRefused("dictionary");
        CliRun.of("cluster", "--input", series, "--out", out, "--executor_memory", "lots")
                .assertRefused("executor_memory", "16g");
        CliRun.of("cluster", "--input", series, "--out", out, "--time", "4h").assertRefused("time", "HH:MM:SS");
        CliRun.of("cluster", "--input", series, "--out", out, "--energies", "6530").assertRefused("energies");
        CliRun.of("cluster", "--input", series, "--out", out, "--scheduler", "pbs").assertRefused("scheduler", "slurm");
        CliRun.of("cluster", "--input", series, "--out", out, "--block_size", "4").assertRefused("block_size");
        CliRun.of("cluster", "--input", series, "--out", out, "--edge_fit_window", "5,25")
                .assertRefused("edge_fit_window", "-15,25");
        CliRun.of("cluster", "--input", series).assertRefused("--out");
        assertFalse(Files.exists(job), "a refused run wrote " + job);
    }
}
