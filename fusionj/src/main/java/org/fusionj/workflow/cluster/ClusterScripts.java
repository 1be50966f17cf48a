package org.fusionj.workflow.cluster;

import java.util.Locale;
import java.util.Map;

/**
 * Ready-to-run submit scripts for a {@link ClusterJob}, written next to its job.json: spark-submit (YARN or
 * Kubernetes), a SLURM batch script that starts a standalone Spark cluster inside its allocation, and the same for
 * LSF. Each runs {@code org.fusionj.spark.FusionJSpark COMMAND --job job.json} from the shaded jar
 * ({@code fusionj-spark-VERSION-cluster.jar}). The resources come from the job's {@code resources} section:
 *
 * <table>
 * <caption>resources</caption>
 * <tr><td>executors</td><td>executor JVMs (YARN/K8s), default 4</td></tr>
 * <tr><td>executor_cores</td><td>cores per executor, default 4</td></tr>
 * <tr><td>executor_memory</td><td>heap per executor, default 16g</td></tr>
 * <tr><td>driver_memory</td><td>driver heap, default 4g</td></tr>
 * <tr><td>nodes</td><td>SLURM nodes / LSF hosts, default 4</td></tr>
 * <tr><td>cores_per_node</td><td>SLURM/LSF cores per node, default 32</td></tr>
 * <tr><td>memory_per_node</td><td>SLURM/LSF memory per node, default 128G</td></tr>
 * <tr><td>time</td><td>wall time, default 04:00:00</td></tr>
 * <tr><td>partition / queue</td><td>SLURM partition / LSF queue, default none</td></tr>
 * <tr><td>master</td><td>spark-submit's default master (yarn, or k8s://https://HOST:PORT), default yarn</td></tr>
 * <tr><td>jar</td><td>the shaded jar's path, default fusionj-spark-cluster.jar next to job.json</td></tr>
 * </table>
 */
public final class ClusterScripts {

    public static final String SPARK_SUBMIT = "submit-spark.sh";
    public static final String SLURM = "submit-slurm.sh";
    public static final String LSF = "submit-lsf.sh";
    public static final String LOCAL = "run-local.sh";

    private ClusterScripts() {
    }

    private static String get(Map<String, Object> r, String key, String fallback) {
        String v = ClusterJob.text(r, key);
        return v == null || v.isBlank() ? fallback : v;
    }

    private static String common(ClusterJob job) {
        Map<String, Object> r = job.resources();
        return "here=\"$(cd \"$(dirname \"${BASH_SOURCE[0]}\")\" && pwd)\"\n"
                + "JAR=\"${FUSIONJ_SPARK_JAR:-" + get(r, "jar", "$here/fusionj-spark-cluster.jar") + "}\"\n"
                + "JOB=\"$here/" + ClusterJob.FILE_NAME + "\"\n"
                + "COMMAND=\"${1:-" + job.command() + "}\"\n";
    }

    /** spark-submit on YARN (default) or Kubernetes (set MASTER=k8s://https://HOST:PORT and IMAGE). */
    public static String sparkSubmit(ClusterJob job) {
        Map<String, Object> r = job.resources();
        return "#!/usr/bin/env bash\n"
                + "# FusionJ on Spark: " + job.command() + " (written with job.json; edit the resources below).\n"
                + "# YARN:        ./" + SPARK_SUBMIT + "\n"
                + "# Kubernetes:  MASTER=k8s://https://API-SERVER:6443 IMAGE=registry/fusionj-spark:0.1 ./"
                + SPARK_SUBMIT + "\n"
                + "# The input and output paths of job.json must be on a file system every executor mounts (the\n"
                + "# driver runs here, in client mode, and reads job.json from this folder).\n"
                + "set -euo pipefail\n"
                + common(job)
                + "MASTER=\"${MASTER:-" + get(r, "master", "yarn") + "}\"\n"
                + "extra=()\n"
                + "if [[ \"$MASTER\" == k8s://* ]]; then\n"
                + "  extra+=(--conf \"spark.kubernetes.container.image=${IMAGE:?set IMAGE to an image holding Spark 3.5 and the jar}\")\n"
                + "  extra+=(--conf spark.kubernetes.authenticate.driver.serviceAccountName=${SERVICE_ACCOUNT:-spark})\n"
                + "  # mount the shared data volume at the same path on every executor, e.g.:\n"
                + "  # extra+=(--conf spark.kubernetes.executor.volumes.persistentVolumeClaim.data.options.claimName=data\n"
                + "  #         --conf spark.kubernetes.executor.volumes.persistentVolumeClaim.data.mount.path=/data)\n"
                + "fi\n"
                + "exec spark-submit --master \"$MASTER\" --deploy-mode client \\\n"
                + "  --class org.fusionj.spark.FusionJSpark \\\n"
                + "  --num-executors " + get(r, "executors", "4") + " --executor-cores "
                + get(r, "executor_cores", "4") + " \\\n"
                + "  --executor-memory " + get(r, "executor_memory", "16g") + " --driver-memory "
                + get(r, "driver_memory", "4g") + " \\\n"
                + "  --conf spark.task.cpus=1 \"${extra[@]}\" \\\n"
                + "  \"$JAR\" \"$COMMAND\" --job \"$JOB\"\n";
    }

    /** A SLURM batch script: a standalone Spark master and one worker per node inside the allocation. */
    public static String slurm(ClusterJob job) {
        Map<String, Object> r = job.resources();
        String partition = get(r, "partition", "");
        return "#!/usr/bin/env bash\n"
                + "#SBATCH --job-name=fusionj-" + job.command() + "\n"
                + "#SBATCH --nodes=" + get(r, "nodes", "4") + "\n"
                + "#SBATCH --ntasks-per-node=1\n"
                + "#SBATCH --cpus-per-task=" + get(r, "cores_per_node", "32") + "\n"
                + "#SBATCH --mem=" + get(r, "memory_per_node", "128G") + "\n"
                + "#SBATCH --time=" + get(r, "time", "04:00:00") + "\n"
                + (partition.isEmpty() ? "" : "#SBATCH --partition=" + partition + "\n")
                + "# FusionJ on Spark inside a SLURM allocation: starts a standalone Spark master on the first node\n"
                + "# and a worker on every node, runs the job, stops them. Submit with: sbatch " + SLURM + "\n"
                + "# Needs SPARK_HOME (Spark 3.5 for Scala 2.12) and Java 17 on the nodes; paths in job.json on a\n"
                + "# shared file system.\n"
                + "set -euo pipefail\n"
                + common(job)
                + ": \"${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 installation (e.g. module load spark)}\"\n"
                + "export SPARK_LOG_DIR=\"${SPARK_LOG_DIR:-$here/spark-logs-$SLURM_JOB_ID}\"\n"
                + "export SPARK_WORKER_DIR=\"${SPARK_WORKER_DIR:-${TMPDIR:-/tmp}/spark-$SLURM_JOB_ID}\"\n"
                + "mkdir -p \"$SPARK_LOG_DIR\"\n"
                // sed reads the whole list: head would close the pipe early, and under pipefail scontrol's
                // SIGPIPE (status 141) would end the script
                + "master_host=$(scontrol show hostnames \"$SLURM_JOB_NODELIST\" | sed -n 1p)\n"
                + "MASTER=\"spark://$master_host:7077\"\n"
                + "cores=${SLURM_CPUS_PER_TASK:-" + get(r, "cores_per_node", "32") + "}\n"
                + "mem_mb=$(( ${SLURM_MEM_PER_NODE:-131072} * 9 / 10 ))\n"
                + "\"$SPARK_HOME/sbin/start-master.sh\" --host \"$master_host\" --port 7077\n"
                + "srun --nodes=\"$SLURM_JOB_NUM_NODES\" --ntasks-per-node=1 --cpus-per-task=\"$cores\" \\\n"
                + "  \"$SPARK_HOME/bin/spark-class\" org.apache.spark.deploy.worker.Worker \\\n"
                + "  --cores \"$cores\" --memory \"${mem_mb}m\" \"$MASTER\" &\n"
                + "workers=$!\n"
                + "trap 'kill $workers 2>/dev/null || true; \"$SPARK_HOME/sbin/stop-master.sh\" || true' EXIT\n"
                + "sleep 10\n"
                + "\"$SPARK_HOME/bin/spark-submit\" --master \"$MASTER\" --class org.fusionj.spark.FusionJSpark \\\n"
                + "  --executor-cores " + get(r, "executor_cores", "4") + " --executor-memory "
                + get(r, "executor_memory", "16g")
                + " --driver-memory " + get(r, "driver_memory", "4g") + " \\\n"
                + "  \"$JAR\" \"$COMMAND\" --job \"$JOB\"\n";
    }

    /** The LSF variant: bsub resources, a standalone Spark master on the first host, workers through blaunch. */
    public static String lsf(ClusterJob job) {
        Map<String, Object> r = job.resources();
        int nodes = Integer.parseInt(get(r, "nodes", "4"));
        int cores = Integer.parseInt(get(r, "cores_per_node", "32"));
        String queue = get(r, "queue", "");
        String time = get(r, "time", "04:00:00");
        String[] hms = time.split(":");
        String lsfTime = hms.length >= 2 ? hms[0] + ":" + hms[1] : time;
        return "#!/usr/bin/env bash\n"
                + "#BSUB -J fusionj-" + job.command() + "\n"
                + "#BSUB -n " + nodes * cores + "\n"
                + "#BSUB -R \"span[ptile=" + cores + "]\"\n"
                + "#BSUB -W " + lsfTime + "\n"
                + "#BSUB -o fusionj-%J.out\n"
                + (queue.isEmpty() ? "" : "#BSUB -q " + queue + "\n")
                + "# FusionJ on Spark inside an LSF allocation: a standalone Spark master on the first host, one\n"
                + "# worker per host (blaunch), the job, then stop. Submit with: bsub < " + LSF + "\n"
                + "set -euo pipefail\n"
                + common(job)
                + ": \"${SPARK_HOME:?set SPARK_HOME to a Spark 3.5 installation}\"\n"
                + "export SPARK_LOG_DIR=\"${SPARK_LOG_DIR:-$here/spark-logs-$LSB_JOBID}\"\n"
                + "mkdir -p \"$SPARK_LOG_DIR\"\n"
                + "hosts=($(sort -u \"$LSB_DJOB_HOSTFILE\"))\n"
                + "master_host=${hosts[0]}\n"
                + "MASTER=\"spark://$master_host:7077\"\n"
                + "\"$SPARK_HOME/sbin/start-master.sh\" --host \"$master_host\" --port 7077\n"
                + "pids=()\n"
                + "for h in \"${hosts[@]}\"; do\n"
                + "  blaunch -z \"$h\" \"$SPARK_HOME/bin/spark-class\" org.apache.spark.deploy.worker.Worker \\\n"
                + "    --cores " + cores + " --memory " + get(r, "memory_per_node", "128G").toLowerCase(Locale.ROOT)
                + " \"$MASTER\" &\n"
                + "  pids+=($!)\n"
                + "done\n"
                + "trap 'kill \"${pids[@]}\" 2>/dev/null || true; \"$SPARK_HOME/sbin/stop-master.sh\" || true' EXIT\n"
                + "sleep 10\n"
                + "\"$SPARK_HOME/bin/spark-submit\" --master \"$MASTER\" --class org.fusionj.spark.FusionJSpark \\\n"
                + "  --executor-cores " + get(r, "executor_cores", "4") + " --executor-memory "
                + get(r, "executor_memory", "16g")
                + " --driver-memory " + get(r, "driver_memory", "4g") + " \\\n"
                + "  \"$JAR\" \"$COMMAND\" --job \"$JOB\"\n";
    }

    /**
     * spark-submit in local mode on the machine it runs on (a test run before the cluster, or one big machine):
     * {@code executor_cores} cores, {@code driver_memory} heap.
     */
    public static String local(ClusterJob job) {
        Map<String, Object> r = job.resources();
        return "#!/usr/bin/env bash\n"
                + "# FusionJ on Spark in local mode: " + job.command() + " on this machine. Run: ./" + LOCAL + "\n"
                + "# Needs spark-submit (Spark 3.5 for Scala 2.12) on the PATH or SPARK_HOME, and Java 17.\n"
                + "set -euo pipefail\n"
                + common(job)
                + "submit=\"${SPARK_HOME:+$SPARK_HOME/bin/}spark-submit\"\n"
                + "exec \"$submit\" --master \"local[" + get(r, "executor_cores", "4") + "]\" \\\n"
                + "  --class org.fusionj.spark.FusionJSpark --driver-memory " + get(r, "driver_memory", "4g")
                + " \\\n"
                + "  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \\\n"
                + "  \"$JAR\" \"$COMMAND\" --job \"$JOB\"\n";
    }
}
