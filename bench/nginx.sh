# Sourced by the benchmarks: starts nginx on 127.0.0.1 serving a 200-byte JSON, one worker pinned to CPU 0.
#   start_nginx DIR PORT [CONNECTIONS]   sets NGINX_PID and URL; stop it with stop_nginx
# Callers pick the port below 32768, out of the kernel's ephemeral range: a run with 50,000 connections leaves
# that range full of TIME_WAIT sockets, and a listener there could not bind.
start_nginx() {
  local dir=$1 port=$2 connections=${3:-4096}
  mkdir -p "$dir/nginx"
  head -c 180 /dev/zero | tr '\0' 'x' | sed 's/^/{"payload":"/; s/$/"}/' > "$dir/nginx/index.json"
  cat > "$dir/nginx.conf" <<CONF
worker_processes 1;
worker_cpu_affinity 01;
worker_rlimit_nofile $((connections * 2 + 64));
daemon off;
pid $dir/nginx.pid;
error_log $dir/nginx-error.log;
events { worker_connections $connections; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 300s;
  server {
    listen 127.0.0.1:$port backlog=65535;
    location / { root $dir/nginx; default_type application/json; try_files /index.json =404; }
  }
}
CONF
  chmod -R a+rX "$dir" # nginx's worker runs unprivileged and must read the file
  nginx -c "$dir/nginx.conf" -p "$dir" &
  NGINX_PID=$!
  URL="http://127.0.0.1:$port"
  for _ in $(seq 1 50); do curl -sf "$URL/" >/dev/null && return 0; sleep 0.1; done
  echo "nginx does not serve the test file; see $dir/nginx-error.log" >&2
  return 1
}

stop_nginx() {
  kill "$NGINX_PID" 2>/dev/null || true
  wait "$NGINX_PID" 2>/dev/null || true
}
