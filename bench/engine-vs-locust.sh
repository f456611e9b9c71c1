#!/usr/bin/env bash
# Engine throughput and CPU per request against nginx on 127.0.0.1, beside wrk and Locust in the same run.
# nginx has one worker pinned to CPU 0; each load tool runs pinned to CPU 1 with 50 users/connections.
# Prints req/s, CPU seconds per 10k requests (user+sys of the tool's process tree) and ratios.
#
#   bash bench/engine-vs-locust.sh [seconds per run, default 30]
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

# nginx: one worker on CPU 0, a 200-byte JSON body
mkdir -p "$OUT/nginx"
head -c 180 /dev/zero | tr '\0' 'x' | sed 's/^/{"payload":"/; s/$/"}/' > "$OUT/nginx/index.json"
cat > "$OUT/nginx.conf" <<CONF
worker_processes 1;
worker_cpu_affinity 01;
daemon off;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$PORT;
    location / { root $OUT/nginx; default_type application/json; try_files /index.json =404; }
  }
}
CONF
nginx -c "$OUT/nginx.conf" -p "$OUT" &
NGINX_PID=$!
trap 'kill $NGINX_PID 2>/dev/null || true; wait $NGINX_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 50); do curl -sf "http://127.0.0.1:$PORT/" >/dev/null && break; sleep 0.1; done
URL="http://127.0.0.1:$PORT"

# run NAME CMD...: runs CMD pinned to CPU 1 under /usr/bin/time; leaves CPU seconds in $OUT/NAME.time
run() {
  local name=$1; shift
  /usr/bin/time -f '%U %S %M' -o "$OUT/$name.time" timeout $((DURATION + 60)) taskset -c 1 "$@" \
    >"$OUT/$name.log" 2>&1 || true
}
cpu() { awk '{print $1 + $2}' "$OUT/$1.time"; }
rss_mb() { awk '{printf "%.0f", $3 / 1024}' "$OUT/$1.time"; }
csv_requests() { awk -F, '$2=="Aggregated" {print $3}' "$1"; }

run wrk wrk -t1 -c$USERS -d${DURATION}s "$URL/"
wrk_req=$(awk '/requests in/ {print $1}' "$OUT/wrk.log")

run locust-fast locust -f bench/loadfiles/locustfile.py --headless -u $USERS -r $USERS -t ${DURATION}s \
  -H "$URL" --csv "$OUT/locust-fast" --only-summary NginxFastHttpUser
locust_fast_req=$(csv_requests "$OUT/locust-fast_stats.csv")

run engine "$JAVA_HOME/bin/java" -XX:ActiveProcessorCount=1 -jar runner-image/target/loadtest-runner.jar \
  -f bench/loadfiles/NginxUser.java --headless -u $USERS -r $USERS -t ${DURATION}s -H "$URL" --csv "$OUT/engine"
engine_req=$(csv_requests "$OUT/engine_stats.csv")

printf '\n%-28s %12s %14s %10s %9s\n' tool "req/s" "CPU s/10k req" "peak RSS" requests
line() { # name requests cpu rss
  awk -v n="$1" -v r="$2" -v c="$3" -v m="$4" -v d="$DURATION" \
    'BEGIN { printf "%-28s %12.0f %14.3f %7s MB %9d\n", n, r / d, c / r * 10000, m, r }'
}
line "wrk 1 thread" "$wrk_req" "$(cpu wrk)" "$(rss_mb wrk)"
line "Locust FastHttpUser" "$locust_fast_req" "$(cpu locust-fast)" "$(rss_mb locust-fast)"
line "loadtest HttpUser (JDK)" "$engine_req" "$(cpu engine)" "$(rss_mb engine)"
awk -v e="$engine_req" -v l="$locust_fast_req" -v w="$wrk_req" -v ec="$(cpu engine)" -v lc="$(cpu locust-fast)" \
  -v wc="$(cpu wrk)" 'BEGIN {
    printf "\nratios: engine/Locust FastHttpUser req/s %.2fx, CPU per request %.2fx; engine/wrk req/s %.2fx, CPU per request %.2fx\n",
      e / l, (ec / e) / (lc / l), e / w, (ec / e) / (wc / w) }'
echo "raw output in $OUT"
