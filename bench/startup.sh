#!/usr/bin/env bash
# Start-up of a runner (issue 14): how long from starting a runner to its /readyz answering 200 for the docs' shop
# example (docs/examples/shop/ShopUser.java), as a runner pod starts (`worker`), with a plain JVM and with the JDK 25
# AOT cache the runner image carries, alternated in the same run; the CPU time the process had used when it was ready
# (steadier than the wall time on a shared machine); a local run of the same loadfile with its classes compiled and
# taken from the compiled-class cache; then the same from `docker run` of the runner image (its
# entrypoint, with the cache, against the same image's JVM without it); and, with APPLY=1, `kubectl apply` of a
# LoadTest to the first request from a runner container (ContainerLoadTestE2E on the test cluster, container mode,
# images present). Each figure is printed beside its target and the figure measured before this work.
#
#   bash bench/startup.sh [runs]            default 5 runs of each variant
#   APPLY=1 bash bench/startup.sh           also kubectl apply -> first request (builds the operator, ~5-10 min)
#   DOCKER=0 bash bench/startup.sh          skip the container part
#   EXTRA=1 bash bench/startup.sh           also the AOT cache with -XX:TieredStopAtLevel=1, SerialGC, no HTTP warm-up
#
# Needs: the runner built (mvn -B -DskipTests package -pl runner-image -am), python3; for the container part the
# Docker engine (.ci/docker-engine start) and the runner image (built from runner-image/Dockerfile by ImagesIT or
# `docker build --build-arg VERSION=$V -t ghcr.io/loadtest/runner:$V runner-image`).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
RUNS=${1:-5}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAVA="$JAVA_HOME/bin/java"
JAR="$ROOT/runner-image/target/loadtest-runner.jar"
SHOP="$ROOT/docs/examples/shop/ShopUser.java"
VERSION=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
IMAGE=${IMAGE:-ghcr.io/loadtest/runner:$VERSION}
[[ -f "$JAR" ]] || { echo "build the runner first: mvn -B -DskipTests package -pl runner-image -am" >&2; exit 2; }
command -v python3 >/dev/null || { echo "missing python3" >&2; exit 2; }
WORK=$(mktemp -d /tmp/loadtest-startup.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GB RAM, load $(load)"
echo "java:    $("$JAVA" -version 2>&1 | head -1)"
echo "command: APPLY=${APPLY:-0} DOCKER=${DOCKER:-1} EXTRA=${EXTRA:-0} IMAGE=$IMAGE bash bench/startup.sh $RUNS"
echo

# The cache as the image makes it (runner-image/Dockerfile), for this jar: a cache only matches the jars it was made with.
AOT="$WORK/runner.aot"
start=$(date +%s%N)
"$JAVA" -XX:AOTCacheOutput="$AOT" -Xlog:aot=error -XX:MaxRAMPercentage=75 -jar "$JAR" aot-training -f "$SHOP" \
    >"$WORK/training.log" 2>&1 || { echo "the AOT training run failed:" >&2; tail -20 "$WORK/training.log" >&2; exit 1; }
printf 'AOT training run + cache creation: %s ms, cache %s MB (%s)\n\n' "$(( ($(date +%s%N) - start) / 1000000 ))" \
    "$(( $(stat -c %s "$AOT") / 1000000 ))" "$(grep -o 'served [0-9]* requests' "$WORK/training.log")"

# Runs each variant RUNS times, alternating, and prints medians. A variant is "name|command with PORT in it".
cat >"$WORK/measure.py" <<'EOF'
import os, socket, statistics, subprocess, sys, time, urllib.request

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); p = s.getsockname()[1]; s.close(); return p

def cpu_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

def once(command, cpu):
    port = free_port()
    argv = [a.replace("PORT", str(port)) for a in command.split()]
    env = dict(os.environ, LOADTEST_TOKEN="bench")
    t0 = time.monotonic()
    p = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
    try:
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if p.poll() is not None:
                sys.exit(f"{command} exited {p.returncode}: {p.stderr.read().decode()[-2000:]}")
            if time.monotonic() - t0 > 120:
                sys.exit(f"{command}: not ready within 120 s")
            time.sleep(0.005)
        wall = time.monotonic() - t0
        return wall, cpu_seconds(p.pid) if cpu else None
    finally:
        if p.poll() is None:
            p.terminate()
            try:
                p.wait(20)
            except subprocess.TimeoutExpired:
                p.kill(); p.wait()

runs, cpu = int(sys.argv[1]), sys.argv[2] == "cpu"
variants = [v.split("|", 1) for v in sys.argv[3:]]
walls = {n: [] for n, _ in variants}; cpus = {n: [] for n, _ in variants}
for _ in range(runs):
    for name, command in variants:
        w, c = once(command, cpu)
        walls[name].append(w); cpus[name].append(c)
base = variants[0][0]
for name, _ in variants:
    w = statistics.median(walls[name])
    line = f"  {name:<34} median {w*1000:6.0f} ms  ({' '.join(f'{x*1000:.0f}' for x in walls[name])})"
    if cpu:
        c = statistics.median(cpus[name])
        line += f"   CPU {c*1000:5.0f} ms"
    if name != base:
        line += f"   wall x{w / statistics.median(walls[base]):.2f}"
        if cpu:
            line += f", CPU x{statistics.median(cpus[name]) / statistics.median(cpus[base]):.2f}"
    print(line)
print(f"RESULT {statistics.median(walls[variants[-1][0]])*1000:.0f}")
EOF

echo "runner process start -> /readyz 200, shop example, worker mode, $RUNS runs each alternated (load $(load)):"
echo "  (CPU: user+system time of the JVM when /readyz first answered)"
VARIANTS=("plain JVM (no AOT cache)|$JAVA -XX:MaxRAMPercentage=75 -jar $JAR worker -f $SHOP --port PORT")
if [[ "${EXTRA:-0}" == 1 ]]; then
  # flags tried and not adopted (see bench/RESULTS.md): C1 only costs the engine's steady-state throughput
  for flags in "-XX:TieredStopAtLevel=1" "-XX:+UseSerialGC" "-Dloadtest.warmUp=false"; do
    VARIANTS+=("AOT cache + $flags|$JAVA -XX:AOTCache=$AOT $flags -XX:MaxRAMPercentage=75 -jar $JAR worker -f $SHOP --port PORT")
  done
fi
# the start sequence before this change: the loadfile compiles only once picocli has parsed the command line
VARIANTS+=("AOT cache, compile after parsing|$JAVA -XX:AOTCache=$AOT -Dloadtest.headStart=false -XX:MaxRAMPercentage=75 -jar $JAR worker -f $SHOP --port PORT")
VARIANTS+=("with the AOT cache|$JAVA -XX:AOTCache=$AOT -XX:MaxRAMPercentage=75 -jar $JAR worker -f $SHOP --port PORT")
python3 "$WORK/measure.py" "$RUNS" cpu "${VARIANTS[@]}" | grep -v '^RESULT'
echo "  target <= 1000 ms; before this work (2026-12-01, plain JVM, load 14-17): 9.9-18.4 s wall, 4.2-4.6 s CPU;"
echo "  quiet machine 2026-12-01 21:40: 1,449 ms with the AOT cache, 2,295 ms plain"
echo "  load average after: $(load)"

# Local mode: the same loadfile run again takes its classes from the compiled-class cache instead of javac.
echo
echo "local run (loadtest -f ShopUser.java --sample-target -u 1 -t 1s --headless), whole process, $RUNS runs each (load $(load)):"
cat >"$WORK/local.py" <<'EOF2'
import os, resource, statistics, subprocess, sys, time
runs, java, jar, shop, cache = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
def once(env_cache, fresh):
    if fresh:
        subprocess.run(["rm", "-rf", env_cache])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    subprocess.run([java, "-jar", jar, "-f", shop, "--sample-target", "-u", "1", "-t", "1s", "--headless"],
                   env=dict(os.environ, LOADTEST_CLASS_CACHE=env_cache), stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, check=False)
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
cold, warm = [], []
for _ in range(runs):
    cold.append(once(cache, True))
    warm.append(once(cache, False))
for name, xs in (("compiled (empty class cache)", cold), ("classes from the class cache", warm)):
    w = statistics.median(x[0] for x in xs); c = statistics.median(x[1] for x in xs)
    print(f"  {name:<34} median {w*1000:6.0f} ms wall, CPU {c*1000:5.0f} ms")
print(f"  CPU saved by the class cache: {statistics.median(x[1] for x in cold) - statistics.median(x[1] for x in warm):.2f} s per run (median)")
EOF2
python3 "$WORK/local.py" "$RUNS" "$JAVA" "$JAR" "$SHOP" "$WORK/class-cache"

if [[ "${DOCKER:-1}" != 0 ]] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo
  echo "docker run of $IMAGE -> /readyz 200 (host network, read-only root, /tmp tmpfs, uid 10001), $RUNS runs each (load $(load)):"
  D="docker run --rm --network=host --read-only --tmpfs /tmp --cap-drop=ALL --security-opt=no-new-privileges -e LOADTEST_TOKEN=bench"
  python3 "$WORK/measure.py" "$RUNS" nocpu \
      "image without its cache|$D --entrypoint java $IMAGE -XX:MaxRAMPercentage=75 -jar /opt/loadtest/loadtest-runner.jar worker -f /opt/loadtest/aot-training/ShopUser.java --port PORT" \
      "image as built (AOT cache)|$D $IMAGE worker -f /opt/loadtest/aot-training/ShopUser.java --port PORT" \
      | grep -v '^RESULT'
  echo "  (includes the container's start, ~0.5 s on a quiet machine; load average after: $(load))"
elif [[ "${DOCKER:-1}" != 0 ]]; then
  echo
  echo "container part skipped: no image $IMAGE or no Docker engine (.ci/docker-engine start; ImagesIT builds the image)"
fi

if [[ "${APPLY:-0}" == 1 ]]; then
  echo
  LOG=$(mktemp /tmp/loadtest-startup-apply.XXXXXX.log)
  TESTS='ContainerLoadTestE2E#hardenedRunnerContainersRunALoadTestAndLabelTheirMetricsWithIt'
  COMMAND="mvn -B -pl runner-image,operator -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=$TESTS -Dfailsafe.failIfNoSpecifiedTests=false"
  echo "kubectl apply -> first request from a runner container (container mode, images present, 2 runners): $COMMAND (load $(load))"
  $COMMAND >"$LOG" 2>&1 || echo "  the test FAILED; figures below are those printed before the failure (log kept: $LOG)"
  sed -n 's/.*\[e2e\] apply -> first request from a runner container: \([0-9]*\) ms.*/  apply -> first request:           \1 ms/p' "$LOG"
  sed -n 's/.*\[e2e\] apply -> both runner containers serving metrics: \([0-9]*\) ms.*/  apply -> both runners serving:    \1 ms/p' "$LOG"
  sed -n 's/.*\[e2e\] phase: \(.*\) at \([0-9]*\) ms after apply.*/    \2 ms  \1/p' "$LOG"
  echo "  target <= 3000 ms; before this work (2026-12-01, bench/install-times.sh): 22.8-48.4 s at load 17-20, 86.6 s at load 25-35"
  echo "  load average after: $(load); test log: $LOG"
fi
