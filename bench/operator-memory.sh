#!/usr/bin/env bash
# The operator's memory per running LoadTest: the packaged operator against the real API server (../shared/k8s),
# heap after a full GC and RSS, idle and with N then 2N LoadTests running, R runners each serving E endpoints.
# Runner pods are bench/fake-runner.py processes (the runner contract with a canned /stats body).
#   bash bench/operator-memory.sh [N=10] [R=3] [E=100]
# Needs python3 and the k8s binaries in ../shared/k8s (or KUBEBUILDER_ASSETS). Loopback only; everything it
# starts (control plane, operator, fake runners) is stopped when it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
mvn -B -q -Dstyle.color=never -pl operator -am package dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test >/dev/null
cp=$(cat operator/target/classpath.txt)
java -cp "operator/target/test-classes:operator/target/classes:api/target/classes:test-cluster/target/classes:$cp" \
  dev.loadtest.operator.e2e.OperatorMemoryBench "${1:-10}" "${2:-3}" "${3:-100}"
