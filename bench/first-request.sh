#!/usr/bin/env bash
# First requests measured honestly: the same short cold test with our engine (HttpUser, FastHttpUser) and with
# Debian's Locust (HttpUser, FastHttpUser) against one nginx on 127.0.0.1. Each of USERS users logs in once
# (POST /login, its first request) then browses once a second (GET /items). Prints, per tool and run, the
# login's p50 and p99 and the later requests' p50 as each tool's stats CSV reports them, and the time from
# launching the tool to the target's first request (start-up: JVM, loadfile compilation, warm-up), each beside the
# 1-minute load average when that tool started; then the medians and, per user class, both p50s side by side.
#
#   bash bench/first-request.sh [runs, default 3] [seconds per run, default 8]
#   USERS=10 (default)
#   PIN=1 pins each tool to CPU 1 (default: tools unpinned, as users run them)
#   JAVA_OPTS=... passes JVM options to our engine's runs (a JFR recording, -Xlog)
#   ONLY_ENGINE=1 runs our engine only (when studying it; the comparison needs Locust in the same run)
#   WARMUP_OFF=1 also runs our engine with -Dloadtest.warmUp=false (as before the warm-up existed) in the same run
#
# Needs: nginx, python3-locust, and the runner built (mvn -B -DskipTests package -pl runner-image -am).
# nginx runs pinned to CPU 0. Locust's -t counts from before its imports, so on a busy machine a short run can end
# before its users log in: keep runs at 8 s or more. Loopback only; everything it starts it stops by PID.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-3}
DURATION=${2:-8}
USERS=${USERS:-10}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
OUT=$(mktemp -d /tmp/loadtest-first.XXXXXX)
PORT=$((20000 + RANDOM % 12000))
for tool in nginx locust curl; do
  command -v "$tool" >/dev/null || { echo "missing $tool: apt-get install nginx python3-locust curl" >&2; exit 2; }
done
[[ -f runner-image/target/loadtest-runner.jar ]] || { echo "build the runner first (see README)" >&2; exit 2; }

# nginx with a login endpoint: POST /login answers a token, GET /items a small list; each request is logged
# with the time it completed, which gives each tool's launch-to-first-request time.
mkdir -p "$OUT/nginx"
cat > "$OUT/nginx.conf" <<CONF
worker_processes 1;
worker_cpu_affinity 01;
daemon off;
pid $OUT/nginx.pid;
error_log $OUT/nginx-error.log;
events { worker_connections 1024; }
http {
  log_format t '\$msec \$request_method \$uri \$status';
  access_log $OUT/access.log t;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$PORT;
    default_type application/json;
    location = /login { return 200 '{"token":"0123456789abcdef"}'; }
    location = /items { return 200 '[{"id":1,"name":"tea"},{"id":2,"name":"cup"}]'; }
  }
}
CONF
taskset -c 0 nginx -c "$OUT/nginx.conf" -p "$OUT" &
NGINX_PID=$!
trap 'kill "$NGINX_PID" 2>/dev/null || true; wait "$NGINX_PID" 2>/dev/null || true' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 1 50); do curl -sf "$URL/items" >/dev/null && break; sleep 0.1; done
curl -sf -X POST "$URL/login" >/dev/null || { echo "nginx does not answer; see $OUT/nginx-error.log" >&2; exit 1; }

# Locust's stats CSV (ours writes the same): Name column 2, Request Count 3, 50% column 12, 99% column 19 (ms)
row() { awk -F, -v n="$2" '$2 == n {print $3 "\t" $12 "\t" $19}' "$1"; }

PIN_TOOL=()
[[ -n ${PIN:-} ]] && PIN_TOOL=(taskset -c 1)

# run NAME CMD...: runs CMD (pinned to CPU 1 with PIN=1), bounded; appends one line to results.tsv:
# name, logins, login p50, login p99, later p50, launch -> first request at the target (ms), load average at launch
run() {
  local name=$1; shift
  : > "$OUT/access.log"
  kill -USR1 "$NGINX_PID" # reopen the log we just truncated
  sleep 0.2
  local launched load
  load=$(cut -d' ' -f1 /proc/loadavg)
  launched=$(date +%s.%N)
  timeout $((DURATION + 60)) "${PIN_TOOL[@]}" "$@" >"$OUT/$name.log" 2>&1 || true
  local login browse first
  login=$(row "$OUT/${name}_stats.csv" /login)
  browse=$(row "$OUT/${name}_stats.csv" /items)
  first=$(awk -v l="$launched" 'NR == 1 {printf "%.0f", ($1 - l) * 1000}' "$OUT/access.log")
  IFS=$'\t' read -r n p50 p99 <<<"$login"
  IFS=$'\t' read -r _ later _ <<<"$browse"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "${n:-?}" "${p50:-?}" "${p99:-?}" "${later:-?}" "${first:-?}" "$load" \
    | tee -a "$OUT/results.tsv" >&2
}
locust_run() { # name userclass
  run "$1" locust -f bench/loadfiles/login_locustfile.py --headless -u "$USERS" -r "$USERS" -t "${DURATION}s" \
    -H "$URL" --csv "$OUT/$1" --only-summary "$2"
}
engine_run() { # name loadfile [JVM options...]
  local name=$1 loadfile=$2; shift 2
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  run "$name" "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} "$@" -jar runner-image/target/loadtest-runner.jar \
    -f "bench/loadfiles/$loadfile" --headless -u "$USERS" -r "$USERS" -t "${DURATION}s" -H "$URL" --csv "$OUT/$name"
}

echo "$(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); ${PIN:+tools pinned to CPU 1; }results in $OUT" >&2
printf 'tool\tlogins\tlogin p50 ms\tlogin p99 ms\tlater p50 ms\tlaunch->first request ms\tload average\n' >&2
for r in $(seq 1 "$RUNS"); do
  if [[ -z ${ONLY_ENGINE:-} ]]; then
    locust_run locust-http LoginHttpUser
    locust_run locust-fast LoginFastHttpUser
  fi
  engine_run engine-http LoginUser.java
  engine_run engine-fast LoginFastUser.java
  if [[ -n ${WARMUP_OFF:-} ]]; then
    engine_run engine-http-cold LoginUser.java -Dloadtest.warmUp=false
    engine_run engine-fast-cold LoginFastUser.java -Dloadtest.warmUp=false
  fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

median() { # name column (3 = login p50, 4 = login p99, 5 = later p50, 6 = launch->first)
  awk -F'\t' -v n="$1" -v c="$2" '$1 == n && $c != "?" {print $c}' "$OUT/results.tsv" | sort -g \
    | awk '{v[NR] = $1} END {if (NR == 0) print "?"; else if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2}'
}
echo
echo "medians of $RUNS runs, $USERS users, ${DURATION} s each:"
printf '%-18s %14s %14s %14s %22s\n' tool "login p50 ms" "login p99 ms" "later p50 ms" "launch->first req ms"
names="locust-http locust-fast engine-http engine-fast"
[[ -n ${WARMUP_OFF:-} ]] && names="$names engine-http-cold engine-fast-cold"
for n in $names; do
  printf '%-18s %14s %14s %14s %22s\n' "$n" "$(median "$n" 3)" "$(median "$n" 4)" "$(median "$n" 5)" "$(median "$n" 6)"
done
diff() { awk -v a="$1" -v b="$2" 'BEGIN {if (a == "?" || b == "?") print "?"; else printf "%+.1f", a - b}'; }
side() { # ours locust: both medians and their difference
  echo "ours $(median "$1" 3) ms, Locust's $(median "$2" 3) ms, ours - Locust's $(diff "$(median "$1" 3)" "$(median "$2" 3)") ms"
}
echo
echo "the first request's (login's) p50, medians of the same $RUNS rounds (target: ours within 5 ms of Locust's):"
echo "  HttpUser:     $(side engine-http locust-http)"
echo "  FastHttpUser: $(side engine-fast locust-fast)"
echo "load average (1 min) at the tools' launches: $(awk -F'\t' '{print $7}' "$OUT/results.tsv" | sort -g | awk '{v[NR] = $1} END {printf "%s to %s", v[1], v[NR]}')"
