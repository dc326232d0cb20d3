#!/usr/bin/env bash
# One command: install missing peers (apt-get), build berth if needed, run the conformance
# scenarios in a private network namespace, write docs/comparison.md. Run as root.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 bench/conformance.py --cmdline "bench/conformance.sh${*:+ $*}" "$@"
