// A packet too short for its headers: parser_error = PacketTooShort, the packet still goes
// through ingress with what was extracted; the unparsed bytes follow the emitted headers.
#include "include/data.p4"
header extra_t { bit<64> x; }
struct headers { data_t data; extra_t extra; }
struct metadata { }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.data);
        transition select(hdr.data.b1) { 1: more; default: accept; }
    }
    state more { pkt.extract(hdr.extra); transition accept; }
}
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (sm.parser_error == error.PacketTooShort) {
            hdr.data.b2 = 0xee;
            sm.egress_spec = 2;
        } else if (sm.parser_error == error.NoError) {
            sm.egress_spec = 1;
        } else {
            sm.egress_spec = 3;
        }
        if (!hdr.extra.isValid()) { hdr.data.h1 = 0xffff; }
    }
}
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.data); pkt.emit(hdr.extra); } }
V1Switch(MyParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), MyDeparser()) main;
