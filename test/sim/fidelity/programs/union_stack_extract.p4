// Extracting into a member of a header union stack's `next` element advances the stack
// (P4_16 8.18; BMv2's extract_union_stack), so successive extracts fill successive elements.
#include <core.p4>
#include <v1model.p4>

header a_t { bit<8> t; bit<8> v; }
header b_t { bit<8> t; bit<16> w; }
header_union u_t { a_t a; b_t b; }
header tail_t { bit<8> count; bit<8> first_valid; }
struct headers { u_t[3] us; tail_t tail; }
struct meta_t { bit<8> n; }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start {
    transition select(pkt.lookahead<bit<8>>()) { 1: pa; 2: pb; default: accept; }
  }
  state pa { pkt.extract(hdr.us.next.a); m.n = m.n + 1; transition start; }
  state pb { pkt.extract(hdr.us.next.b); m.n = m.n + 1; transition start; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  apply {
    sm.egress_spec = 1;
    hdr.tail.setValid();
    hdr.tail.count = m.n;
    if (hdr.us[1].b.isValid()) { hdr.us[1].a = { 9, 9 }; }   // a becomes valid, b invalid
    hdr.tail.first_valid = hdr.us[0].isValid() ? 8w1 : 8w0;
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
