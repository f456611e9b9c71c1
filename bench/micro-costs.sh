#!/usr/bin/env bash
# The engine's per-request costs without a network benchmark's noise: this thread's CPU time and allocation per
# request (1) recorded in the statistics, with and without the run's metrics (bench/micro/.../RecordCost.java) and
# (2) for one FastHttpUser exchange against a canned copy of nginx's answer on loopback (ExchangeCost.java).
# CPU time, not wall time, so a busy machine distorts it less; allocation per request is exact.
#
#   bash bench/micro-costs.sh [baseline runner jar, its lib/ beside it]
#
# With a baseline jar (a build of another commit) both run against it too, for a before/after in the same run.
# Needs the runner built (mvn -B -DskipTests package -pl runner-image -am).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=$(mktemp -d /tmp/loadtest-micro.XXXXXX)
[[ -f runner-image/target/loadtest-runner.jar ]] || { echo "build the runner first (see README)" >&2; exit 2; }
echo "$(date -u '+%F %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
measure() { # label runner-jar
  local classes="$OUT/$1" cp
  cp="$2:$(dirname "$2")/lib/*"
  mkdir -p "$classes"
  "$JAVA_HOME/bin/javac" -d "$classes" -cp "$cp" bench/micro/dev/loadtest/runner/stats/RecordCost.java \
    bench/micro/dev/loadtest/runner/http/ExchangeCost.java
  echo "== $1: statistics"
  "$JAVA_HOME/bin/java" -cp "$classes:$cp" dev.loadtest.runner.stats.RecordCost | tail -n 4
  echo "== $1: one FastHttpUser exchange"
  "$JAVA_HOME/bin/java" -cp "$classes:$cp" dev.loadtest.runner.http.ExchangeCost 50000 | tail -n 3
}
measure "this build" runner-image/target/loadtest-runner.jar
if [[ -n ${1:-} ]]; then
  measure baseline "$1"
fi
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) after"
