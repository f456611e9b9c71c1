#!/usr/bin/env bash
# The scale of the operator: N LoadTests at once (default 100) in NS namespaces (5), R runners each (3), on the packaged
# operator (heap options from OPERATOR_JAVA_OPTS, default -Xmx256m -XX:+UseSerialGC: what the chart gives it; the chart's poll 3 s and status-write interval 5 s)
# against the real API server (../shared/k8s) with an audit log. Runner pods are bench/fake-runner.py processes (the
# runner contract, statistics growing over the run): 300 runner JVMs would not fit beside the control plane. Prints the
# operator's heap (live, peak used and committed, after each GC), peak RSS, CPU seconds and API requests per LoadTest
# per minute; exits non-zero if a run does not succeed with exactly what its runners served or its status writes
# exceed lifetime / 5 s + 8.
#   bash bench/hundred-loadtests.sh [N=100] [R=3] [NS=5] [run seconds=300] [endpoints=10]
# Needs python3. Loopback only; everything it starts (control plane, operator, fake runners) is stopped when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
mvn -B -q -Dstyle.color=never -pl operator -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test >/dev/null
cp=$(cat operator/target/classpath.txt)
echo "[hundred] $(date -u '+%F %T UTC'); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(nproc) cores;" \
  "$(free -g | awk '/Mem:/{print $2}') GB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
java -cp "operator/target/test-classes:operator/target/classes:api/target/classes:test-cluster/target/classes:$cp" \
  dev.loadtest.operator.e2e.HundredLoadTestsBench "${1:-100}" "${2:-3}" "${3:-5}" "${4:-300}" "${5:-10}"
