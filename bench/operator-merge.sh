#!/usr/bin/env bash
# What one poll of a big run costs the operator: parse 100 runners' /stats JSON with 100 endpoints each,
# merge them exactly, build the status summary, judge thresholds. Usage: bench/operator-merge.sh [RUNNERS] [ENDPOINTS] [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
# -am: the api module is not installed; each module writes its classpath to its own target/classpath.txt
mvn -B -q -Dstyle.color=never -pl operator -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test >/dev/null
cp=$(cat operator/target/classpath.txt)
java -Xmx1g -cp "operator/target/test-classes:operator/target/classes:api/target/classes:$cp" \
  dev.loadtest.operator.bench.MergeBenchmark "${1:-100}" "${2:-100}" "${3:-30}"
