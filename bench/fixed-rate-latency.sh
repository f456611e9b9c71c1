#!/usr/bin/env bash
# Latency the engine itself adds: nginx on 127.0.0.1 (CPU 0) driven at a fixed 500 req/s (50 connections x
# 10 req/s) by h2load and by the engine (50 FastHttpUsers with constantThroughput(10)), each pinned to CPU 1.
# Prints p50/p90/p99/max as each tool measured them, for the whole run and for its second half ("steady", after
# the JVM's start-up and JIT warm-up, as the performance issue defines steady), the differences engine - h2load,
# and CPU per 10k requests (whole run, and for the engine also steady state: from 40% to 90% of the run).
# The engine's whole-run figures are its own statistics (CSV); its steady figures are timed by the loadfile around
# each call (bench/loadfiles/PacedUser.java), which can only read higher than what the engine records; so are its
# first-second and first-5-s figures (what the JVM's first seconds cost), beside h2load's first second and 5 s.
#
#   bash bench/fixed-rate-latency.sh [seconds, default 30]
#
# Needs nginx, h2load (apt-get install nginx nghttp2-client time) and the runner built. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=$(mktemp -d /tmp/loadtest-rate.XXXXXX)
for tool in nginx h2load /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nginx nghttp2-client time" >&2; exit 2; }
done
[[ -f runner-image/target/loadtest-runner.jar ]] || { echo "build the runner first (see README)" >&2; exit 2; }
# shellcheck source=bench/nginx.sh
. bench/nginx.sh
trap stop_nginx EXIT
start_nginx "$OUT" $((20000 + RANDOM % 12000))
MACHINE="$(date -u '+%F %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run"

/usr/bin/time -f '%U %S' -o "$OUT/h2load.time" taskset -c 1 h2load --h1 -c 50 --rps 10 -D "$DURATION" \
  --log-file "$OUT/h2load.log" "$URL/" >"$OUT/h2load.out" 2>&1
# h2load's log: start time (us), status, elapsed (us) per request
percentiles() { sort -n | awk '{v[NR]=$1} END {
  printf "%d %.3f %.3f %.3f %.3f", NR, v[int(NR*0.5)+1]/1000, v[int(NR*0.9)+1]/1000, v[int(NR*0.99)+1]/1000, v[NR]/1000 }'; }
h2load_stats=$(awk '{print $3}' "$OUT/h2load.log" | percentiles)
# the first seconds from each tool's first request: h2load's log (start us, elapsed us), the engine's calls (start
# us from its first call, latency us)
first_seconds() { # file start-column latency-column seconds
  awk -v s="$2" -v l="$3" -v w="$(($4 * 1000000))" 'NR == FNR { if (first == "" || $s < first) first = $s; next }
    $s < first + w { print $l }' "$1" "$1" | percentiles; }
h2load_first1=$(first_seconds "$OUT/h2load.log" 1 3 1)
h2load_first5=$(first_seconds "$OUT/h2load.log" 1 3 5)
h2load_steady=$(awk -v half="$((DURATION * 500000))" 'NR == FNR { if (first == "" || $1 < first) first = $1; next }
  $1 >= first + half { print $3 }' "$OUT/h2load.log" "$OUT/h2load.log" | percentiles)

/usr/bin/time -f '%U %S' -o "$OUT/engine.time" taskset -c 1 "$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 \
  -jar runner-image/target/loadtest-runner.jar -f bench/loadfiles/PacedUser.java --headless -u 50 -r 50 \
  -t "${DURATION}s" -H "$URL" --csv "$OUT/engine" --steady-file "$OUT/engine.steady" --run-seconds "$DURATION" \
  --calls-file "$OUT/engine.calls" \
  >"$OUT/engine.out" 2>&1 &
TIME_PID=$!
# steady state: the engine's CPU between 40% and 90% of the run, after the JVM's start-up and warm-up
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
sleep 1
JAVA_PID=$(pgrep -P "$TIME_PID" | head -n 1)
sleep $((DURATION * 4 / 10 - 1)); c1=$(ticks "$JAVA_PID"); s1=$(date +%s)
sleep $((DURATION * 5 / 10)); c2=$(ticks "$JAVA_PID"); s2=$(date +%s)
wait "$TIME_PID" || true
steady_requests=$(awk -F, -v a="$s1" -v b="$s2" 'NR > 1 && $4 == "Aggregated" {
  if ($1 <= a) first = $18; if ($1 <= b) last = $18 } END { print last - first }' "$OUT/engine_stats_history.csv")
steady_cpu=$(awk -v c="$((c2 - c1))" -v hz="$(getconf CLK_TCK)" -v n="$steady_requests" \
  'BEGIN { printf "%.3f", c / hz / n * 10000 }')
# Locust's stats CSV: Request Count is column 3, 50% column 12, 90% column 16, 99% column 19, Max column 8
engine_stats=$(awk -F, '$2=="Aggregated" {printf "%d %s %s %s %s", $3, $12, $16, $19, $8}' "$OUT/engine_stats.csv")

cpu_per_10k() { tail -n 1 "$OUT/$1.time" | awk -v n="$2" '{printf "%.3f", ($1 + $2) / n * 10000}'; }
read -r hn hp50 hp90 hp99 hmax <<<"$h2load_stats"
read -r en ep50 ep90 ep99 emax <<<"$engine_stats"
read -r hsn hsp50 hsp90 hsp99 hsmax <<<"$h2load_steady"
read -r esn esp50 esp90 esp99 esmax <<<"$(cat "$OUT/engine.steady")"
engine_first1=$(first_seconds "$OUT/engine.calls" 1 2 1)
engine_first5=$(first_seconds "$OUT/engine.calls" 1 2 5)
printf '\nfixed rate 500 req/s for %d s, 50 connections/users; latency in ms\n' "$DURATION"
echo "$MACHINE; load average $(cut -d' ' -f1-3 /proc/loadavg) after"
printf '%-26s %9s %8s %8s %8s %9s %14s %14s\n' tool requests p50 p90 p99 max "CPU s/10k req" "steady"
printf '%-26s %9d %8.3f %8.3f %8.3f %9.3f %14s %14s\n' "h2load (--rps)" "$hn" "$hp50" "$hp90" "$hp99" "$hmax" "$(cpu_per_10k h2load "$hn")" "-"
printf '%-26s %9d %8.3f %8.3f %8.3f %9.3f %14s %14s\n' "loadtest FastHttpUser" "$en" "$ep50" "$ep90" "$ep99" "$emax" "$(cpu_per_10k engine "$en")" "$steady_cpu"
printf '%-26s %9d %8.3f %8.3f %8.3f %9.3f\n' "h2load, second half" "$hsn" "$hsp50" "$hsp90" "$hsp99" "$hsmax"
printf '%-26s %9d %8.3f %8.3f %8.3f %9.3f\n' "FastHttpUser, second half" "$esn" "$esp50" "$esp90" "$esp99" "$esmax"
for row in "h2load, first second|$h2load_first1" "FastHttpUser, first second|$engine_first1" \
  "h2load, first 5 s|$h2load_first5" "FastHttpUser, first 5 s|$engine_first5"; do
  read -r n p50 p90 p99 max <<<"${row#*|}"
  printf '%-26s %9d %8.3f %8.3f %8.3f %9.3f\n' "${row%%|*}" "$n" "$p50" "$p90" "$p99" "$max"
done
awk -v a="$ep50" -v b="$hp50" -v c="$ep99" -v d="$hp99" -v e="$esp50" -v f="$hsp50" -v g="$esp99" -v h="$hsp99" 'BEGIN {
  printf "engine - h2load, whole run:  p50 %+.3f ms, p99 %+.3f ms (targets: within 0.3 ms and 1 ms)\n", a - b, c - d
  printf "engine - h2load, second half: p50 %+.3f ms, p99 %+.3f ms\n", e - f, g - h }'
echo "raw output in $OUT"
