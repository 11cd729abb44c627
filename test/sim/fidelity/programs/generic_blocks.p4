// Generic parsers and controls (type parameters on the declaration): each instantiation
// runs the block checked with its own type arguments; instances keep separate objects.
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> a; bit<16> b; }
struct headers { h_t h; }
struct meta_t { }
parser Take<H>(packet_in pkt, out H hdr) { state start { pkt.extract(hdr); transition accept; } }
parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  Take<h_t>() take;
  state start { take.apply(pkt, hdr.h); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control Add<T>(inout T v)(T step) {
  counter(2, CounterType.packets) uses;
  T last;
  action bump() { v = v + step; last = v; }
  table t { actions = { bump; } default_action = bump(); }
  apply { t.apply(); uses.count(0); }
}
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  Add<bit<8>>(8w3) add8;
  Add<bit<16>>(16w0x100) add16;
  Add<bit<8>>(8w1) again8;
  apply { sm.egress_spec = 1; add8.apply(hdr.h.a); add16.apply(hdr.h.b); again8.apply(hdr.h.a); }
}
control E2(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E2(), NoCompute(), D()) main;
