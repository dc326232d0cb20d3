#!/usr/bin/env bash
# One command: install missing peers and wrk (apt-get), build berth if needed, measure berth and
# its peers in one run in a private network namespace, write docs/performance.md + .svg. As root.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 bench/bench.py --cmdline "bench/bench.sh${*:+ $*}" "$@"
