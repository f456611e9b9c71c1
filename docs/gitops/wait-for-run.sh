#!/bin/sh
# Waits for the verdict of the run a CI job started, never for an earlier run's: exits 0 when it passed,
# 1 when it failed, and non-zero on a timeout (kubectl's own exit code).
#
#   wait-for-run.sh NAME                 after `kubectl apply`: the run of the applied spec (metadata.generation)
#   wait-for-run.sh NAME TOKEN           after setting loadtest.dev/rerun=TOKEN: the run of that token
#
# Environment: KUBECTL_ARGS (e.g. "-n shop --context ci"), TIMEOUT (default 30m, per wait).
# Needs kubectl 1.23 or newer (wait --for=jsonpath); the API server may be older.
set -eu
name=$1
token=${2:-}
timeout=${TIMEOUT:-30m}
k="kubectl ${KUBECTL_ARGS:-}"

if [ -n "$token" ]; then
  # status.rerunToken becomes TOKEN when the run started for it begins
  $k wait "loadtest/$name" --for=jsonpath='{.status.rerunToken}'="$token" --timeout="$timeout"
else
  # status.runGeneration reaches metadata.generation when a run carries the applied spec out
  generation=$($k get "loadtest/$name" -o jsonpath='{.metadata.generation}')
  $k wait "loadtest/$name" --for=jsonpath='{.status.runGeneration}'="$generation" --timeout="$timeout"
fi
$k wait "loadtest/$name" --for=condition=Reconciling=False --timeout="$timeout"
$k get "loadtest/$name" -o wide
verdict=$($k get "loadtest/$name" -o jsonpath='{.status.conditions[?(@.type=="Succeeded")].status}')
[ "$verdict" = True ]
