#!/usr/bin/env bash
# Run the startup/RSS benchmark (root). Results go to stdout as a Markdown table.
set -eu
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "bench: needs root" >&2; exit 3; }
echo "kernel $(uname -r), $(nproc) CPUs, $(date -u +%F)"
python3 bench/startup.py "$@"
