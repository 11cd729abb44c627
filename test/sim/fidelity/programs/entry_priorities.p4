// Entry priorities of P4_16 1.2.4: `priority =` on entries, `largest_priority_wins` and
// `priority_delta`. Entries without a priority continue from their neighbour by
// priority_delta (from the last entry backwards when the largest wins, else forwards).
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> k; bit<8> big; bit<8> small; }
struct headers { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  action big(bit<8> v) { hdr.h.big = v; }
  action small(bit<8> v) { hdr.h.small = v; }
  // Largest wins: numbered from the last entry backwards, 1 then 1 + 10 = 11, so the middle
  // entry beats the catch-all at 5 and the last one does not.
  table largest {
    key = { hdr.h.k: ternary; }
    actions = { big; }
    priority_delta = 10;
    entries = {
      priority = 5: 0x00 &&& 0x00 : big(1);
      0x01 &&& 0xff : big(2);                  // 1 + 10 = 11
      0x02 &&& 0xff : big(3);                  // 1
    }
  }
  // Smallest wins: 5, 15 (5 + delta), 1: the catch-all at priority 1 wins everywhere.
  table smallest {
    key = { hdr.h.k: ternary; }
    actions = { small; }
    largest_priority_wins = false;
    priority_delta = 10;
    entries = {
      priority = 5: 0x01 &&& 0xff : small(1);
      0x02 &&& 0xff : small(2);
      priority = 1: 0x00 &&& 0x00 : small(3);
    }
  }
  // Smallest wins without explicit priorities: 1, 2, 3 in order, so the first match wins.
  table ordered {
    key = { hdr.h.k: ternary; }
    actions = { small; }
    largest_priority_wins = false;
    entries = {
      0x03 &&& 0xff : small(0x33);
      0x00 &&& 0x00 : small(0x44);
    }
  }
  apply {
    sm.egress_spec = 1;
    largest.apply();
    if (hdr.h.k == 3) { ordered.apply(); } else { smallest.apply(); }
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
