// lookahead of a whole header type, and a select on one of its fields.
#include <core.p4>
#include <v1model.p4>
header probe_t { bit<4> version; bit<4> kind; }
header a_t { bit<8> tag; bit<8> v; }
header b_t { bit<8> tag; bit<16> v; }
struct headers { a_t a; b_t b; }
struct metadata { }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start {
        probe_t p = pkt.lookahead<probe_t>();
        transition select(p.kind) { 1: parse_a; 2: parse_b; default: accept; }
    }
    state parse_a { pkt.extract(hdr.a); transition accept; }
    state parse_b { pkt.extract(hdr.b); transition accept; }
}
control MyVerify(inout headers hdr, inout metadata meta) { apply { } }
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply { sm.egress_spec = hdr.a.isValid() ? 9w1 : hdr.b.isValid() ? 9w2 : 9w3; }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) { apply { } }
control MyCompute(inout headers hdr, inout metadata meta) { apply { } }
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.a); pkt.emit(hdr.b); } }
V1Switch(MyParser(), MyVerify(), MyIngress(), MyEgress(), MyCompute(), MyDeparser()) main;
