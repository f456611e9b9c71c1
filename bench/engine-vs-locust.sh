#!/usr/bin/env bash
# Engine throughput and CPU per request against nginx on 127.0.0.1, beside wrk and Locust in the same run.
# nginx has one worker pinned to CPU 0; each load tool runs pinned to CPU 1 with 50 users/connections.
# Prints req/s, CPU seconds per 10k requests (user+sys of the tool's process), p50/p99 as each tool reports them
# (wrk --latency, Locust's and our engine's stats CSV), peak RSS and ratios.
#
#   bash bench/engine-vs-locust.sh [seconds per run, default 30]      (RUNS=3: medians of 3 runs per tool)
#   JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/engine.jfr" bash bench/engine-vs-locust.sh 30
#       passes JVM options to the engine's runs (profiling, GC choice)
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
engine_run() { # name loadfile
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  run "$1" "$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 ${JAVA_OPTS:-} -jar runner-image/target/loadtest-runner.jar \
    -f "bench/loadfiles/$2" --headless -u $USERS -r $USERS -t ${DURATION}s -H "$URL" --csv "$OUT/$1"
  csv_figures "$OUT/$1_stats.csv"
}
record() { # name "requests<TAB>p50<TAB>p99": one line per run in results.tsv
  local requests p50 p99
  IFS=$'\t' read -r requests p50 p99 <<<"$2"
  printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$1" "$requests" "$(cpu "$1")" "$(rss_mb "$1")" "$p50" "$p99" >> "$OUT/results.tsv"
}

for r in $(seq 1 "$RUNS"); do
  echo "run $r of $RUNS" >&2
  run wrk wrk -t1 -c$USERS -d${DURATION}s --latency "$URL/"
  record wrk "$(wrk_figures)"
  record locust-fast "$(locust_run locust-fast NginxFastHttpUser)"
  record locust-http "$(locust_run locust-http NginxHttpUser)"
  record engine-fast "$(engine_run engine-fast NginxFastUser.java)"
  record engine-http "$(engine_run engine-http NginxUser.java)"
done

# median of a column over a tool's runs: req/s (requests / duration), CPU s per 10k requests, peak RSS MB, p50, p99
median() { # name column(rps|cpu|rss|p50|p99)
  awk -F'\t' -v n="$1" -v c="$2" -v d="$DURATION" '$1 == n {
      v = c == "rps" ? $2 / d : c == "cpu" ? $3 / $2 * 10000 : c == "rss" ? $4 : c == "p50" ? $5 : $6; print v }' "$OUT/results.tsv" |
    sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
printf '\n%d s per run, medians of %d runs, %d users/connections, nginx on CPU 0, tool on CPU 1\n' \
  "$DURATION" "$RUNS" "$USERS"
printf '%-30s %10s %14s %9s %9s %10s\n' tool "req/s" "CPU s/10k req" "p50 ms" "p99 ms" "peak RSS"
line() { # label name
  printf '%-30s %10.0f %14.3f %9.3f %9.3f %7.0f MB\n' "$1" "$(median "$2" rps)" "$(median "$2" cpu)" \
    "$(median "$2" p50)" "$(median "$2" p99)" "$(median "$2" rss)"
}
line "wrk 4.1 (1 thread)" wrk
line "Locust FastHttpUser" locust-fast
line "Locust HttpUser" locust-http
line "loadtest FastHttpUser" engine-fast
line "loadtest HttpUser (JDK client)" engine-http
ratio() { # label ours theirs
  awk -v n="$1" -v a="$(median "$2" rps)" -v b="$(median "$3" rps)" -v ac="$(median "$2" cpu)" \
    -v bc="$(median "$3" cpu)" 'BEGIN { printf "%-46s req/s %5.2fx   CPU per request %5.2fx\n", n, a / b, ac / bc }'
}
echo
ratio "loadtest FastHttpUser / Locust FastHttpUser" engine-fast locust-fast
ratio "loadtest HttpUser / Locust HttpUser" engine-http locust-http
ratio "loadtest FastHttpUser / wrk" engine-fast wrk
echo "raw output in $OUT (results.tsv: tool, requests, CPU seconds, peak RSS MB, p50 ms, p99 ms per run)"
