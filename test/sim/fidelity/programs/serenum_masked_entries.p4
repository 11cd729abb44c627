// Const entries on a serializable-enum key written with masks and ranges in the enum's
// underlying type (`(bit<16>)E.B &&& 0xff00`, `0x10 .. 0x1f`), as p4c accepts them.
#include <core.p4>
#include <v1model.p4>

enum bit<16> Kind { A = 0x0a00, B = 0x0b00 }
header h_t { Kind kind; bit<8> out; }
struct headers { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  action mark(bit<8> v) { hdr.h.out = v; }
  table by_kind {
    key = { hdr.h.kind: ternary; }
    actions = { mark; }
    const entries = {
      Kind.A : mark(1);
      ((bit<16>)Kind.B) &&& 0xff00 : mark(2);
      0x0010 &&& 0xfff0 : mark(3);
    }
    default_action = mark(0xff);
  }
  table by_range {
    key = { hdr.h.kind: range; }
    actions = { mark; }
    const entries = { 0x0c00 .. 0x0cff : mark(4); }
  }
  apply { by_kind.apply(); by_range.apply(); sm.egress_spec = 1; }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.h); } }

V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
