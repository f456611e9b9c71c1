#!/usr/bin/env bash
# Install figures with real containers: the project's image sizes (as `docker images` reports them, uncompressed),
# the chart's install time (helm install -> the operator pod Running, in container mode), and the time from
# applying a LoadTest to the first request from a runner container (operator already leading). Both times come
# from the end-to-end tests that do exactly that on the project's test cluster (a real kube-apiserver v1.20 and
# the test kubelet in container mode, Docker engine on this machine): ChartInstallE2E's first test and
# ContainerLoadTestE2E. Prints the date, the machine and the command, then the figures.
#
#   bash bench/install-times.sh
#
# Needs: the Docker engine running (.ci/docker-engine start) and the base images (docs/images.md); the tests build
# the images from the production Dockerfiles. Takes about 5-10 minutes on 2 busy cores (the build included).
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export PATH="$JAVA_HOME/bin:$PATH"
command -v docker >/dev/null || { echo "missing docker: apt-get install docker.io, then .ci/docker-engine start" >&2; exit 2; }
LOG=$(mktemp /tmp/loadtest-install-times.XXXXXX.log)
TESTS='ChartInstallE2E#aClusterWideInstallRunsALoadTestUnderTheChartsServiceAccount,ContainerLoadTestE2E'
COMMAND="mvn -B -pl runner-image,operator -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=$TESTS -Dfailsafe.failIfNoSpecifiedTests=false"

echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "docker:  $(docker version --format '{{.Server.Version}}' 2>/dev/null || echo '?')"
echo "command: $COMMAND"
echo "log:     $LOG"
# a test that fails later (a run too slow for its timeout on a loaded machine) has printed its figures before
$COMMAND >"$LOG" 2>&1 || echo "tests:   SOME FAILED, figures below are those printed before the failure; see $LOG"
grep -E 'Tests run:.*in dev' "$LOG" | sed 's/^\[[A-Z]*\] /tests:   /'

VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
echo
echo "image sizes (docker images, uncompressed):"
for image in ghcr.io/loadtest/runner:$VERSION ghcr.io/loadtest/loadtest-operator:$VERSION \
    eclipse-temurin:25-jdk eclipse-temurin:25-jre local/debian:bookworm; do
  printf '  %-45s %s\n' "$image" "$(docker image inspect --format '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1e6}')"
done
echo
echo "times:"
sed -n 's/.*\[chart-e2e\] helm install: \([0-9]*\) ms.*/  helm install (returns):                          \1 ms/p' "$LOG"
sed -n 's/.*\[chart-e2e\] install -> operator pod running: \([0-9]*\) ms.*/  helm install -> operator pod Running:            \1 ms/p' "$LOG"
sed -n 's/.*\[e2e\] apply -> first request from a runner container: \([0-9]*\) ms.*/  kubectl apply -> first request (runner container): \1 ms/p' "$LOG"
sed -n 's/.*\[e2e\] apply -> both runner containers serving metrics: \([0-9]*\) ms.*/  kubectl apply -> both runners serving metrics:    \1 ms/p' "$LOG"
