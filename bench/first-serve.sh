#!/usr/bin/env bash
# Fresh clone to first HTTP 200: what a new user waits for after `git clone` and `./berth serve`.
# For each run: `git clone` this checkout's HEAD into a new temp directory (no target/), start
# `./berth serve --bind 127.0.0.1:0 --report FILE` there, and time from that launch to the first
# 200 from the port the report names; then a second `./berth serve` in the same clone (no build)
# the same way. Prints one line per run and the medians.
# The Maven cache is NOT cold: a warm-up build (mvn -Pquick ... package in a throwaway clone)
# runs first so that every plugin and dependency is in ~/.m2; downloading them is network time,
# not Berth's, and is excluded. Loopback only.
# Usage: bench/first-serve.sh [RUNS]   (default 3)
set -euo pipefail
runs=${1:-3}
repo=$(cd "$(dirname "$0")/.." && pwd -P)
commit=$(git -C "$repo" rev-parse --short HEAD)
work=$(mktemp -d)
server=
cleanup() {
  [ -z "$server" ] || kill -TERM "$server" 2>/dev/null || true
  [ -z "$server" ] || wait "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

now() { local t=${EPOCHREALTIME//[.,]/}; echo "$t"; }

# Launches ./berth serve in clone $1, prints seconds from launch to the first 200 (or fails).
first_200() {
  local clone=$1 report=$1/../report-$RANDOM.json log=$1/../stderr-$RANDOM.txt t0 port=
  t0=$(now)
  "$clone/berth" serve --bind 127.0.0.1:0 --report "$report" 2>"$log" &
  server=$!
  while :; do
    if ! kill -0 "$server" 2>/dev/null; then
      echo "first-serve: berth exited before answering; its stderr:" >&2
      cat "$log" >&2
      exit 1
    fi
    [ -n "$port" ] || port=$(sed -n 's/.*"port" *: *\([0-9][0-9]*\).*/\1/p' "$report" 2>/dev/null | head -n 1)
    if [ -n "$port" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/" || true)" = 200 ]; then
      break
    fi
    sleep 0.05
  done
  local t1 us
  t1=$(now)
  kill -TERM "$server"
  wait "$server" || { echo "first-serve: berth did not exit 0 on SIGTERM" >&2; exit 1; }
  server=
  us=$((t1 - t0))
  printf '%d.%02d\n' $((us / 1000000)) $((us % 1000000 / 10000))
}

echo "first-serve: warming the Maven cache (excluded from the figures)" >&2
git clone -q "$repo" "$work/warm"
(cd "$work/warm" && mvn -B -q -Pquick -Dmaven.test.skip=true -pl server-cli -am package) >/dev/null

firsts=() seconds=()
for i in $(seq "$runs"); do
  clone="$work/run$i/berth"
  mkdir -p "$work/run$i"
  git clone -q "$repo" "$clone"
  first=$(first_200 "$clone")
  second=$(first_200 "$clone")
  firsts+=("$first") seconds+=("$second")
  echo "run $i: fresh clone -> first 200 in $first s; second ./berth serve -> first 200 in $second s"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median of $runs (commit $commit, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)):" \
  "fresh clone $(median "${firsts[@]}") s, second start $(median "${seconds[@]}") s"
