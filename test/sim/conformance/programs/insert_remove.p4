// setValid inserts a header (emitted where the deparser puts it); setInvalid removes one.
#include <core.p4>
#include <v1model.p4>
header a_t { bit<8> v; }
header b_t { bit<16> v; }
struct headers { a_t a; b_t b; a_t c; }
struct metadata { }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.a);
        transition select(hdr.a.v) { 0xcc: with_c; default: accept; }
    }
    state with_c { pkt.extract(hdr.c); transition accept; }
}
control MyVerify(inout headers hdr, inout metadata meta) { apply { } }
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        sm.egress_spec = 1;
        if (hdr.c.isValid()) {
            hdr.c.setInvalid();
        } else {
            hdr.b.setValid();
            hdr.b.v = 0xbbbb;
        }
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) { apply { } }
control MyCompute(inout headers hdr, inout metadata meta) { apply { } }
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.a); pkt.emit(hdr.b); pkt.emit(hdr.c); } }
V1Switch(MyParser(), MyVerify(), MyIngress(), MyEgress(), MyCompute(), MyDeparser()) main;
