// The invalid header expression {#} and `...` in structure and list initialisers
// (P4_16 1.2.2+): omitted fields read as 0 (BMv2's uninitialised value), headers built
// from an initialiser are valid, {#} is invalid.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; bit<8> c; }
header_union u_t { h_t x; h_t y; }
struct pair_t { bit<8> p; bit<8> q; }
struct headers { h_t h; h_t g; h_t k; u_t u; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); pkt.extract(hdr.g); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  apply {
    sm.egress_spec = 1;
    if (hdr.h.a == 1) {
      hdr.g = {#};                           // g is dropped from the output
    } else if (hdr.h.a == 2) {
      hdr.g = { b = 0x22, ... };             // a and c start from 0
    } else if (hdr.h.a == 3) {
      pair_t pr = { 0x33, ... };
      hdr.g.c = pr.p + pr.q;
      hdr.k = { 7, 8, ... };                 // k was invalid: now valid
    } else if (hdr.h.a == 4) {
      hdr.u.x = { 1, 2, 3 };
      hdr.u = {#};                           // both members invalid again
      if (hdr.g == {#}) { hdr.h.b = 0xee; } else { hdr.h.b = 0xdd; }
    }
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
