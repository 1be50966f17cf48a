package org.fusionj.workflow.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The submit scripts run as bash runs them, with the cluster's commands replaced by stand-ins that log their
 * arguments (spark-submit, scontrol, srun, blaunch, Spark's sbin scripts, sleep): each script parses, starts the
 * master and one worker per node where it should, submits the driver with the job's command and job.json from its
 * own folder, and stops the master at the end. No cluster is needed; what a real scheduler does is not tested.
 */
@Timeout(60)
class ClusterScriptsRunTest {

    @TempDir
    Path tmp;

    private Path jobDir;
    private Path fakes;
    private Path sparkHome;
    private Path log;

    @BeforeEach
    void writeJobAndFakes() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")),
                "bash is needed to run the submit scripts");
        jobDir = tmp.resolve("job dir");
        Files.createDirectories(jobDir);
        ClusterJobFiles.write(ClusterJobTest.job(jobDir), jobDir, false);
        log = tmp.resolve("calls.log");
        fakes = tmp.resolve("bin");
        sparkHome = tmp.resolve("spark");
        Files.createDirectories(fakes);
        Files.createDirectories(sparkHome.resolve("sbin"));
        Files.createDirectories(sparkHome.resolve("bin"));
        for (String name : List.of("spark-submit", "srun", "blaunch")) {
            fake(fakes.resolve(name), name);
        }
        // the scripts sleep while the workers start: the stand-in waits until the background workers have logged
        // (EXPECTED_WORKERS lines), so the order of the log does not depend on the machine's load
        Files.writeString(fakes.resolve("sleep"), "#!/usr/bin/env bash\nfor i in $(seq 300); do\n"
                + "  n=$(grep -cE '^(srun|blaunch) ' \"" + log + "\" 2>/dev/null || true)\n"
                + "  [ \"${n:-0}\" -ge \"${EXPECTED_WORKERS:-0}\" ] && exit 0\n"
                + "  /bin/sleep 0.1 2>/dev/null || /usr/bin/sleep 0.1\ndone\nexit 1\n", StandardCharsets.UTF_8);
        executable(fakes.resolve("sleep"));
        Files.writeString(fakes.resolve("scontrol"), "#!/usr/bin/env bash\nprintf 'node1\\nnode2\\n'\n");
        executable(fakes.resolve("scontrol"));
        fake(sparkHome.resolve("sbin/start-master.sh"), "start-master");
        fake(sparkHome.resolve("sbin/stop-master.sh"), "stop-master");
        fake(sparkHome.resolve("bin/spark-class"), "spark-class");
        fake(sparkHome.resolve("bin/spark-submit"), "spark-submit");
    }

    @Test
    void everyScriptParses() throws Exception {
        for (String script : List.of(ClusterScripts.SPARK_SUBMIT, ClusterScripts.SLURM, ClusterScripts.LSF)) {
            assertEquals(0, run(List.of("bash", "-n", jobDir.resolve(script).toString()), Map.of()), script);
        }
    }

    @Test
    void sparkSubmitGoesToYarnWithTheJobBesideTheScript() throws Exception {
        assertEquals(0, run(List.of(jobDir.resolve(ClusterScripts.SPARK_SUBMIT).toString()), Map.of()));
        List<String> calls = calls();
        assertEquals(1, calls.size(), calls.toString());
        String submit = calls.get(0);
        assertTrue(submit.startsWith("spark-submit --master yarn --deploy-mode client --class "
                + "org.fusionj.spark.FusionJSpark"), submit);
        assertTrue(submit.endsWith(" " + jobDir.resolve("fusionj-spark-cluster.jar") + " pipeline --job "
                + jobDir.resolve("job.json")), submit);
        // Kubernetes needs an image, and says so
        assertEquals(1, run(List.of(jobDir.resolve(ClusterScripts.SPARK_SUBMIT).toString()), Map.of("MASTER",
                "k8s://https://api:6443")));
    }

    @Test
    void slurmStartsAWorkerPerNodeSubmitsToItsMasterAndStopsIt() throws Exception {
        assertEquals(0, run(List.of(jobDir.resolve(ClusterScripts.SLURM).toString(), "xanes"), Map.of(
                "SPARK_HOME", sparkHome.toString(), "SLURM_JOB_ID", "42", "SLURM_JOB_NODELIST", "node[1-2]",
                "SLURM_JOB_NUM_NODES", "2", "SLURM_CPUS_PER_TASK", "8", "SLURM_MEM_PER_NODE", "10240",
                "EXPECTED_WORKERS", "1")));
        List<String> calls = calls();
        assertTrue(calls.contains("start-master --host node1 --port 7077"), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("srun --nodes=2 --ntasks-per-node=1 --cpus-per-task=8 "
                + sparkHome.resolve("bin/spark-class") + " org.apache.spark.deploy.worker.Worker --cores 8 "
                + "--memory 9216m spark://node1:7077")), calls.toString());
        String submit = calls.stream().filter(c -> c.startsWith("spark-submit")).findFirst().orElse("none");
        assertTrue(submit.startsWith("spark-submit --master spark://node1:7077 --class org.fusionj.spark.FusionJSpark"
                + " --executor-cores 4 --executor-memory 16g --driver-memory 4g ")
                && submit.endsWith(" xanes --job " + jobDir.resolve("job.json")), submit);
        assertEquals("stop-master", calls.get(calls.size() - 1), calls.toString());
        assertTrue(Files.isDirectory(jobDir.resolve("spark-logs-42")));
    }

    @Test
    void lsfLaunchesAWorkerOnEveryHostOnce() throws Exception {
        Path hosts = tmp.resolve("hosts");
        Files.writeString(hosts, "hostA\nhostA\nhostB\nhostB\n");
        assertEquals(0, run(List.of(jobDir.resolve(ClusterScripts.LSF).toString()), Map.of("SPARK_HOME",
                sparkHome.toString(), "LSB_JOBID", "7", "LSB_DJOB_HOSTFILE", hosts.toString(), "EXPECTED_WORKERS", "2")));
        List<String> calls = calls();
        assertTrue(calls.contains("start-master --host hostA --port 7077"), calls.toString());
        assertEquals(2, calls.stream().filter(c -> c.startsWith("blaunch -z ")).count(), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("blaunch -z hostB " + sparkHome.resolve(
                "bin/spark-class") + " org.apache.spark.deploy.worker.Worker --cores 32 --memory 128g "
                + "spark://hostA:7077")), calls.toString());
        assertTrue(calls.stream().anyMatch(c -> c.startsWith("spark-submit --master spark://hostA:7077")
                && c.endsWith(" pipeline --job " + jobDir.resolve("job.json"))), calls.toString());
        assertEquals("stop-master", calls.get(calls.size() - 1), calls.toString());
    }

    /** A stand-in command that appends its name and arguments (one line) to the log. */
    private void fake(Path file, String name) throws IOException {
        Files.writeString(file, "#!/usr/bin/env bash\necho \"" + name + " $*\" >> \"" + log + "\"\n",
                StandardCharsets.UTF_8);
        executable(file);
    }

    private static void executable(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private int run(List<String> command, Map<String, String> env) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("output.txt").toFile());
        pb.environment().put("PATH", fakes + ":" + System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        pb.environment().remove("FUSIONJ_SPARK_JAR");
        pb.environment().remove("MASTER");
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in 30 s");
        }
        return p.exitValue();
    }

    /** The logged calls, in order. */
    private List<String> calls() throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.exists(log)) {
            for (String l : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                lines.add(l.strip());
            }
        }
        return lines;
    }
}
