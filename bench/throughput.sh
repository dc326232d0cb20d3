#!/usr/bin/env bash
# One command: berth beside nginx, plain / close / pipelined / static / HTTPS / HTTP/2, in one run,
# in a private network namespace (as root). Builds berth first when its distribution is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 bench/throughput.py --cmdline "bench/throughput.sh${*:+ $*}" "$@"
