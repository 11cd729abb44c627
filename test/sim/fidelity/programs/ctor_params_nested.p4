// Constructor parameters used as extern constructor arguments and handed down to a nested
// instance: each instance gets its own register sized and seeded from its arguments.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; bit<8> c; }
struct headers { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control Leaf(inout bit<8> v)(bit<32> cells, bit<8> add) {
  register<bit<8>>(cells) r;
  apply {
    bit<8> old;
    r.read(old, cells - 1);        // the last cell exists only if the register has `cells` cells
    r.write(cells - 1, old + add);
    v = old + add;
  }
}
control Mid(inout bit<8> v)(bit<32> cells) {
  Leaf(cells, 8w1) leaf;
  apply { leaf.apply(v); }
}
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  Mid(32w4) small;
  Mid(32w8) big;
  apply {
    sm.egress_spec = 1;
    small.apply(hdr.h.a);
    big.apply(hdr.h.b);
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
