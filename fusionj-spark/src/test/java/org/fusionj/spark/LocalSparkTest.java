package org.fusionj.spark;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.fusionj.io.ZarrArray;
import org.fusionj.workflow.cluster.ClusterJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * A test class with one local[2] SparkContext on the loopback interface for all its tests (starting one costs
 * several CPU-seconds), and the helpers the Spark tests share.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LocalSparkTest {

    protected JavaSparkContext sc;

    @BeforeAll
    void startSpark() {
        sc = new JavaSparkContext(FusionJSpark.configureLocal(new SparkConf().setAppName("FusionJ "
                + getClass().getSimpleName()), 2));
        sc.setLogLevel("WARN");
    }

    @AfterAll
    void stopSpark() {
        if (sc != null) {
            sc.stop();
        }
    }

    /** Runs a job's command on the class's context, printing its progress lines. */
    protected ClusterRun.Summary run(ClusterJob job, String command) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try {
            return ClusterRun.run(sc, job, command, new PrintStream(log, true));
        } finally {
            System.out.print(log);
        }
    }

    /** The job with some registration settings changed, overwrite on, and registered.zarr written or not. */
    static ClusterJob withRegistration(ClusterJob j, boolean writeRegistered, Map<String, Object> changes) {
        Map<String, Object> reg = new LinkedHashMap<>(j.registration());
        reg.putAll(changes);
        return new ClusterJob(j.command(), j.input(), j.output(), true, j.compression(), writeRegistered,
                j.blockSize(), reg, j.xanes(), j.enhance(), j.resources());
    }

    /** {@code j} with {@code changes} to its XANES options. */
    static ClusterJob withXanes(ClusterJob j, Map<String, Object> changes) {
        Map<String, Object> xanes = new LinkedHashMap<>(j.xanes());
        xanes.putAll(changes);
        return new ClusterJob(j.command(), j.input(), j.output(), j.overwrite(), j.compression(), j.writeRegistered(),
                j.blockSize(), j.registration(), xanes, j.enhance(), j.resources());
    }

    /** A whole Zarr array. */
    static float[] readAll(Path array) throws Exception {
        ZarrArray a = ZarrArray.open(array);
        long[] s = a.shape();
        int[] size = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            size[i] = (int) s[i];
        }
        return a.read(new long[s.length], size);
    }
}
