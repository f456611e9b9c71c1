#!/usr/bin/env python3
"""A stand-in runner pod for bench/operator-memory.sh and bench/hundred-loadtests.sh: the runner contract's control
API (/readyz, /start, /stop, /quit, /stats with the run's bearer token), serving canned cumulative /stats bodies.
Hundreds of these cost little, where hundreds of real runner JVMs would not: what is measured is the operator, not
the runners.

The template file is either one /stats body (served all run long), or {"stepSeconds": s, "bodies": [b0, b1, ...]}:
cumulative bodies that grow as a real runner's figures do, body i served from i * s seconds after /start, the last
one from then on, and the one served when /stop came kept after it (a stopped runner's figures are final).

Usage (as the test cluster's kubelet runs it): fake-runner.py STATS_TEMPLATE.json worker --bind-env POD_IP --port N ...
"""
import json
import os
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

template_file, args = sys.argv[1], sys.argv[2:]
port = int(args[args.index("--port") + 1]) if "--port" in args else 8089
bind_env = args[args.index("--bind-env") + 1] if "--bind-env" in args else None
bind = os.environ.get(bind_env, "127.0.0.1") if bind_env else "127.0.0.1"
token = os.environ.get("LOADTEST_TOKEN", "")
runner = os.environ.get("LOADTEST_RUNNER_ID", "fake")
template = open(template_file).read()
loaded = json.loads(template)
if isinstance(loaded, dict) and "bodies" in loaded:
    step_seconds, bodies = float(loaded["stepSeconds"]), loaded["bodies"]
else:
    step_seconds, bodies = 1.0, [template]
state = {"state": "READY", "runId": None, "users": 0, "started": None, "frozen": None}
incarnation = str(uuid.uuid4())


def current_index():
    if state["frozen"] is not None:
        return state["frozen"]
    if state["started"] is None:
        return 0
    return min(int((time.monotonic() - state["started"]) / step_seconds), len(bodies) - 1)


def info():
    return {"runner": runner, "incarnation": incarnation, "state": state["state"], "runId": state["runId"],
            "userClasses": [{"name": "ShopUser", "weight": 1, "fixedCount": 0}]}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body):
        data = body.encode() if isinstance(body, str) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def authorised(self):
        if self.headers.get("Authorization") != "Bearer " + token:
            self.reply(401, {"error": "bad token"})
            return False
        return True

    def do_GET(self):
        # a poller may name a base (GET /stats?base=N, control protocol 3): this stand-in answers JSON, without deltas
        path = self.path.split("?")[0]
        if path == "/readyz" or path == "/healthz":
            self.reply(200, info())
        elif path == "/stats" and self.authorised():
            self.reply(200, bodies[current_index()].replace("__RUN__", state["runId"] or "")
                       .replace("__STATE__", state["state"]).replace("__RUNNER__", runner)
                       .replace('"userCount":0', '"userCount":%d' % state["users"]))

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if not self.authorised():
            return
        if self.path == "/start":
            command = json.loads(body)
            if state["runId"] != command["runId"]:
                state.update(started=time.monotonic(), frozen=None)
            state.update(state="RUNNING", runId=command["runId"],
                         users=sum((command.get("userClassCounts") or {}).values()))
            self.reply(202, info())
        elif self.path in ("/stop", "/quit"):
            if state["frozen"] is None:
                state["frozen"] = current_index()
            state.update(state="STOPPED", users=0)
            self.reply(202, info())
            if self.path == "/quit":
                threading.Thread(target=server.shutdown).start()


server = ThreadingHTTPServer((bind, port), Handler)
server.serve_forever()
