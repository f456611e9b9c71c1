#!/usr/bin/env bash
# What an open web UI costs the engine: the same load run headless and with the web UI open and polled the way
# the page polls it (every 2 s: /stats/requests plus the Charts tab's /stats/history, the heaviest tab),
# alternated in the same run so that machine drift hits both alike. nginx (one worker) and the poller are pinned
# to CPU 0, the engine to CPU 1, 50 FastHttpUsers. Prints the median of each and their ratio, for two figures:
#  - req/s over the whole run (what a user sees; on a shared machine it moves with other processes' load);
#  - requests per CPU-second of the engine's process over its steady window (from 4 s after the first request
#    to 2 s before the end; requests from its Prometheus counter, CPU from /proc), its throughput on a core of
#    its own, less moved by other processes (not immune: caches and frequency are shared);
# and, what other processes' load hardly moves: the runner's own CPU per poll pair, measured on a stopped run
# (idle CPU subtracted), as a share of one core at one pair every 2 s.
#
#   bash bench/web-ui-overhead.sh [seconds per run, default 30]      (RUNS=3 pairs by default)
#
# Needs: nginx, curl, and the runner built (mvn -B -DskipTests package -pl runner-image -am). Loopback only;
# everything it starts it stops by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30}
RUNS=${RUNS:-3}
USERS=50
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=$(mktemp -d /tmp/loadtest-webui-bench.XXXXXX)
PORT=$((20000 + RANDOM % 12000))
UI_PORT=$((PORT + 1))
METRICS_PORT=$((PORT + 2))
for tool in nginx curl taskset; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nginx curl util-linux" >&2; exit 2; }
done
[[ -f runner-image/target/loadtest-runner.jar ]] || { echo "build the runner first (see README)" >&2; exit 2; }

# shellcheck source=bench/nginx.sh
. bench/nginx.sh
trap stop_nginx EXIT
start_nginx "$OUT" "$PORT"

engine() { # name extra-args...: the engine pinned to CPU 1, in the background; sets ENGINE_PID
  local name=$1; shift
  taskset -c 1 "$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 -jar runner-image/target/loadtest-runner.jar \
    -f bench/loadfiles/NginxFastUser.java -u $USERS -r $USERS -t "${DURATION}s" -H "$URL" --csv "$OUT/$name" \
    --metrics-port "$METRICS_PORT" "$@" >"$OUT/$name.log" 2>&1 &
  ENGINE_PID=$!
}
requests() { awk -F, '$2=="Aggregated" {print $3}' "$OUT/$1_stats.csv"; }
TICKS=$(getconf CLK_TCK)
# "cpu-ticks requests" of the engine now: utime+stime from /proc, requests from its Prometheus counter
sample() {
  local ticks reqs
  ticks=$(awk '{print $14 + $15}' "/proc/$ENGINE_PID/stat")
  reqs=$(curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" | awk '/^loadtest_requests_total\{/ {s += $NF} END {printf "%d", s}')
  echo "$ticks $reqs"
}
# steady NAME: waits for the first requests, samples 4 s later and 2 s before the end; appends
# "requests-per-cpu-second" to $OUT/NAME.steady
steady() {
  local first second
  for _ in $(seq 1 600); do
    [[ $(sample 2>/dev/null | awk '{print $2}') -gt 0 ]] 2>/dev/null && break
    sleep 0.1
  done
  sleep 4
  first=$(sample)
  sleep $((DURATION - 8))
  second=$(sample)
  awk -v a="$first" -v b="$second" -v hz="$TICKS" 'BEGIN { split(a, x, " "); split(b, y, " ");
    printf "%.0f\n", (y[2] - x[2]) / ((y[1] - x[1]) / hz) }' > "$OUT/$1.steady"
}

for r in $(seq 1 "$RUNS"); do
  echo "pair $r of $RUNS" >&2
  engine "headless-$r" --headless
  steady "headless-$r"
  wait "$ENGINE_PID" || true
  echo "headless $(requests "headless-$r") $(cat "$OUT/headless-$r.steady")" >> "$OUT/results.txt"

  engine "ui-$r" --web-port "$UI_PORT" --autostart --autoquit 0
  steady "ui-$r" &
  STEADY_PID=$!
  polls=0
  while kill -0 "$ENGINE_PID" 2>/dev/null; do
    # what an open page fetches every 2 s with the Charts tab shown
    # each answer's wall time (curl's time_total, seconds) bounds the engine's CPU spent on it from above
    if taskset -c 0 curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$UI_PORT/stats/requests" \
         >> "$OUT/poll-seconds.txt" &&
       taskset -c 0 curl -sf -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$UI_PORT/stats/history" \
         >> "$OUT/poll-seconds.txt"; then
      polls=$((polls + 1))
    fi
    sleep 2
  done
  wait "$ENGINE_PID" || true
  wait "$STEADY_PID" || true
  echo "ui $(requests "ui-$r") $(cat "$OUT/ui-$r.steady") $polls" >> "$OUT/results.txt"
done

best() { # kind column: the best run, the least disturbed by other processes on a shared machine
  awk -v k="$1" -v c="$2" '$1 == k && $c > m {m = $c} END {print m}' "$OUT/results.txt"
}
# The CPU the runner spends answering the page, measured apart from the load so that no other process's load
# enters it: a UI run of 5 s (its statistics then hold every endpoint), then, stopped, 100 warm-up and 500
# measured poll pairs; CPU ticks of the runner's process over the 500 pairs, per pair.
DURATION=5
engine "poll-cost" --web-port "$UI_PORT" --autostart --autoquit 600
for _ in $(seq 1 240); do
  curl -sf "http://127.0.0.1:$UI_PORT/stats/requests" 2>/dev/null | grep -q '"state":"stopped"' && break
  kill -0 "$ENGINE_PID" 2>/dev/null || { echo "the runner exited; see $OUT/poll-cost.log" >&2; exit 1; }
  sleep 0.5
done
poll_pairs() {
  for _ in $(seq 1 "$1"); do
    taskset -c 0 curl -sf -o /dev/null "http://127.0.0.1:$UI_PORT/stats/requests"
    taskset -c 0 curl -sf -o /dev/null "http://127.0.0.1:$UI_PORT/stats/history"
  done
}
poll_pairs 100
before=$(awk '{print $14 + $15}' "/proc/$ENGINE_PID/stat")
idle_start=$(date +%s.%N)
sleep 5
idle=$(awk '{print $14 + $15}' "/proc/$ENGINE_PID/stat")
idle_seconds=$(echo "$(date +%s.%N) - $idle_start" | bc)
start=$(date +%s.%N)
poll_pairs 500
after=$(awk '{print $14 + $15}' "/proc/$ENGINE_PID/stat")
poll_seconds=$(echo "$(date +%s.%N) - $start" | bc)
kill "$ENGINE_PID"; wait "$ENGINE_PID" || true
DURATION=${1:-30}

median() { # kind column
  awk -v k="$1" -v c="$2" '$1 == k {print $c}' "$OUT/results.txt" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'
}
awk -v h="$(median headless 2)" -v u="$(median ui 2)" -v hc="$(median headless 3)" -v uc="$(median ui 3)" \
    -v d="$DURATION" -v runs="$RUNS" 'BEGIN {
  printf "engine, medians of %d runs of %d s each (50 FastHttpUsers, one core):\n", runs, d
  printf "%-28s %14s %24s\n", "", "req/s (run)", "req per CPU-second (steady)"
  printf "%-28s %14.0f %24.0f\n", "headless", h / d, hc
  printf "%-28s %14.0f %24.0f\n", "web UI open, polled / 2 s", u / d, uc
  printf "%-28s %14.4f %24.4f\n", "ratio UI / headless", u / h, uc / hc
  printf "cost of the open UI: %.2f%% of headless throughput per CPU-second (%.2f%% of req/s)\n",
    (1 - uc / hc) * 100, (1 - u / h) * 100 }'
awk -v hb="$(best headless 3)" -v ub="$(best ui 3)" 'BEGIN {
  printf "best runs, req per CPU-second: headless %.0f, web UI %.0f, ratio %.4f (cost %.2f%%)\n",
    hb, ub, ub / hb, (1 - ub / hb) * 100 }'
awk -v b="$before" -v i="$idle" -v is="$idle_seconds" -v a="$after" -v ps="$poll_seconds" -v hz="$TICKS" 'BEGIN {
  idle_rate = (i - b) / hz / is
  pair = ((a - i) / hz - idle_rate * ps) / 500
  printf "runner CPU per poll pair (/stats/requests + /stats/history), stopped run, idle CPU subtracted: %.3f ms;\n", pair * 1000
  printf "an open page polls once every 2 s: %.3f%% of one core\n", pair / 2 * 100 }'
echo "runs (kind, requests, req per CPU-second, successful polls): $OUT/results.txt"
cat "$OUT/results.txt"
