/*
 * Corelb data plane: sending packets on.
 * - To a server (a VIP flow with a chosen (server, core)): servers table gives DIP, MACs and
 *   port; dst IP VIP->DIP, TTL - 1, core shim inserted after Ethernet, TCP/UDP checksum updated
 *   incrementally (the IPv4 header checksum is recomputed in LbComputeChecksum).
 * - Return path (a server answering from (DIP, protocol, service port)): snat table rewrites the
 *   source DIP->VIP statelessly, then L2.
 * - Everything else that is forwarded: the l2 table on the destination MAC; a miss drops.
 */
#ifndef CORELB_FORWARDING_P4
#define CORELB_FORWARDING_P4

#include "headers.p4"
#include "checksum_update.p4"

control Forwarding(inout headers_t hdr,
                   inout local_metadata_t meta,
                   inout standard_metadata_t standard_metadata) {

    /* Packets and bytes sent to each server, indexed by server index. */
    counter(MAX_SERVERS, CounterType.packets_and_bytes) server_counter;

    /* Rewrites toward server `meta.server`: its address, MAC and port. */
    action to_server(ipv4_addr_t dip, mac_addr_t server_mac, mac_addr_t switch_mac, bit<9> port) {
        hdr.ipv4.dst_addr = dip;
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        hdr.ethernet.src_addr = switch_mac;
        hdr.ethernet.dst_addr = server_mac;
        standard_metadata.egress_spec = port;
        meta.ipv4_rewritten = true;
    }

    /* Default: the chosen server index is not configured. */
    action unknown_server() {
        meta.drop_reason = DROP_UNKNOWN_SERVER;
    }

    /* Per-server forwarding data, keyed on the server index the controller assigned. */
    table servers {
        key = {
            meta.server : exact @name("server");
        }
        actions = {
            to_server;
            @defaultonly unknown_server;
        }
        const default_action = unknown_server();
        size = TABLE_SIZE_SERVERS;
    }

    /* Return path: the server's reply leaves with the VIP as its source. */
    action rewrite_source(ipv4_addr_t vip) {
        hdr.ipv4.src_addr = vip;
        meta.ipv4_rewritten = true;
    }

    /* (DIP, protocol, service port) -> VIP, one entry per server and service. */
    table snat {
        key = {
            hdr.ipv4.src_addr : exact @name("src_addr");
            hdr.ipv4.protocol : exact @name("protocol");
            meta.l4_src_port  : exact @name("src_port");
        }
        actions = {
            rewrite_source;
            @defaultonly NoAction;
        }
        const default_action = NoAction();
        size = TABLE_SIZE_SERVERS;
    }

    /* Sends the packet out of `port`. */
    action l2_forward(bit<9> port) {
        standard_metadata.egress_spec = port;
    }

    /* Default: unknown destination MAC. */
    action l2_miss() {
        meta.drop_reason = DROP_L2_MISS;
    }

    /* Destination MAC -> port, for non-VIP traffic and the return path. */
    table l2 {
        key = {
            hdr.ethernet.dst_addr : exact @name("dst_addr");
        }
        actions = {
            l2_forward;
            @defaultonly l2_miss;
        }
        const default_action = l2_miss();
        size = TABLE_SIZE_L2;
    }

    apply {
        if (meta.to_server) {
            ipv4_addr_t vip = hdr.ipv4.dst_addr;
            if (servers.apply().hit) {
                if (hdr.tcp.isValid()) {
                    hdr.tcp.checksum = csum16_replace32(hdr.tcp.checksum, vip, hdr.ipv4.dst_addr);
                } else if (hdr.udp.isValid()) {
                    hdr.udp.checksum = udp_csum_replace32(hdr.udp.checksum, vip, hdr.ipv4.dst_addr);
                }
                hdr.core_shim.setValid();
                hdr.core_shim.core_id = meta.core;
                hdr.core_shim.flags = 0;
                hdr.core_shim.orig_ether_type = hdr.ethernet.ether_type;
                hdr.ethernet.ether_type = ETHERTYPE_CORE_SHIM;
                server_counter.count((bit<32>)meta.server);
            }
        } else if (meta.to_l2) {
            if (hdr.ipv4.isValid() && meta.l4_valid) {
                ipv4_addr_t dip = hdr.ipv4.src_addr;
                if (snat.apply().hit) {
                    if (hdr.tcp.isValid()) {
                        hdr.tcp.checksum = csum16_replace32(hdr.tcp.checksum, dip, hdr.ipv4.src_addr);
                    } else if (hdr.udp.isValid()) {
                        hdr.udp.checksum = udp_csum_replace32(hdr.udp.checksum, dip, hdr.ipv4.src_addr);
                    }
                }
            }
            l2.apply();
        }
    }
}

#endif
