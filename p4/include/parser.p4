/*
 * Corelb data plane: parser.
 * CPU port: packet_out first. Then Ethernet -> load report | IPv4 -> TCP/UDP | IPv6.
 * Only IPv4 without options and unfragmented gets its transport header parsed: those are the
 * only packets the load-balancing path rewrites. A truncated header ends parsing with
 * PacketTooShort; v1model then still runs ingress with standard_metadata.parser_error set (BMv2
 * behaviour), and ingress drops the packet and counts it.
 */
#ifndef CORELB_PARSER_P4
#define CORELB_PARSER_P4

#include "headers.p4"

parser LbParser(packet_in packet,
                out headers_t hdr,
                inout local_metadata_t meta,
                inout standard_metadata_t standard_metadata) {

    state start {
        transition select(standard_metadata.ingress_port) {
            CPU_PORT: parse_packet_out;
            default: parse_ethernet;
        }
    }

    /* Controller packets: only FORWARD carries a frame; k-set operations end here. */
    state parse_packet_out {
        packet.extract(hdr.packet_out);
        transition select(hdr.packet_out.op) {
            PACKET_OUT_OP_FORWARD: parse_ethernet;
            default: accept;
        }
    }

    state parse_ethernet {
        packet.extract(hdr.ethernet);
        transition select(hdr.ethernet.ether_type) {
            ETHERTYPE_IPV4: parse_ipv4;
            ETHERTYPE_IPV6: parse_ipv6;
            ETHERTYPE_LOAD_REPORT: parse_load_report;
            default: accept;
        }
    }

    state parse_load_report {
        packet.extract(hdr.load_report);
        transition accept;
    }

    state parse_ipv4 {
        packet.extract(hdr.ipv4);
        transition select(hdr.ipv4.ihl, hdr.ipv4.more_fragments, hdr.ipv4.frag_offset, hdr.ipv4.protocol) {
            (IPV4_IHL_NO_OPTIONS, 0, 0, IP_PROTO_TCP): parse_tcp;
            (IPV4_IHL_NO_OPTIONS, 0, 0, IP_PROTO_UDP): parse_udp;
            default: accept;
        }
    }

    /* IPv6 is forwarded at L2 or consumed as a load report; its payload is not parsed. */
    state parse_ipv6 {
        packet.extract(hdr.ipv6);
        transition accept;
    }

    state parse_tcp {
        packet.extract(hdr.tcp);
        meta.l4_valid = true;
        meta.l4_src_port = hdr.tcp.src_port;
        meta.l4_dst_port = hdr.tcp.dst_port;
        transition accept;
    }

    state parse_udp {
        packet.extract(hdr.udp);
        meta.l4_valid = true;
        meta.l4_src_port = hdr.udp.src_port;
        meta.l4_dst_port = hdr.udp.dst_port;
        transition accept;
    }
}

#endif
