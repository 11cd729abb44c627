// A control instance passed to other controls as a constructor argument (a parameter of
// control type): both users apply the same instance, so they share its counter.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<16> x; bit<16> y; }
struct headers { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control step_t(inout bit<16> v);
control AddOne(inout bit<16> v) {
  counter(2, CounterType.packets) uses;
  apply { v = v + 1; uses.count(0); }
}
control Doubler(inout bit<16> v)(step_t then) {
  apply { v = v * 2; then.apply(v); }
}
control Negater(inout bit<16> v)(step_t then) {
  apply { v = ~v; then.apply(v); }
}
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  AddOne() inc;
  Doubler(inc) dbl;
  Negater(inc) neg;
  apply {
    sm.egress_spec = 1;
    dbl.apply(hdr.h.x);   // x * 2 + 1
    neg.apply(hdr.h.y);   // ~y + 1 = -y
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
