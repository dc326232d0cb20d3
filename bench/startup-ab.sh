#!/usr/bin/env bash
# The start-up A/B of issue 23 (bench/levers.md, "The quiet runs"): two or more berth
# distributions and uvicorn, alternating, in one invocation of each bench/ab.py mode:
# usage error -> exit, port in use -> exit, launch -> first 200, idle RSS.
# Usage: bench/startup-ab.sh LABEL=DIST LABEL=DIST ...   (DIST: a berth distribution directory,
#        e.g. server-cli/target/berth, with its own class cache: bin/berth-make-cds after moving it)
# Environment: RUNS (default 15; RSS takes 7). Loopback only.
set -euo pipefail
bench=$(cd "$(dirname "$0")" && pwd -P)
[ $# -ge 1 ] || { echo "usage: $0 LABEL=DIST ..." >&2; exit 64; }
runs=${RUNS:-15}
uvicorn="/usr/bin/python3 -m uvicorn --app-dir $bench"
each() {  # each ARGS-FOR-BERTH UVICORN-ARGS: one LABEL=COMMAND per distribution, then uvicorn's
  local spec
  for spec in "${dists[@]}"; do printf '%s\n' "${spec%%=*}=${spec#*=}/bin/berth serve $1"; done
  printf '%s\n' "uvicorn=$uvicorn $2 app:app"
}
dists=("$@")
date -u; uptime
mapfile -t c < <(each "--bind 1.2.3.999:80" "--port x")
python3 "$bench/ab.py" --runs "$runs" "${c[@]}"
mapfile -t c < <(each "--bind 127.0.0.1:HELD" "--host 127.0.0.1 --port HELD")
python3 "$bench/ab.py" --runs "$runs" "${c[@]}"
mapfile -t c < <(each "--bind 127.0.0.1:PORT" "--host 127.0.0.1 --port PORT")
python3 "$bench/ab.py" --runs "$runs" --mode first200 "${c[@]}"
python3 "$bench/ab.py" --runs 7 --mode rss "${c[@]}"
date -u; uptime
