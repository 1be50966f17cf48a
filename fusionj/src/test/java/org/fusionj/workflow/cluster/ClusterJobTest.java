package org.fusionj.workflow.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.fusionj.core.InvalidInputException;
import org.fusionj.core.registration.TransformType;
import org.fusionj.core.xanes.EdgeMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** job.json round trip, parameter names shared with the other front-ends, the submit scripts. */
class ClusterJobTest {

    @TempDir
    Path tmp;

    static ClusterJob job(Path dir) {
        Map<String, Object> reg = new LinkedHashMap<>();
        reg.put("transform", "rigid");
        reg.put("levels", 3.0);
        reg.put("downsample", 2.0);
        Map<String, Object> xanes = new LinkedHashMap<>();
        xanes.put("edge", "Mn K");
        xanes.put("e0", 6549.0);
        xanes.put("methods", "half_height,white_line");
        xanes.put("particles", true);
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("nodes", 8.0);
        res.put("partition", "gpu-free");
        return new ClusterJob("pipeline", new ClusterJob.Input("zarr", dir.resolve("series.zarr"), "",
                new double[] {6500, 6550.5, 6600, 6650}, new double[] {20, 20, 25}, "nm"), dir.resolve("out"), false,
                "raw", false, new int[] {64, 64, 32}, reg, xanes, Map.of(), res);
    }

    @Test
    void theJobFileRoundTripsAndSpeaksTheFrontEndsParameterNames() throws Exception {
        List<Path> written = ClusterJobFiles.write(job(tmp), tmp, false);
        assertEquals(4, written.size());
        ClusterJob back = ClusterJob.read(tmp.resolve(ClusterJob.FILE_NAME));
        assertEquals("pipeline", back.command());
        assertEquals(tmp.resolve("series.zarr").toAbsolutePath().normalize().toString(), back.input().path());
        assertArrayEquals(new double[] {6500, 6550.5, 6600, 6650}, back.input().energiesEv());
        assertArrayEquals(new int[] {64, 64, 32}, back.blockSize());
        assertEquals(TransformType.RIGID, back.registrationParameters().transform());
        assertEquals(3, back.registrationParameters().levels());
        assertEquals(2, back.twoStageSettings().downsample());
        assertEquals(256, back.twoStageSettings().refineBox());
        assertEquals(6549, back.xanesParameters().e0Ev());
        assertTrue(back.xanesParameters().has(EdgeMethod.WHITE_LINE));
        assertTrue(back.particles());
        String json = Files.readString(tmp.resolve("job.json"));
        assertTrue(json.contains("\"path\": \"series.zarr\""), "paths below the job folder are relative: " + json);
        String slurm = Files.readString(tmp.resolve(ClusterScripts.SLURM));
        assertTrue(slurm.contains("#SBATCH --nodes=8") && slurm.contains("#SBATCH --partition=gpu-free")
                && slurm.contains("org.apache.spark.deploy.worker.Worker"), slurm);
        assertTrue(Files.readString(tmp.resolve(ClusterScripts.LSF)).contains("blaunch"));
        assertTrue(Files.readString(tmp.resolve(ClusterScripts.SPARK_SUBMIT)).contains("--master \"$MASTER\""));
        assertTrue(Files.isExecutable(tmp.resolve(ClusterScripts.SPARK_SUBMIT)));
        // existing files are refused unless overwrite
        assertThrows(InvalidInputException.class, () -> ClusterJobFiles.write(job(tmp), tmp, false));
        ClusterJobFiles.write(job(tmp), tmp, true);
    }

    /** A job.json written by hand: edge_fit_window as text or as a two-number list, read through the XANES schema. */
    @Test
    void theEdgeFitWindowIsReadAsTextOrAsAList() {
        String head = "{\"format\": \"fusionj-cluster-job\", \"version\": 1, \"command\": \"xanes\", "
                + "\"input\": {\"path\": \"a\"}, \"output\": {\"path\": \"b\"}, \"xanes\": {\"edge_fit_window\": ";
        assertEquals(new org.fusionj.core.xanes.EnergyWindow(-12, 20), ClusterJob.parse(head + "[-12, 20]}}", tmp)
                .xanesParameters().edgeFitWindow());
        assertEquals(new org.fusionj.core.xanes.EnergyWindow(-10.5, 18), ClusterJob.parse(head + "\"-10.5,18\"}}",
                tmp).xanesParameters().edgeFitWindow());
        assertEquals(org.fusionj.core.xanes.XanesParameters.DEFAULT_FIT_WINDOW, job(tmp).xanesParameters()
                .edgeFitWindow());
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ClusterJob.parse(head
                + "[5, 25]}}", tmp).xanesParameters());
        assertTrue(e.getMessage().contains("edge_fit_window must reach below and above"), e.getMessage());
    }

    @Test
    void badJobFilesAreRefusedWithTheProblemNamed() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> ClusterJob.parse(
                "{\"format\": \"fusionj-cluster-job\", \"version\": 2}", tmp));
        assertTrue(e.getMessage().contains("version 2"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> ClusterJob.parse("{\"format\": \"fusionj-cluster-job\", "
                + "\"version\": 1, \"command\": \"fuse\", \"input\": {\"path\": \"a\"}, \"output\": {\"path\": \"b\"}}",
                tmp));
        assertTrue(e.getMessage().contains("fuse"), e.getMessage());
        e = assertThrows(InvalidInputException.class, () -> ClusterJob.parse("{\"format\": \"fusionj-cluster-job\", "
                + "\"version\": 1, \"command\": \"xanes\", \"input\": {\"path\": \"a\"}, \"output\": {\"path\": \"b\"}, "
                + "\"block_size\": [4, 64, 64]}", tmp));
        assertTrue(e.getMessage().contains("block_size"), e.getMessage());
    }

    @Test
    void hadoopUrisStayAsTheyAreAndHdf5OnAnObjectStoreIsRefused() throws Exception {
        ClusterJob j = job(tmp);
        ClusterJob uri = new ClusterJob(j.command(), new ClusterJob.Input("zarr", "s3a://bucket/data/series.zarr", "",
                j.input().energiesEv(), null, null), "hdfs://namenode:8020/results/run1", false, "raw", false,
                j.blockSize(), j.registration(), j.xanes(), j.enhance(), j.resources());
        ClusterJob back = ClusterJob.parse(uri.toJson(tmp), tmp);
        assertEquals("s3a://bucket/data/series.zarr", back.input().path());
        assertEquals("hdfs://namenode:8020/results/run1", back.output());
        ClusterJob file = ClusterJob.parse(uri.toJson(tmp).replace("hdfs://namenode:8020/results/run1",
                "file:///data/results"), tmp);
        assertEquals("file:///data/results", file.output());
        assertTrue(ClusterJob.isUri("file:/data/x") && !ClusterJob.isUri("/data/x") && !ClusterJob.isUri("C:/data")
                && !ClusterJob.isUri("results"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> new ClusterJob.Input("hdf5",
                "s3a://bucket/series.h5", "/series", null, null, null));
        assertTrue(e.getMessage().contains("Zarr"), e.getMessage());
    }
}
