// `_` as a type argument: the compiler infers it from the arguments, as it would if the
// type arguments were left out.
#include <core.p4>
#include <v1model.p4>

header h_t { bit<16> a; bit<16> hashed; bit<8> sum; }
struct headers { h_t h; }
struct meta_t { }

parser P(packet_in pkt, out headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  state start { pkt.extract(hdr.h); transition accept; }
}
control NoVerify(inout headers hdr, inout meta_t m) { apply { } }
T pick<T>(in bool first, in T x, in T y) { return first ? x : y; }
control I(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) {
  apply {
    sm.egress_spec = 1;
    // identity hash of a: base 0, max 2^16
    hash<_, bit<16>, _, bit<32>>(hdr.h.hashed, HashAlgorithm.identity, 16w0, { hdr.h.a }, 32w65536);
    hdr.h.sum = pick<_>(hdr.h.a == 0x1234, 8w8, hdr.h.sum);
  }
}
control E(inout headers hdr, inout meta_t m, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers hdr, inout meta_t m) { apply { } }
control D(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr); } }
V1Switch<_, _>(P(), NoVerify(), I(), E(), NoCompute(), D()) main;
