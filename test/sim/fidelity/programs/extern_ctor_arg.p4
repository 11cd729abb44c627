// An extern instance passed to a sub-control as a constructor argument: the sub-control's
// calls reach the caller's object (both instances of Sub count into the one counter and
// write the one register).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; bit<8> c; }
struct headers { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control Sub(inout bit<8> v)(counter hits, register<bit<8>> last, bit<32> slot) {
  apply {
    hits.count(slot);
    bit<8> prev;
    last.read(prev, 0);
    last.write(0, v);
    v = v + prev;
  }
}
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  counter(4, CounterType.packets) hits;
  register<bit<8>>(1) last;
  Sub(hits, last, 1) first;
  Sub(hits, last, 2) second;
  apply {
    sm.egress_spec = 1;
    first.apply(hdr.h.a);     // a + 0, last := a
    second.apply(hdr.h.b);    // b + a, last := b
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
