// Tables implemented by an action selector or an action profile run as plain tables:
// entries name their action directly (p4c's STF runner makes one member per entry) and the
// selector keys, the selector's hash inputs, take no part in matching.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<8> a; bit<8> b; bit<8> out; }
struct headers { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  action fwd(bit<9> port, bit<8> v) { sm.egress_spec = port; hdr.h.out = v; }
  action drop() { mark_to_drop(sm); }
  table by_selector {
    key = { hdr.h.a: exact; hdr.h.b: selector; }
    actions = { fwd; drop; }
    default_action = drop();
    implementation = action_selector(HashAlgorithm.crc16, 32w16, 32w8);
  }
  table by_profile {
    key = { hdr.h.a: exact; }
    actions = { fwd; drop; }
    default_action = drop();
    implementation = action_profile(32w16);
  }
  apply {
    if (hdr.h.b == 0) { by_profile.apply(); } else { by_selector.apply(); }
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
