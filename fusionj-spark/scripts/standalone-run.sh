#!/usr/bin/env bash
# A real multi-JVM Spark run on one machine: a standalone Master and Worker started from the Maven jars (no Spark
# distribution), the shaded cluster jar submitted with SparkSubmit to spark://127.0.0.1:7077 (client mode: the
# driver is the SparkSubmit JVM, the executors separate JVMs the Worker launches), and the result compared file by
# file with the same job run in local[2]. Usage: standalone-run.sh WORK_DIR [SIZE=48] [ENERGIES=20] [BLOCK=24]
# Needs (once): nice mvn -B -o package dependency:build-classpath -pl fusionj-spark -am -DskipTests \
#   -Dmdep.outputFile=fusionj-spark/target/classpath.txt -Dmdep.includeScope=test
# Exit status 0 when the two results are equal (summary.json aside: it holds timings).
set -euo pipefail
work="${1:?usage: standalone-run.sh WORK_DIR [SIZE] [ENERGIES] [BLOCK]}"
size="${2:-48}"; energies="${3:-20}"; block="${4:-24}"
module="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar=$(ls "$module"/target/fusionj-spark-*-cluster.jar | head -n 1)
classpath="$module/target/classpath.txt"
[ -f "$jar" ] && [ -f "$classpath" ] || { echo "build first (see the header of $0)" >&2; exit 2; }
mkdir -p "$work"; work="$(cd "$work" && pwd)"
if (exec 3<>/dev/tcp/127.0.0.1/7077) 2>/dev/null; then echo "port 7077 is taken: another Spark master runs" >&2; exit 2; fi

# Spark's jars only: the test classpath without FusionJ and the libraries the cluster jar carries
home="$work/spark-home"; rm -rf "$home"; mkdir -p "$home/jars"; touch "$home/RELEASE"
tr ':' '\n' < "$classpath" | grep -vE '/FusionJ_|/fusionj/target/|/net/imagej/ij/|/io/jhdf/|/org/ejml/|junit|opentest4j|apiguardian' \
  | while read -r j; do [ -n "$j" ] && ln -s "$j" "$home/jars/"; done
# the Worker builds each executor's classpath from SPARK_HOME (RELEASE + jars/) and needs the Scala version named
export SPARK_HOME="$home" SPARK_SCALA_VERSION=2.12 SPARK_LOCAL_IP=127.0.0.1 SPARK_NO_DAEMONIZE=1
opens="-XX:+IgnoreUnrecognizedVMOptions"
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
opens="$opens --add-opens=java.security.jgss/sun.security.krb5=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false"
log4j="-Dlog4j2.configurationFile=$module/log4j2-local.properties"
# master and worker: warnings, plus the worker's and master's own lines (registration, executors launched)
cat > "$work/log4j2-daemons.properties" <<'PROPS'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.deploy.name = org.apache.spark.deploy
logger.deploy.level = info
PROPS
daemonlog="-Dlog4j2.configurationFile=$work/log4j2-daemons.properties"
sparkcp="$home/jars/*"
run() { nice java $opens $log4j -Djava.awt.headless=true "$@"; }

pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

echo "== simulate ${energies} x ${size}^3 (block ${block}) in $work/data"
run -Xmx1g -cp "$jar:$sparkcp" org.fusionj.spark.FusionJSpark simulate --out "$work/data" --size "$size" \
  --energies "$energies" --block "$block" > "$work/simulate.log"
sed 's#"path": "results"#"path": "results-local"#' "$work/data/job.json" > "$work/data/job-local.json"
sed 's#"path": "results"#"path": "results-standalone"#' "$work/data/job.json" > "$work/data/job-standalone.json"
grep -q results-standalone "$work/data/job-standalone.json" || { echo "job.json has no output path 'results'" >&2; exit 2; }
rm -rf "$work/data/results-local" "$work/data/results-standalone" "$work/worker"

echo "== load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "== local[2] (one JVM)"
t0=$(date +%s.%N)
run -Xmx2g -cp "$jar:$sparkcp" org.fusionj.spark.FusionJSpark pipeline --job "$work/data/job-local.json" \
  --local 2 > "$work/local.log" 2>&1
t1=$(date +%s.%N)
echo "   $(echo "$t1 - $t0" | bc) s wall"

echo "== standalone Master + Worker (2 cores, 2 GB) on 127.0.0.1"
nice java $opens $daemonlog -Xmx256m -cp "$sparkcp" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 \
  --webui-port 0 > "$work/master.log" 2>&1 & pids+=($!)
for _ in $(seq 1 300); do (exec 3<>/dev/tcp/127.0.0.1/7077) 2>/dev/null && break; sleep 1; done
nice java $opens $daemonlog -Xmx256m -cp "$sparkcp" org.apache.spark.deploy.worker.Worker --host 127.0.0.1 --cores 2 --memory 2g \
  --webui-port 0 --work-dir "$work/worker" spark://127.0.0.1:7077 > "$work/worker.log" 2>&1 & pids+=($!)
for _ in $(seq 1 300); do grep -q "Successfully registered with master" "$work/worker.log" && break; sleep 1; done
grep -q "Successfully registered with master" "$work/worker.log" || { echo "the worker did not register" >&2; exit 1; }

echo "== SparkSubmit to spark://127.0.0.1:7077 (2 executors of 1 core, 768 MB each)"
t0=$(date +%s.%N)
run -Xmx1g -cp "$sparkcp" org.apache.spark.deploy.SparkSubmit --master spark://127.0.0.1:7077 \
  --deploy-mode client --class org.fusionj.spark.FusionJSpark \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 --conf spark.ui.enabled=false \
  --conf spark.executor.cores=1 --conf spark.cores.max=2 --conf spark.executor.memory=768m \
  --conf "spark.driver.extraJavaOptions=$log4j" --conf "spark.executor.extraJavaOptions=$log4j" \
  "$jar" pipeline --job "$work/data/job-standalone.json" > "$work/standalone.log" 2>&1
t1=$(date +%s.%N)
echo "   $(echo "$t1 - $t0" | bc) s wall"
echo "== load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
executors=$(find "$work/worker" -mindepth 2 -maxdepth 2 -type d | wc -l)
echo "== executor JVMs the worker launched: $executors ($(find "$work/worker" -mindepth 2 -maxdepth 2 -type d | tr '\n' ' '))"
[ "$executors" -ge 2 ] || { echo "expected at least 2 executor JVMs" >&2; exit 1; }

echo "== compare results-local and results-standalone"
a="$work/data/results-local"; b="$work/data/results-standalone"
status=0
while IFS= read -r f; do
  case "$f" in summary.json) continue ;; esac
  if ! cmp -s "$a/$f" "$b/$f"; then echo "   DIFFERS: $f"; status=1; fi
done < <(cd "$a" && find . -type f | sed 's#^\./##' | sort)
if ! diff <(cd "$a" && find . -type f | sort) <(cd "$b" && find . -type f | sort) > /dev/null; then
  echo "   the two results hold different files"; status=1
fi
n=$(cd "$a" && find . -type f | wc -l)
[ "$status" -eq 0 ] && echo "   equal: $n files byte for byte (summary.json aside)"
exit "$status"
