#!/usr/bin/env bash
# One LoadTest of 200 REAL runner pods (the runner jar, run by the test cluster's process kubelet; each JVM small:
# -Xmx48m -XX:+UseSerialGC -XX:TieredStopAtLevel=1, started from a JDK 25 AOT cache trained in the run as the runner
# image's build trains it, at nice 10 so that the control plane keeps its CPU) against one counting target, on the
# packaged operator and the real API server (../shared/k8s): the run must complete, its merged request count equal what
# the target served, and the operator keep its Lease throughout. Prints the time to all runners started and to the
# verdict, the runners' peak total RSS, the operator's peak heap, RSS and CPU, its merges of the run's statistics (by
# deltas / in full, and their durations) and the peak load average.
#   bash bench/two-hundred-runners.sh      (RUNNERS=200, RUNNER_JVM="-Xmx48m ...", RUNNER_NICE=10 (0: as the control
#                                           plane), RUNNER_AOT=false (no AOT cache) to change them)
# It is TwoHundredRunnersBench, which CI does not run (it takes the machine for minutes). Loopback only; everything it
# starts is stopped (by PID) when it ends. Record figures in bench/OPERATOR-RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
mkdir -p operator/target
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs),"\
  "$(free -g | awk '/Mem:/ {print $2}') GB; load average: $(cut -d' ' -f1-3 /proc/loadavg); command: bench/two-hundred-runners.sh"
mvn -B -Dstyle.color=never -pl runner-image,operator -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=TwoHundredRunnersBench -Dfailsafe.failIfNoSpecifiedTests=false \
  -Dbench.runners="${RUNNERS:-200}" ${RUNNER_JVM:+"-Dbench.runnerJvm=$RUNNER_JVM"} \
  ${RUNNER_NICE:+"-Dbench.runnerNice=$RUNNER_NICE"} ${RUNNER_AOT:+"-Dbench.runnerAot=$RUNNER_AOT"} \
  > operator/target/two-hundred-runners.log 2>&1 || { grep -h '^\[two-hundred\]' operator/target/two-hundred-runners.log; tail -80 operator/target/two-hundred-runners.log; exit 1; }
grep -h '^\[two-hundred\]' operator/target/two-hundred-runners.log
