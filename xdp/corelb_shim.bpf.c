// SPDX-License-Identifier: GPL-2.0
// Corelb's server-side XDP program (docs/xdp.md). The load balancer puts a 4-byte core shim
// after the Ethernet header of every packet it sends to a server (DESIGN.md 2.3):
//
//   dst MAC (6) | src MAC (6) | 0x88B6 (2) | core_id (1) | flags (1) | orig_ethertype (2) | ...
//
// This program removes the shim, puts orig_ethertype back as the EtherType, and redirects the
// frame through a CPUMAP to CPU core_id, so that the kernel's stack (and the application's
// socket) handles the connection on the core the load balancer chose.
//
// Decisions (each counted in corelb_stats, per CPU):
//   - EtherType other than 0x88B6 (including VLAN-tagged frames) or a frame too short for an
//     Ethernet header: XDP_PASS, untouched                                  -> STAT_OTHER
//   - 0x88B6 but shorter than Ethernet + shim (malformed): XDP_DROP         -> STAT_TRUNCATED
//     (the stack has no handler for 0x88B6, so passing it would only drop it later, unseen)
//   - core_id present in corelb_cpus: shim removed, XDP_REDIRECT to it      -> STAT_REDIRECTED
//   - core_id not in corelb_cpus (CPU offline, map not filled): shim removed, XDP_PASS, so the
//     packet is still delivered, on the CPU that received it                -> STAT_UNKNOWN_CORE
// flags is not interpreted (0 today).
//
// The license is GPL because bpf_redirect_map and CPUMAP are exported to GPL programs only.

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#define ETHERTYPE_CORE_SHIM 0x88B6
#define CORE_SHIM_LENGTH 4
#define MAC_PAIR_LENGTH 12
// core_id is 8 bits wide.
#define MAX_CORES 256

enum corelb_stat {
  STAT_REDIRECTED = 0,
  STAT_UNKNOWN_CORE = 1,
  STAT_TRUNCATED = 2,
  STAT_OTHER = 3,
  STAT_COUNT = 4,
};

struct corelb_core_shim {
  __u8 core_id;
  __u8 flags;
  __be16 orig_ethertype;
};

// Key: CPU number. Value: the queue size of the CPU's cpumap entry (a bare __u32 qsize, the first
// field of struct bpf_cpumap_val; no per-CPU program). xdp/load.sh fills it for every online CPU.
struct {
  __uint(type, BPF_MAP_TYPE_CPUMAP);
  __uint(max_entries, MAX_CORES);
  __type(key, __u32);
  __type(value, __u32);
} corelb_cpus SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, STAT_COUNT);
  __type(key, __u32);
  __type(value, __u64);
} corelb_stats SEC(".maps");

static __always_inline void count(__u32 stat) {
  __u64 *value = bpf_map_lookup_elem(&corelb_stats, &stat);
  if (value) *value += 1;
}

SEC("xdp")
int corelb_shim(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data;
  void *data_end = (void *)(long)ctx->data_end;
  struct ethhdr *eth = data;

  if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETHERTYPE_CORE_SHIM)) {
    count(STAT_OTHER);
    return XDP_PASS;
  }
  struct corelb_core_shim *shim = (void *)(eth + 1);
  if ((void *)(shim + 1) > data_end) {
    count(STAT_TRUNCATED);
    return XDP_DROP;
  }
  __u32 core = shim->core_id;

  // orig_ethertype already sits where the new EtherType goes (bytes 16..17): moving the two MAC
  // addresses 4 bytes on and dropping the first 4 bytes leaves a plain Ethernet frame.
  __u8 macs[MAC_PAIR_LENGTH];
  __builtin_memcpy(macs, data, MAC_PAIR_LENGTH);
  __builtin_memcpy((__u8 *)data + CORE_SHIM_LENGTH, macs, MAC_PAIR_LENGTH);
  if (bpf_xdp_adjust_head(ctx, CORE_SHIM_LENGTH) != 0) {
    // Cannot happen for a frame this long; if it did, the MACs are already moved: drop it.
    count(STAT_TRUNCATED);
    return XDP_DROP;
  }

  // The last argument is the action when `core` has no entry in the map.
  long action = bpf_redirect_map(&corelb_cpus, core, XDP_PASS);
  count(action == XDP_REDIRECT ? STAT_REDIRECTED : STAT_UNKNOWN_CORE);
  return action;
}

char LICENSE[] SEC("license") = "GPL";
