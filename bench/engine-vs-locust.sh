#!/usr/bin/env bash
# Engine throughput and CPU per request against nginx on 127.0.0.1, beside wrk and Locust in the same run.
# nginx has one worker pinned to CPU 0; each load tool runs pinned to CPU 1 with 50 users/connections.
# Prints req/s, CPU seconds per 10k requests (user+sys of the tool's process), p50/p99 as each tool reports them
# (wrk --latency, Locust's and our engine's stats CSV), peak RSS and ratios.
#
#   bash bench/engine-vs-locust.sh [seconds per run, default 30]      (RUNS=3: medians of 3 runs per tool)
#   JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/engine.jfr" bash bench/engine-vs-locust.sh 30
#       passes JVM options to the engine's runs (profiling, GC choice)
#   TOOLS="wrk engine-fast" bash bench/engine-vs-locust.sh 30
#       only these of: wrk locust-fast locust-http engine-fast engine-http (the CPU-per-request comparison with wrk)
#   BASELINE_JAR=/tmp/old/loadtest-runner.jar bash bench/engine-vs-locust.sh 30
#       adds "engine-fast-base": FastHttpUser from another build of the runner (its lib/ beside it), alternated with
#       this build's in the same run, so a change is measured against its baseline on the same (busy) machine
# The engine's CPU is also given for its steady part (40-90% of the run, after start-up, javac and the JIT's
# warm-up): its process's CPU ticks over that window, per request counted in it (its stats history CSV).
#
# Needs: nginx, wrk, python3-locust, time (apt-get install nginx wrk python3-locust time), and the runner
# built (mvn -B -DskipTests package -pl runner-image -am). Loopback only; everything it starts it stops by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30}
RUNS=${RUNS:-3}
USERS=50
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=$(mktemp -d /tmp/loadtest-bench.XXXXXX)
PORT=$((20000 + RANDOM % 12000))
for tool in nginx wrk locust /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nginx wrk python3-locust time" >&2; exit 2; }
done
[[ -f runner-image/target/loadtest-runner.jar ]] || { echo "build the runner first (see README)" >&2; exit 2; }

# shellcheck source=bench/nginx.sh
. bench/nginx.sh
trap stop_nginx EXIT
start_nginx "$OUT" "$PORT"

# run NAME CMD...: runs CMD pinned to CPU 1 under /usr/bin/time; leaves CPU seconds in $OUT/NAME.time
run() {
  local name=$1; shift
  /usr/bin/time -f '%U %S %M' -o "$OUT/$name.time" timeout $((DURATION + 60)) taskset -c 1 "$@" \
    >"$OUT/$name.log" 2>&1 || true
}
# steady NAME CMD...: as run, for the engine, and also measures its steady part: the process's CPU ticks read the
# moment its stats history CSV gains its first row at or past 40% and at or past 90% of the run (by the rows' own
# timestamps, polled every 50 ms), so that CPU and requests cover the same window, in the engine's own timeline
# (a busy machine delays its start-up). Writes "cpu_seconds requests" to $OUT/NAME.steady.
steady() {
  local name=$1; shift
  run "$name" "$@" &
  local runner=$! pid="" history="$OUT/${name}_stats_history.csv" rows=0 now_rows t0="" t c1="" r1="" c2="" r2=""
  rm -f "$history"
  while kill -0 "$runner" 2>/dev/null; do
    sleep 0.05
    # run's subshell -> /usr/bin/time -> timeout -> the engine (taskset execs it)
    [[ -z $pid ]] && { pid=$(pgrep -P "$(pgrep -P "$(pgrep -P "$runner" | head -n 1)" | head -n 1)" | head -n 1 || true); continue; }
    [[ -f $history ]] || continue
    now_rows=$(grep -c ',Aggregated,' "$history" || true)
    (( now_rows == rows )) && continue
    rows=$now_rows
    t=$(awk -F, '$4 == "Aggregated" { t = $1 } END { print t + 0 }' "$history")
    [[ -z $t0 ]] && t0=$t
    if [[ -z $c1 ]] && (( t - t0 >= DURATION * 4 / 10 )); then c1=$(ticks "$pid"); r1=$(last_total "$history"); fi
    if [[ -z $c2 ]] && (( t - t0 >= DURATION * 9 / 10 )); then c2=$(ticks "$pid"); r2=$(last_total "$history"); fi
  done
  wait "$runner" || true
  if [[ -n $c1 && -n $c2 ]]; then
    awk -v a="$c1" -v b="$c2" -v hz="$(getconf CLK_TCK)" -v n="$((r2 - r1))" 'BEGIN { printf "%.3f %d\n", (b - a) / hz, n }'
  else
    echo "0 0"
  fi > "$OUT/$name.steady"
}
# the total request count of the last Aggregated row of a stats history CSV (Locust's layout: column 18)
last_total() { awk -F, '$4 == "Aggregated" { n = $18 } END { print n + 0 }' "$1"; }
ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
# the last line of a .time file holds the figures (a line before it may report the tool's exit status)
cpu() { tail -n 1 "$OUT/$1.time" | awk '{print $1 + $2}'; }
rss_mb() { tail -n 1 "$OUT/$1.time" | awk '{printf "%.0f", $3 / 1024}'; }
# Locust's stats CSV (ours writes the same): Request Count column 3, 50% column 12, 99% column 19 (ms)
csv_figures() { awk -F, '$2=="Aggregated" {print $3 "\t" $12 "\t" $19}' "$1"; }
# wrk --latency: "50%  1.23ms" ... "99%  3.45ms", in us, ms or s
wrk_figures() {
  awk '/requests in/ {n = $1}
       function ms(v) { if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000; return v }
       $1 == "50%" {p50 = ms($2)} $1 == "99%" {p99 = ms($2)}
       END {print n "\t" p50 "\t" p99}' "$OUT/wrk.log"
}

locust_run() { # name userclass
  run "$1" locust -f bench/loadfiles/locustfile.py --headless -u $USERS -r $USERS -t ${DURATION}s \
    -H "$URL" --csv "$OUT/$1" --only-summary "$2"
  csv_figures "$OUT/$1_stats.csv"
}
# This build runs as a user runs it locally: through ./loadtest, which starts the JVM from the AOT cache it makes for
# this build on its first run (the warm-up run below makes it, outside the measured runs, in $OUT/aot); a baseline
# jar runs as ./loadtest ran every build before that cache: java -jar. ENGINE_AOT=off runs this build without it.
LOCAL_ENGINE=(env JAVA_OPTS="-XX:ActiveProcessorCount=1 ${JAVA_OPTS:-}" LOADTEST_AOT_DIR="$OUT/aot"
  LOADTEST_AOT="${ENGINE_AOT:-on}" ./loadtest)
engine_run() { # name loadfile [runner jar]
  local cmd
  if [[ -n ${3:-} ]]; then
    # shellcheck disable=SC2206 # JAVA_OPTS is a list of options
    cmd=("$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 ${JAVA_OPTS:-} -jar "$3")
  else
    cmd=("${LOCAL_ENGINE[@]}")
  fi
  steady "$1" "${cmd[@]}" \
    -f "bench/loadfiles/$2" --headless -u $USERS -r $USERS -t ${DURATION}s -H "$URL" --csv "$OUT/$1"
  echo "$1 $(cat "$OUT/$1.steady")" >> "$OUT/steady.txt"
  csv_figures "$OUT/$1_stats.csv"
}
record() { # name "requests<TAB>p50<TAB>p99": one line per run in results.tsv
  local requests p50 p99
  IFS=$'\t' read -r requests p50 p99 <<<"$2"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$requests" "$(cpu "$1")" "$(rss_mb "$1")" "$p50" "$p99" >> "$OUT/results.tsv"
}
TOOLS=${TOOLS:-wrk locust-fast locust-http engine-fast engine-http}
[[ -n ${BASELINE_JAR:-} ]] && TOOLS="$TOOLS engine-fast-base"
wanted() { [[ " $TOOLS " == *" $1 "* ]]; }
echo "$(date -u '+%F %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) before the run" \
  | tee "$OUT/machine.txt" >&2

if [[ ${ENGINE_AOT:-on} != off ]] && { wanted engine-fast || wanted engine-http; }; then
  # the first run of a build makes ./loadtest's AOT cache (once per build, JDK and JAVA_OPTS): its cost, not measured
  run aot-warm-up "${LOCAL_ENGINE[@]}" -f bench/loadfiles/NginxFastUser.java --headless -u $USERS -r $USERS -t 5s \
    -H "$URL" --only-summary
  tail -n 1 "$OUT/aot-warm-up.time" | awk '{ printf "once per build: the first run (5 s of load) and the AOT cache it made: %.2f CPU s\n", $1 + $2 }' >&2
  ls "$OUT"/aot/*.aot >/dev/null 2>&1 || echo "no AOT cache was made; see $OUT/aot-warm-up.log" >&2
fi
for r in $(seq 1 "$RUNS"); do
  echo "run $r of $RUNS" >&2
  if wanted wrk; then
    run wrk wrk -t1 -c$USERS -d${DURATION}s --latency "$URL/"
    record wrk "$(wrk_figures)"
  fi
  wanted locust-fast && record locust-fast "$(locust_run locust-fast NginxFastHttpUser)"
  wanted locust-http && record locust-http "$(locust_run locust-http NginxHttpUser)"
  # this build and the baseline build take turns going first, so neither always gets the warmer machine
  if wanted engine-fast-base && (( r % 2 == 1 )); then
    record engine-fast-base "$(engine_run engine-fast-base NginxFastUser.java "$BASELINE_JAR")"
  fi
  wanted engine-fast && record engine-fast "$(engine_run engine-fast NginxFastUser.java)"
  if wanted engine-fast-base && (( r % 2 == 0 )); then
    record engine-fast-base "$(engine_run engine-fast-base NginxFastUser.java "$BASELINE_JAR")"
  fi
  wanted engine-http && record engine-http "$(engine_run engine-http NginxUser.java)"
done

# median of a column over a tool's runs: req/s (requests / duration), CPU s per 10k requests, peak RSS MB, p50, p99
median() { # name column(rps|cpu|rss|p50|p99)
  awk -F'\t' -v n="$1" -v c="$2" -v d="$DURATION" '$1 == n {
      v = c == "rps" ? $2 / d : c == "cpu" ? $3 / $2 * 10000 : c == "rss" ? $4 : c == "p50" ? $5 : $6; print v }' "$OUT/results.tsv" |
    sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
printf '\n%d s per run, medians of %d runs, %d users/connections, nginx on CPU 0, tool on CPU 1\n' \
  "$DURATION" "$RUNS" "$USERS"
echo "$(cat "$OUT/machine.txt"); load average $(cut -d' ' -f1-3 /proc/loadavg) after"
printf '%-30s %10s %14s %9s %9s %10s\n' tool "req/s" "CPU s/10k req" "p50 ms" "p99 ms" "peak RSS"
line() { # label name
  printf '%-30s %10.0f %14.3f %9.3f %9.3f %7.0f MB\n' "$1" "$(median "$2" rps)" "$(median "$2" cpu)" \
    "$(median "$2" p50)" "$(median "$2" p99)" "$(median "$2" rss)"
}
wanted wrk && line "wrk 4.1 (1 thread)" wrk
wanted locust-fast && line "Locust FastHttpUser" locust-fast
wanted locust-http && line "Locust HttpUser" locust-http
wanted engine-fast && line "loadtest FastHttpUser" engine-fast
wanted engine-fast-base && line "FastHttpUser, baseline jar" engine-fast-base
wanted engine-http && line "loadtest HttpUser (JDK client)" engine-http
# the engine's steady part: CPU s per 10k requests between 40% and 90% of each run, median over the runs
steady_cpu() {
  awk -v n="$1" '$1 == n && $3 > 0 { print $2 / $3 * 10000 }' "$OUT/steady.txt" | sort -g |
    awk '{ v[NR] = $1 } END { if (NR == 0) print 0; else print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
echo
for n in engine-fast engine-fast-base engine-http; do
  wanted "$n" && printf '%-30s steady (40-90%% of the run): %.3f CPU s per 10k requests\n' "$n" "$(steady_cpu "$n")"
done
ratio() { # label ours theirs
  awk -v n="$1" -v a="$(median "$2" rps)" -v b="$(median "$3" rps)" -v ac="$(median "$2" cpu)" \
    -v bc="$(median "$3" cpu)" 'BEGIN { printf "%-46s req/s %5.2fx   CPU per request %5.2fx\n", n, a / b, ac / bc }'
}
echo
wanted locust-fast && wanted engine-fast && ratio "loadtest FastHttpUser / Locust FastHttpUser" engine-fast locust-fast
wanted locust-http && wanted engine-http && ratio "loadtest HttpUser / Locust HttpUser" engine-http locust-http
if wanted wrk && wanted engine-fast; then
  ratio "loadtest FastHttpUser / wrk" engine-fast wrk
  awk -v a="$(steady_cpu engine-fast)" -v b="$(median wrk cpu)" 'BEGIN {
    printf "%-46s CPU per request %5.2fx (steady part against wrk'"'"'s whole run; target of issue 14: whole run within 1.3x)\n",
      "loadtest FastHttpUser steady / wrk", a / b }'
fi
if wanted engine-fast-base && wanted engine-fast; then
  ratio "loadtest FastHttpUser / baseline jar" engine-fast engine-fast-base
  awk -v a="$(steady_cpu engine-fast)" -v b="$(steady_cpu engine-fast-base)" 'BEGIN {
    printf "%-46s CPU per request %5.2fx\n", "  steady part, this build / baseline jar", a / b }'
  wanted wrk && ratio "FastHttpUser baseline jar / wrk" engine-fast-base wrk
fi
echo "raw output in $OUT (results.tsv: tool, requests, CPU seconds, peak RSS MB, p50 ms, p99 ms per run)"
