#!/usr/bin/env bash
# Memory per user: N mostly idle users (one request, then 20-40 s of think time) in one runner against nginx
# on 127.0.0.1 (each user keeps its connection). Prints RSS and live heap once every user is running.
#
#   bash bench/idle-users.sh [users ...]     (default: 10000 50000)
#   JAVA_OPTS="-Xmx160m" bash bench/idle-users.sh 10000    (a heap sized as a pod's memory limit would size it)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[[ -f runner-image/target/loadtest-runner.jar ]] || { echo "build the runner first (see README)" >&2; exit 2; }
counts=("$@"); [[ ${#counts[@]} -gt 0 ]] || counts=(10000 50000)
OUT=$(mktemp -d /tmp/loadtest-idle.XXXXXX)
# shellcheck source=bench/nginx.sh
. bench/nginx.sh
trap stop_nginx EXIT
ulimit -n 200000 2>/dev/null || ulimit -n "$(ulimit -Hn)"
start_nginx "$OUT" $((20000 + RANDOM % 12000)) 65536
printf '%8s %10s %12s %14s %14s %14s\n' users "RSS MB" "RSS KB/user" "RSS after GC" "live heap MB" "heap KB/user"
for n in "${counts[@]}"; do
  log=$(mktemp /tmp/loadtest-idle.XXXXXX)
  # shellcheck disable=SC2086 # JAVA_OPTS is a list of options
  timeout 180 "$JAVA_HOME/bin/java" ${JAVA_OPTS:-} -jar runner-image/target/loadtest-runner.jar -f bench/loadfiles/IdleUser.java \
    -H "$URL" -u "$n" -r "$n" -t 25s --headless >"$log" 2>&1 &
  pid=$!
  # wait until every user runs, then give them a few seconds to send their first request and settle
  for _ in $(seq 1 600); do grep -q "All users spawned" "$log" && break; sleep 0.1; done
  sleep 8
  jpid=$(pgrep -P "$pid" java || echo "$pid")
  rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$jpid/status")
  "$JAVA_HOME/bin/jcmd" "$jpid" GC.run >/dev/null 2>&1 || true # live objects only, not garbage not yet collected
  rss_after_gc_kb=$(awk '/VmRSS/ {print $2}' "/proc/$jpid/status")
  heap_kb=$("$JAVA_HOME/bin/jcmd" "$jpid" GC.heap_info 2>/dev/null | awk '/used/ {for (i=1;i<=NF;i++) if ($i=="used") {v=$(i+1); sub("K","",v); print v; exit}}')
  printf '%8d %10.0f %12.1f %14.0f %14.0f %14.2f\n' "$n" "$((rss_kb / 1024))" "$(echo "$rss_kb / $n" | bc -l)" \
    "$((rss_after_gc_kb / 1024))" "$((${heap_kb:-0} / 1024))" "$(echo "${heap_kb:-0} / $n" | bc -l)"
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$log"
done
