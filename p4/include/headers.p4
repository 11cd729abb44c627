/*
 * Corelb data plane: headers, the parsed-header struct, per-packet metadata, digest structs.
 * Field names follow the p4lang tutorials; wire layouts are DESIGN.md section 2 and the RFCs.
 */
#ifndef CORELB_HEADERS_P4
#define CORELB_HEADERS_P4

#include "constants.p4"

typedef bit<48> mac_addr_t;
typedef bit<32> ipv4_addr_t;
typedef bit<128> ipv6_addr_t;
typedef bit<8>  service_t;   /* service index; register arrays use its low SERVICE_INDEX_BITS */
typedef bit<16> server_t;    /* server index, chosen by the controller */
typedef bit<8>  core_t;      /* CPU core index on a server */

/*
 * Sent by the switch to the controller (P4Runtime PacketIn metadata, in this order).
 * `_pad` is @padding (P4Runtime 1.4): it only byte-aligns the header; clients ignore it.
 */
@controller_header("packet_in")
header packet_in_t {
    bit<9>    ingress_port;
    @padding
    bit<7>    _pad;
    bit<8>    reason;        /* PACKET_IN_REASON_* */
    service_t service;       /* the service a k-set operation was about */
    bit<8>    active_bank;   /* that service's active bank after the operation */
}

/*
 * Sent by the controller (P4Runtime PacketOut metadata, in this order).
 * `_pad` is @padding (P4Runtime 1.4): clients need not set it; the data plane never reads it.
 */
@controller_header("packet_out")
header packet_out_t {
    bit<9>    egress_port;   /* PACKET_OUT_OP_FORWARD: where the frame goes */
    @padding
    bit<7>    _pad;
    bit<8>    op;            /* PACKET_OUT_OP_* */
    service_t service;       /* k-set ops: which service */
    bit<8>    bank;          /* WRITE_SLOT/ACTIVATE: the bank written (must be the inactive one) */
    bit<8>    slot;          /* WRITE_SLOT: slot index < MAX_K */
    server_t  server;        /* WRITE_SLOT: slot value */
    core_t    core;          /* WRITE_SLOT: slot value */
    bit<8>    count;         /* ACTIVATE: number of valid slots in the bank, <= MAX_K */
}

header ethernet_t {
    mac_addr_t dst_addr;
    mac_addr_t src_addr;
    bit<16>    ether_type;
}

/* DESIGN.md 2.3 */
header core_shim_t {
    core_t  core_id;
    bit<8>  flags;
    bit<16> orig_ether_type;
}

/* DESIGN.md 2.1 */
header load_report_t {
    bit<8>      sr1;
    bit<8>      sr2;
    bit<8>      sr3;
    bit<8>      sr4;
    ipv4_addr_t src_ip;
    core_t      cpu_id;
    bit<8>      cpu_load;
    bit<48>     timestamp;
}

header ipv4_t {
    bit<4>      version;
    bit<4>      ihl;
    bit<6>      dscp;
    bit<2>      ecn;
    bit<16>     total_len;
    bit<16>     identification;
    bit<1>      reserved_flag;
    bit<1>      dont_fragment;
    bit<1>      more_fragments;
    bit<13>     frag_offset;
    bit<8>      ttl;
    bit<8>      protocol;
    bit<16>     hdr_checksum;
    ipv4_addr_t src_addr;
    ipv4_addr_t dst_addr;
}

header ipv6_t {
    bit<4>      version;
    bit<8>      traffic_class;
    bit<20>     flow_label;
    bit<16>     payload_len;
    bit<8>      next_hdr;
    bit<8>      hop_limit;
    ipv6_addr_t src_addr;
    ipv6_addr_t dst_addr;
}

/* TCP options are not parsed: they stay in the payload, untouched. */
header tcp_t {
    bit<16> src_port;
    bit<16> dst_port;
    bit<32> seq_no;
    bit<32> ack_no;
    bit<4>  data_offset;
    bit<3>  res;
    bit<9>  flags;
    bit<16> window;
    bit<16> checksum;
    bit<16> urgent_ptr;
}

header udp_t {
    bit<16> src_port;
    bit<16> dst_port;
    bit<16> length;
    bit<16> checksum;
}

struct headers_t {
    packet_out_t  packet_out;
    packet_in_t   packet_in;
    ethernet_t    ethernet;
    core_shim_t   core_shim;
    load_report_t load_report;
    ipv4_t        ipv4;
    ipv6_t        ipv6;
    tcp_t         tcp;
    udp_t         udp;
}

/* Digest: one accepted load report. Field order is the P4Runtime digest member order. */
struct load_report_digest_t {
    server_t server;              /* from report_sources / report_sources_v6 */
    core_t   cpu_id;
    bit<8>   cpu_load;
    bit<48>  report_timestamp;    /* sender's µs mod 2^48; IPv6 reports: equal to switch_timestamp */
    bit<48>  switch_timestamp;    /* ingress_global_timestamp (BMv2: µs since the switch started) */
    bit<1>   report_format;       /* REPORT_FORMAT_L2 (timestamp from the report) or REPORT_FORMAT_IPV6 (none) */
}

/*
 * Digest: a new flow and the (server, core) the data plane chose for it. Sent by the packet that
 * claims the pending slot, and again by some later packets while the flow is still pending
 * (PendingChoices), so a lost digest is recovered; the controller takes repeats as no-ops.
 */
struct new_flow_digest_t {
    ipv4_addr_t src_addr;
    ipv4_addr_t dst_addr;         /* the VIP */
    bit<8>      protocol;
    bit<16>     src_port;
    bit<16>     dst_port;
    service_t   service;
    server_t    server;
    core_t      core;
}

struct local_metadata_t {
    /* L4 ports of a parsed TCP or UDP header. */
    bool      l4_valid;
    bit<16>   l4_src_port;
    bit<16>   l4_dst_port;
    /* Load balancing. */
    bool      is_vip;
    bool      service_hit;
    service_t service;
    bool      redirect_hit;
    bool      flow_metered;       /* pinned by pin_flow_metered: flow_color applies */
    bit<2>    flow_color;         /* redirect_meter's colour (METER_*) */
    bit<6>    flow_mark_dscp;     /* pin_flow_metered: the DSCP for YELLOW packets */
    bool      flow_chosen;        /* server/core below are set */
    server_t  server;
    core_t    core;
    /* K-set state of the service (read by KSetState). */
    bit<8>    kset_op;            /* KSET_OP_* */
    bit<1>    active_bank;
    bit<8>    slot_count;
    bool      kset_rejected;
    /* Pending-flow lookup. */
    bit<32>   pending_index;
    bit<32>   flow_signature;
    bool      pending_hit;
    bool      pending_claim;
    bool      pending_resend;     /* a pending hit that sends the new-flow digest again */
    /* Forwarding decisions. */
    bool      to_server;
    bool      return_path;
    bool      to_l2;
    bool      ipv4_rewritten;     /* recompute the IPv4 header checksum */
    bit<8>    drop_reason;        /* DROP_* */
}

#endif
