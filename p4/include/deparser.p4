/*
 * Corelb data plane: deparser. Emits only valid headers, in wire order; packet_out is never
 * emitted (ingress invalidates it), packet_in only on replies to the controller.
 */
#ifndef CORELB_DEPARSER_P4
#define CORELB_DEPARSER_P4

#include "headers.p4"

control LbDeparser(packet_out packet, in headers_t hdr) {
    apply {
        packet.emit(hdr.packet_in);
        packet.emit(hdr.ethernet);
        packet.emit(hdr.core_shim);
        packet.emit(hdr.load_report);
        packet.emit(hdr.ipv4);
        packet.emit(hdr.ipv6);
        packet.emit(hdr.tcp);
        packet.emit(hdr.udp);
    }
}

#endif
