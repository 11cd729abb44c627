#!/usr/bin/env bash
# Loads xdp/build/corelb_shim.bpf.o, pins it and its maps, attaches it to an interface, and
# fills the CPU map with every online CPU (docs/xdp.md).
#   xdp/load.sh DEV [--mode native|generic] [--pin DIR] [--qsize N] [--obj FILE]
# DIR (default /sys/fs/bpf/corelb/DEV) gets prog and maps/corelb_cpus, maps/corelb_stats; it
# must be on a BPF filesystem, which is mounted there when it is not. Needs root and bpftool.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
usage() { echo "usage: $0 DEV [--mode native|generic] [--pin DIR] [--qsize N] [--obj FILE]" >&2; exit 2; }
[ $# -ge 1 ] || usage
dev="$1"; shift
mode=native; pin=""; qsize=2048; obj="$here/build/corelb_shim.bpf.o"
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) mode="${2:-}"; shift 2 ;;
    --pin) pin="${2:-}"; shift 2 ;;
    --qsize) qsize="${2:-}"; shift 2 ;;
    --obj) obj="${2:-}"; shift 2 ;;
    *) usage ;;
  esac
done
case "$mode" in native) attach=xdpdrv ;; generic) attach=xdpgeneric ;; *) echo "$0: --mode must be native or generic" >&2; exit 2 ;; esac
[[ "$qsize" =~ ^[0-9]+$ ]] && [ "$qsize" -ge 1 ] || { echo "$0: --qsize must be a positive integer" >&2; exit 2; }
[ -e "/sys/class/net/$dev" ] || { echo "$0: no interface $dev" >&2; exit 1; }
[ -f "$obj" ] || { echo "$0: $obj not found: run xdp/build.sh" >&2; exit 1; }
command -v bpftool >/dev/null || { echo "$0: bpftool not found (apt-get install bpftool)" >&2; exit 1; }
pin="${pin:-/sys/fs/bpf/corelb/$dev}"

# The pin directory must be on a BPF filesystem: mount one at the conventional place if needed.
bpffs_root=/sys/fs/bpf
if [[ "$pin" != "$bpffs_root"/* ]]; then bpffs_root="$(dirname "$pin")"; fi
mkdir -p "$bpffs_root"
if [ "$(stat -f -c %T "$bpffs_root")" != bpf_fs ]; then mount -t bpf bpf "$bpffs_root"; fi
[ ! -e "$pin" ] || { echo "$0: $pin exists: run xdp/unload.sh $dev first" >&2; exit 1; }
mkdir -p "$pin"

bpftool prog load "$obj" "$pin/prog" type xdp pinmaps "$pin/maps"
ip link set dev "$dev" "$attach" pinned "$pin/prog"

# One entry per online CPU: key = CPU number, value = queue size (both 32-bit, host order).
le32() { printf '%d %d %d %d' $(($1 & 255)) $((($1 >> 8) & 255)) $((($1 >> 16) & 255)) $((($1 >> 24) & 255)); }
cpus=0
for cpu_dir in /sys/devices/system/cpu/cpu[0-9]*; do
  cpu="${cpu_dir##*cpu}"
  [ "$cpu" -lt 256 ] || continue
  if [ -f "$cpu_dir/online" ] && [ "$(cat "$cpu_dir/online")" = 0 ]; then continue; fi
  # shellcheck disable=SC2046 # the byte lists are meant to split into words
  bpftool map update pinned "$pin/maps/corelb_cpus" key $(le32 "$cpu") value $(le32 "$qsize")
  cpus=$((cpus + 1))
done
echo "corelb xdp: attached to $dev ($attach), $cpus CPUs in the map, pinned under $pin"
