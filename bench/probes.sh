#!/usr/bin/env bash
# One command: hostile-client and full-disk probes against berth and nginx side by side, in a
# private network namespace (loopback only), each probe bounded; prints a markdown table. As root.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 bench/probes.py --cmdline "bench/probes.sh${*:+ $*}" "$@"
