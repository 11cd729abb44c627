#!/usr/bin/env bash
# Builds xdp/build/corelb_shim.bpf.o (clang -target bpf, with BTF so libbpf-based loaders,
# iproute2 and bpftool, create the maps). Needs clang and libbpf-dev (bpf/bpf_helpers.h).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/build"
mkdir -p "$out"
command -v clang >/dev/null || { echo "xdp/build.sh: clang not found (apt-get install clang)" >&2; exit 1; }
[ -f /usr/include/bpf/bpf_helpers.h ] || { echo "xdp/build.sh: bpf/bpf_helpers.h not found (apt-get install libbpf-dev)" >&2; exit 1; }
# linux/bpf.h includes asm/types.h, which Debian keeps under the host's multiarch directory.
multiarch="$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")"
clang -O2 -g -Wall -Werror -target bpf -I"/usr/include/$multiarch" \
  -c "$here/corelb_shim.bpf.c" -o "$out/corelb_shim.bpf.o"
echo "$out/corelb_shim.bpf.o"
