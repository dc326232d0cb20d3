#!/usr/bin/env bash
# One command: install missing peers (apt-get), build berth if needed, flood berth and its peers
# with slow connections in a private network namespace; prints a markdown table. As root.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 bench/flood.py --cmdline "bench/flood.sh${*:+ $*}" "$@"
