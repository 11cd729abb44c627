// for, for-in over a range and over a stack, break and continue (P4_16 1.2.5).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> n; bit<8> sum; bit<8> odd; bit<8> top; bit<8> seen; }
header e_t { bit<8> v; }
struct headers { h_t h; e_t[3] e; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); pkt.extract(hdr.e.next); pkt.extract(hdr.e.next); pkt.extract(hdr.e.next); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  apply {
    // sum of 1..n, stopping (break) once the sum passes 40
    bit<8> s = 0;
    for (bit<8> i = 1; i <= hdr.h.n; i = i + 1) {
      s = s + i;
      if (s > 40) { break; }
    }
    hdr.h.sum = s;
    // count odd numbers in 0..9 with continue (the update still runs after continue)
    bit<8> odd = 0;
    for (bit<8> k in 0 .. 9) {
      if (k & 1 == 0) { continue; }
      odd = odd + 1;
    }
    hdr.h.odd = odd;
    // a range that ends at the type's maximum must not wrap round
    bit<8> top = 0;
    for (bit<2> j in 0 .. 3) {
      switch (j) {
        2: { break; }      // a P4 break inside a switch leaves the loop
        default: { top = top + 1; }
      }
    }
    hdr.h.top = top;
    // every element of the stack, in order; the loop variable is a copy
    bit<8> seen = 0;
    for (e_t x in hdr.e) {
      seen = seen * 2 + x.v;
      x.v = 0;
    }
    hdr.h.seen = seen;
    sm.egress_spec = 2;
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
