#!/usr/bin/env bash
# What one poll of a big run costs the operator, by today's path and the previous one in the same run: R runners'
# /stats with E endpoints each after a minute, polled again 3 s later. Previous: parse every runner's JSON and merge
# them all. Today: binary bodies (control protocol 3), merged in full on a run's first poll, then only the deltas
# since the last poll added to the totals kept. Each step timed; the status written for it; the heap held between polls.
#   bash bench/operator-merge.sh [RUNNERS=100] [ENDPOINTS=100] [ROUNDS=30]     (the issue's case: 1000 100 5)
# BASELINE=<git commit> also runs the same benchmark with the api module's statistics (package dev.loadtest.api.stats)
# of that commit, alternated with this build's (PAIRS times, default 1), and prints this build / baseline for the
# merge by deltas: before/after in one run. JAVA_OPTS=... passes JVM options (e.g. a JFR recording) to both. Issue 14's quiet rerun: BASELINE=6c94af9 bash bench/operator-merge.sh 1000 100 5
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
# -am: the api module is not installed; each module writes its classpath to its own target/classpath.txt
mvn -B -q -Dstyle.color=never -pl operator -am test-compile dependency:build-classpath -DskipTests \
  -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=test >/dev/null
cp=$(cat operator/target/classpath.txt)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"\
  "$(free -g | awk '/Mem:/ {print $2}') GB; load average: $(cut -d' ' -f1-3 /proc/loadavg); command: BASELINE=${BASELINE:-} bench/operator-merge.sh $*"
run() { # $1: label, $2: classes put before this build's api classes (empty: none)
  echo "== $1 (load average $(cut -d' ' -f1-3 /proc/loadavg))"
  java -Xms3g -Xmx3g ${JAVA_OPTS:-} -cp "$2operator/target/test-classes:operator/target/classes:api/target/classes:$cp" \
    dev.loadtest.operator.bench.MergeBenchmark "${ARGS[0]}" "${ARGS[1]}" "${ARGS[2]}" | tee "$out/$1.$3.txt"
}
ARGS=("${1:-100}" "${2:-100}" "${3:-30}")
out=$(mktemp -d /tmp/operator-merge.XXXXXX)
if [ -z "${BASELINE:-}" ]; then
  run this "" 1
else
  base="$out/baseline"
  mkdir -p "$base/src" "$base/classes"
  git archive "$BASELINE" api/src/main/java/dev/loadtest/api/stats | tar -x -C "$base/src"
  javac -nowarn -proc:none -d "$base/classes" -cp "api/target/classes:$cp" "$base"/src/api/src/main/java/dev/loadtest/api/stats/*.java
  for i in $(seq "${PAIRS:-1}"); do
    run baseline "$base/classes:" "$i"
    run this "" "$i"
  done
  echo "== merge by deltas (every later poll), medians; this build vs baseline $BASELINE ($(git rev-parse --short "$BASELINE")):"
  for i in $(seq "${PAIRS:-1}"); do
    b=$(grep '^RESULT' "$out/baseline.$i.txt"); t=$(grep '^RESULT' "$out/this.$i.txt")
    awk -v b="$b" -v t="$t" '
      function f(s, k) { match(s, k "=[0-9.]+"); return substr(s, RSTART + length(k) + 1, RLENGTH - length(k) - 1) + 0 }
      BEGIN { n = split("merge_ms merge_work_cpu_ms merge_jvm_cpu_ms merge_gc_ms poll_ms decode_ms decode_cpu_ms", ks, " ")
              for (j = 1; j <= n; j++) printf "  %-17s this %8.1f  baseline %8.1f  this/baseline %s\n", ks[j], f(t, ks[j]),
                f(b, ks[j]), (f(b, ks[j]) > 0 ? sprintf("%.2f", f(t, ks[j]) / f(b, ks[j])) : "-") }'
  done
fi
echo "raw output: $out; load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
