// STF packets may end with a lone hex digit (`packet 0 ab 5`): p4c's runner reads digits in
// pairs, so the last digit is a byte of its own (0x05). The program echoes the two bytes it
// parses and reports the second one's low nibble in a third.
#include <core.p4>
#include <v1model.p4>

header two_t { bit<8> a; bit<8> b; }
header out_t { bit<8> low; }
struct headers { two_t t; out_t o; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.t); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  apply {
    hdr.o.setValid();
    hdr.o.low = (bit<8>)hdr.t.b[3:0];
    sm.egress_spec = 1;
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.t); pkt.emit(hdr.o); } }

V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
