// A header stack assigned from a list expression (one initialiser per element).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; }
struct headers { h_t first; h_t[3] st; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.first); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  apply {
    sm.egress_spec = 1;
    h_t off;                                  // invalid: not emitted
    hdr.st = { { hdr.first.b, hdr.first.a }, off, { 8w9, 8w8 } };
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
