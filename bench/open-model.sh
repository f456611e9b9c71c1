#!/usr/bin/env bash
# The open model (--arrival-rate), two measurements in one run:
#  1. stall: a target that freezes for one second (bench/StallTarget.java) in the middle of a run at a fixed
#     200 iterations/s, at most 10 users. Prints the Aggregated p50/p99/max as sent (raw) beside the same requests
#     counted from their intended start (corrected for coordinated omission), and the iterations and drops.
#  2. rate: nginx at a fixed 500 req/s, by h2load's fixed-rate mode (--rps, 50 connections x 10 req/s) and by the
#     engine (--arrival-rate 500, at most 50 FastHttpUsers), one after the other: achieved rate against the asked
#     one over the whole run and over its steady part (40% to 90% of the run: after the JVM's start-up and JIT),
#     and whole-run p50/p99 (the engine's raw and corrected, h2load's from its per-request log).
#
#   bash bench/open-model.sh [seconds per run, default 20]
#
# Needs nginx, h2load (apt-get install nginx nghttp2-client) and the runner built. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=$(mktemp -d /tmp/loadtest-open.XXXXXX)
for tool in nginx h2load curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nginx nghttp2-client curl" >&2; exit 2; }
done
JAR=runner-image/target/loadtest-runner.jar
[[ -f $JAR ]] || { echo "build the runner first (see README)" >&2; exit 2; }
# shellcheck source=bench/nginx.sh
. bench/nginx.sh
STALL_PID=
cleanup() { stop_nginx; [[ -n $STALL_PID ]] && kill "$STALL_PID" 2>/dev/null; wait 2>/dev/null || true; }
trap cleanup EXIT

# Locust's stats CSV: Request Count is column 3, 50% column 12, 99% column 19, Max column 8
aggregated() { awk -F, '$2=="Aggregated" {printf "%d %s %s %s", $3, $12, $19, $8}' "$1"; }
iterations() { awk -F, 'NR == 2 {printf "%s %s %s", $1, $2, $3}' "$1"; }

# 1. the stall
STALL_PORT=$((20000 + RANDOM % 12000))
"$JAVA_HOME/bin/java" bench/StallTarget.java "$STALL_PORT" >"$OUT/stall-target.out" 2>&1 &
STALL_PID=$!
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$STALL_PORT/" >/dev/null && break; sleep 0.1; done
"$JAVA_HOME/bin/java" -jar "$JAR" -f bench/loadfiles/NginxFastUser.java --headless --only-summary \
  --arrival-rate 200 -u 10 -t "${DURATION}s" -H "http://127.0.0.1:$STALL_PORT" --csv "$OUT/stall" \
  >"$OUT/stall-engine.out" 2>&1 &
ENGINE_PID=$!
sleep $((DURATION / 2))
curl -sf "http://127.0.0.1:$STALL_PORT/stall?ms=1000"
wait "$ENGINE_PID" || true
kill "$STALL_PID"; wait "$STALL_PID" 2>/dev/null || true; STALL_PID=
read -r sn sp50 sp99 smax <<<"$(aggregated "$OUT/stall_stats.csv")"
read -r cn cp50 cp99 cmax <<<"$(aggregated "$OUT/stall_stats_corrected.csv")"
read -r srate sit sdrop <<<"$(iterations "$OUT/stall_iterations.csv")"
printf '\n1. a 1 s stall in a %d s run at %s iterations/s, at most 10 users: %d iterations, %d dropped\n' \
  "$DURATION" "$srate" "$sit" "$sdrop"
printf '%-34s %9s %8s %8s %8s\n' "response times (ms)" requests p50 p99 max
printf '%-34s %9d %8s %8s %8s\n' "raw (from when sent)" "$sn" "$sp50" "$sp99" "$smax"
printf '%-34s %9d %8s %8s %8s\n' "corrected (from intended start)" "$cn" "$cp50" "$cp99" "$cmax"

# 2. the rate against nginx, h2load then the engine
start_nginx "$OUT" $((20000 + RANDOM % 12000))
h2load --h1 -c 50 --rps 10 -D "$DURATION" --log-file "$OUT/h2load.log" "$URL/" >"$OUT/h2load.out" 2>&1
# h2load's log: start time (us), status, elapsed (us) per request
hn=$(wc -l <"$OUT/h2load.log")
# requests started per second from 40% to 90% of the run, the engine's steady window below
h2half=$(awk -v d="$DURATION" 'NR == FNR { if (first == "" || $1 < first) first = $1; next }
  $1 >= first + d * 400000 && $1 < first + d * 900000 { n++ } END { printf "%.2f", n / (d * 0.5) }' \
  "$OUT/h2load.log" "$OUT/h2load.log")
read -r hp50 hp99 <<<"$(awk '{print $3}' "$OUT/h2load.log" | sort -n | awk '{v[NR]=$1} END {
  printf "%.3f %.3f", v[int(NR*0.5)+1]/1000, v[int(NR*0.99)+1]/1000 }')"
METRICS_PORT=$((20000 + RANDOM % 12000))
"$JAVA_HOME/bin/java" -jar "$JAR" -f bench/loadfiles/NginxFastUser.java --headless --only-summary \
  --arrival-rate 500 -u 50 -t "${DURATION}s" -H "$URL" --csv "$OUT/rate" --metrics-port "$METRICS_PORT" \
  >"$OUT/rate-engine.out" 2>&1 &
ENGINE_PID=$!
# the engine's steady state, from 40% to 90% of the run (after the JVM's start-up and JIT): iterations started per
# second between two scrapes of its metrics, timed here
scrape() { printf '%s ' "$(date +%s.%N)"; curl -sf "http://127.0.0.1:$METRICS_PORT/metrics" |
  awk '/^loadtest_iterations_total/ {printf "%s", $2}'; echo; }
# the run's clock starts about when its first CSV is written (then once a second)
for _ in $(seq 1 600); do [[ -f $OUT/rate_stats.csv ]] && break; sleep 0.1; done
sleep "$(awk -v d="$DURATION" 'BEGIN {print d * 0.4 - 1}')"; read -r et1 ei1 <<<"$(scrape)"
sleep "$(awk -v d="$DURATION" 'BEGIN {print d * 0.5}')"; read -r et2 ei2 <<<"$(scrape)"
wait "$ENGINE_PID" || true
enhalf=$(awk -v a="$ei1" -v b="$ei2" -v s="$et1" -v t="$et2" 'BEGIN {printf "%.2f", (b - a) / (t - s)}')
read -r en ep50 ep99 emax <<<"$(aggregated "$OUT/rate_stats.csv")"
read -r rcn rcp50 rcp99 rcmax <<<"$(aggregated "$OUT/rate_stats_corrected.csv")"
read -r rrate rit rdrop <<<"$(iterations "$OUT/rate_iterations.csv")"
printf '\n2. nginx at a fixed 500 req/s for %d s (asked: %d requests)\n' "$DURATION" $((500 * DURATION))
printf '%-34s %9s %12s %8s %14s %8s %8s\n' tool requests "achieved/s" "vs asked" "steady /s" p50 p99
awk -v n="$hn" -v d="$DURATION" -v p50="$hp50" -v p99="$hp99" -v h="$h2half" 'BEGIN {
  printf "%-34s %9d %12.2f %+7.2f%% %14s %8.3f %8.3f\n", "h2load --rps 10 -c 50", n, n / d, (n / d / 500 - 1) * 100, h, p50, p99 }'
awk -v n="$rit" -v d="$DURATION" -v p50="$ep50" -v p99="$ep99" -v drop="$rdrop" -v h="$enhalf" 'BEGIN {
  printf "%-34s %9d %12.2f %+7.2f%% %14s %8s %8s  (%d dropped)\n", "engine --arrival-rate 500, raw", n, n / d, (n / d / 500 - 1) * 100, h, p50, p99, drop }'
printf '%-34s %9d %12s %8s %14s %8s %8s\n' "engine, corrected" "$rcn" "" "" "" "$rcp50" "$rcp99"
echo "raw output in $OUT"
