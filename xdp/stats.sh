#!/usr/bin/env bash
# Prints the Corelb XDP program's counters, each summed over CPUs (docs/xdp.md).
#   xdp/stats.sh DEV | --pin DIR
set -euo pipefail
if [ "${1:-}" = --pin ]; then pin="${2:?--pin needs a directory}"; else pin="/sys/fs/bpf/corelb/${1:?usage: $0 DEV | --pin DIR}"; fi
names=(redirected unknown_core truncated other)
for i in "${!names[@]}"; do
  # The map has BTF, so bpftool adds a "formatted" object whose per-CPU values are plain numbers.
  total="$(bpftool -j map lookup pinned "$pin/maps/corelb_stats" key "$i" 0 0 0 \
    | grep -o '"formatted":.*' | grep -o '"value":[0-9]*' | cut -d: -f2 | awk '{ s += $1 } END { print s + 0 }')"
  printf '%-13s %s\n' "${names[$i]}" "$total"
done
