#!/usr/bin/env bash
# 50 LoadTests at once in 5 namespaces on the packaged operator, against the real API server (../shared/k8s), real
# runner processes (one per LoadTest, one user, 6 s) and a counting target per LoadTest: prints the operator's peak
# heap and RSS, its CPU time, its API requests per LoadTest (from the API server's audit log) and the status writes
# per LoadTest. It is the E2E FiftyLoadTestsE2E, which also fails if a count or a write bound is wrong.
#   bash bench/fifty-loadtests.sh
# Loopback only; everything it starts is stopped (by PID) when it ends. Record figures in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
mkdir -p operator/target
mvn -B -Dstyle.color=never -pl runner-image,operator -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FiftyLoadTestsE2E -Dfailsafe.failIfNoSpecifiedTests=false > operator/target/fifty-loadtests.log 2>&1 \
  || { tail -50 operator/target/fifty-loadtests.log; exit 1; }
grep -h '^\[fifty\]' operator/target/fifty-loadtests.log
