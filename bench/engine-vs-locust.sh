#!/usr/bin/env bash
# Engine throughput and CPU per request against nginx on 127.0.0.1, beside wrk and Locust in the same run.
# nginx has one worker pinned to CPU 0; each load tool runs pinned to CPU 1 with 50 users/connections.
# Prints req/s, CPU seconds per 10k requests (user+sys of the tool's process), peak RSS and ratios.
#
#   bash bench/engine-vs-locust.sh [seconds per run, default 30]
#   JAVA_OPTS="-XX:StartFlightRecording=filename=/tmp/engine.jfr" bash bench/engine-vs-locust.sh 30
#       passes JVM options to the engine's runs (profiling, GC choice)
#
# Needs: nginx, wrk, python3-locust, time (apt-get install nginx wrk python3-locust time), and the runner
# built (mvn -B -DskipTests package -pl runner-image -am). Loopback only; everything it starts it stops by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-30}
USERS=50
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=$(mktemp -d /tmp/loadtest-bench.XXXXXX)
PORT=$((20000 + RANDOM % 20000))
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
csv_requests() { awk -F, '$2=="Aggregated" {print $3}' "$1"; }

run wrk wrk -t1 -c$USERS -d${DURATION}s "$URL/"
wrk_req=$(awk '/requests in/ {print $1}' "$OUT/wrk.log")

locust_run() { # name userclass
  run "$1" locust -f bench/loadfiles/locustfile.py --headless -u $USERS -r $USERS -t ${DURATION}s \
    -H "$URL" --csv "$OUT/$1" --only-summary "$2"
  csv_requests "$OUT/$1_stats.csv"
}
engine_run() { # name loadfile
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  run "$1" "$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 ${JAVA_OPTS:-} -jar runner-image/target/loadtest-runner.jar \
    -f "bench/loadfiles/$2" --headless -u $USERS -r $USERS -t ${DURATION}s -H "$URL" --csv "$OUT/$1"
  csv_requests "$OUT/$1_stats.csv"
}
locust_fast_req=$(locust_run locust-fast NginxFastHttpUser)
locust_http_req=$(locust_run locust-http NginxHttpUser)
engine_fast_req=$(engine_run engine-fast NginxFastUser.java)
engine_http_req=$(engine_run engine-http NginxUser.java)

printf '\n%d s per run, %d users/connections, nginx on CPU 0, tool on CPU 1\n' "$DURATION" "$USERS"
printf '%-30s %10s %14s %10s %10s\n' tool "req/s" "CPU s/10k req" "peak RSS" requests
line() { # label name requests
  awk -v n="$1" -v r="$3" -v c="$(cpu "$2")" -v m="$(rss_mb "$2")" -v d="$DURATION" \
    'BEGIN { printf "%-30s %10.0f %14.3f %7s MB %10d\n", n, r / d, c / r * 10000, m, r }'
}
line "wrk 4.1 (1 thread)" wrk "$wrk_req"
line "Locust FastHttpUser" locust-fast "$locust_fast_req"
line "Locust HttpUser" locust-http "$locust_http_req"
line "loadtest FastHttpUser" engine-fast "$engine_fast_req"
line "loadtest HttpUser (JDK client)" engine-http "$engine_http_req"
ratio() { # label ours theirs
  awk -v n="$1" -v a="$2" -v b="$3" -v ac="$(cpu "$4")" -v bc="$(cpu "$5")" \
    'BEGIN { printf "%-46s req/s %5.2fx   CPU per request %5.2fx\n", n, a / b, (ac / a) / (bc / b) }'
}
echo
ratio "loadtest FastHttpUser / Locust FastHttpUser" "$engine_fast_req" "$locust_fast_req" engine-fast locust-fast
ratio "loadtest HttpUser / Locust HttpUser" "$engine_http_req" "$locust_http_req" engine-http locust-http
ratio "loadtest FastHttpUser / wrk" "$engine_fast_req" "$wrk_req" engine-fast wrk
echo "raw output in $OUT"
