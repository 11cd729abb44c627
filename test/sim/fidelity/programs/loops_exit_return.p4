// return from a loop in a function (out parameters keep what the loop did) and exit from a
// loop in an action (inout arguments are still copied out, P4_16 12.5).
#include <core.p4>
#include <v1model.p4>
header h_t { bit<8> n; bit<8> r; bit<8> x; }
struct headers { h_t h; }
struct meta_t { }
parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) { state start { pkt.extract(hdr.h); transition accept; } }
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
bit<8> firstOver(in bit<8> lim, out bit<8> steps) {
  steps = 0;
  for (bit<8> i = 0; i < 100; i = i + 1) {
    steps = steps + 1;
    if (i * i > lim) { return i; }
  }
  return 0xff;
}
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  action run(inout bit<8> v) {
    for (bit<8> k in 1 .. 10) {
      v = v + k;
      if (v > 20) { exit; }
    }
  }
  apply {
    sm.egress_spec = 1;
    bit<8> steps;
    hdr.h.r = firstOver(hdr.h.n, steps);
    hdr.h.x = steps;
    run(hdr.h.n);
    hdr.h.x = 0xee;
  }
}
control E2(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E2(), NoCompute(), D()) main;
