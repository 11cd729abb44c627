#!/usr/bin/env bash
# Detaches the Corelb XDP program from an interface and removes its pins (docs/xdp.md).
#   xdp/unload.sh DEV [--pin DIR]
set -euo pipefail
[ $# -ge 1 ] || { echo "usage: $0 DEV [--pin DIR]" >&2; exit 2; }
dev="$1"; shift
pin="/sys/fs/bpf/corelb/$dev"
if [ "${1:-}" = --pin ]; then pin="${2:?--pin needs a directory}"; fi
# Either mode may be attached; detaching one that is not there is not an error for ip.
ip link set dev "$dev" xdpgeneric off 2>/dev/null || true
ip link set dev "$dev" xdpdrv off 2>/dev/null || true
rm -f "$pin/prog" "$pin/maps/corelb_cpus" "$pin/maps/corelb_stats"
rmdir "$pin/maps" "$pin" 2>/dev/null || true
echo "corelb xdp: detached from $dev"
