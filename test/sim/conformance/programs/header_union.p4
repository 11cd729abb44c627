// A header union: the parser picks one member; emit writes only the valid one; setValid on
// one member invalidates the other.
#include <core.p4>
#include <v1model.p4>
header tag_t { bit<8> kind; }
header short_t { bit<8> a; }
header long_t { bit<16> b; }
header_union body_t { short_t s; long_t l; }
struct headers { tag_t tag; body_t body; }
struct metadata { }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.tag);
        transition select(hdr.tag.kind) { 1: s; 2: l; default: accept; }
    }
    state s { pkt.extract(hdr.body.s); transition accept; }
    state l { pkt.extract(hdr.body.l); transition accept; }
}
control MyVerify(inout headers hdr, inout metadata meta) { apply { } }
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        sm.egress_spec = 1;
        if (hdr.body.s.isValid()) { hdr.body.s.a = hdr.body.s.a + 1; }
        else if (hdr.body.l.isValid()) {
            hdr.body.s.setValid();
            hdr.body.s.a = 0x77;
            hdr.tag.kind = 3;
        }
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) { apply { } }
control MyCompute(inout headers hdr, inout metadata meta) { apply { } }
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.tag); pkt.emit(hdr.body); } }
V1Switch(MyParser(), MyVerify(), MyIngress(), MyEgress(), MyCompute(), MyDeparser()) main;
