#!/usr/bin/env bash
# What one poll of a big run costs the operator, by today's path and the previous one in the same run: R runners'
# /stats with E endpoints each after a minute, polled again 3 s later. Previous: parse every runner's JSON and merge
# them all. Today: binary bodies (control protocol 3), merged in full on a run's first poll, then only the deltas
# since the last poll added to the totals kept. Each step timed; the status written for it; the heap held between polls.
#   bash bench/operator-merge.sh [RUNNERS=100] [ENDPOINTS=100] [ROUNDS=30]     (the issue's case: 1000 100 5)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
# -am: the api module is not installed; each module writes its classpath to its own target/classpath.txt
mvn -B -q -Dstyle.color=never -pl operator -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test >/dev/null
cp=$(cat operator/target/classpath.txt)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"\
  "$(free -g | awk '/Mem:/ {print $2}') GB; load average: $(cut -d' ' -f1-3 /proc/loadavg); command: bench/operator-merge.sh $*"
java -Xms3g -Xmx3g -cp "operator/target/test-classes:operator/target/classes:api/target/classes:$cp" \
  dev.loadtest.operator.bench.MergeBenchmark "${1:-100}" "${2:-100}" "${3:-30}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
