#!/usr/bin/env bash
# Start of the container image to its first HTTP 200 (docs/performance.md, "Container image").
# Runs IMAGE (default localhost/berth:latest) RUNS times (default 5) with host networking on a
# free loopback port and polls /health with curl every 5 ms. Prints, per run and as medians:
#   podman run -> 200   from just before `podman run -d` to the first 200 (podman's own work included)
#   started -> 200      from the container's start as podman records it (.State.StartedAt: runc
#                       has started bin/berth) to the first 200: the JVM and berth inside the container
# and the image's size. Needs podman (CONTAINERS_CONF where the machine needs it), curl, python3.
set -euo pipefail
image=${1:-localhost/berth:latest}
runs=${2:-5}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
totals=() insides=()
for i in $(seq "$runs"); do
  port=$(free_port)
  name=berth-start-$$-$i
  t0=$(date +%s%N)
  podman run -d --name "$name" --network host "$image" serve --bind "127.0.0.1:$port" >/dev/null
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/health")" = 200 ]; do sleep 0.005; done
  t1=$(date +%s%N)
  started=$(date -d "$(podman inspect --format '{{.State.StartedAt}}' "$name" | sed 's/ [A-Z]*$//')" +%s%N)
  podman rm -f -t 10 "$name" >/dev/null
  totals+=($(( (t1 - t0) / 1000000 )))
  insides+=($(( (t1 - started) / 1000000 )))
  echo "run $i: podman run -> 200 ${totals[-1]} ms, started -> 200 ${insides[-1]} ms"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median of $runs: podman run -> 200 $(median "${totals[@]}") ms, started -> 200 $(median "${insides[@]}") ms"
echo "image size: $(podman image inspect --format '{{.Size}}' "$image") bytes"
