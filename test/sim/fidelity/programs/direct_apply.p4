// Direct type invocation: `Ctl.apply(...)` / `Prs.apply(...)` without an explicit instance
// (each call site gets its own anonymous instance, named after the type as p4c does).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
header t_t { bit<8> v; }
struct headers { h_t h; t_t t; }
struct meta_t { }

parser Tail(packet_in pkt, out t_t t) {
  state start { pkt.extract(t); transition accept; }
}
parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); Tail.apply(pkt, hdr.t); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control Bump(inout bit<8> v) {
  counter(1, CounterType.packets) seen;
  apply { v = v + 0x10; seen.count(0); }
}
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  apply {
    sm.egress_spec = 1;
    Bump.apply(hdr.h.a);
    Bump.apply(hdr.h.b);
    Bump.apply(hdr.t.v);
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
