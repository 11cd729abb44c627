// == and != on headers and structs compare every field (and header validity).
#include "include/data.p4"
header pair_t { bit<8> a; bit<8> b; }
struct headers { data_t data; }
struct two_t { bit<8> x; bit<16> y; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        pair_t p = { hdr.data.b1, hdr.data.b2 };
        pair_t q = { hdr.data.b2, hdr.data.b1 };
        two_t u = { hdr.data.b1, hdr.data.h1 };
        two_t v = { hdr.data.b2, hdr.data.h1 };
        hdr.data.f1 = p == q ? 32w1 : 32w0;
        hdr.data.f2 = u != v ? 32w1 : 32w0;
        pair_t r;
        hdr.data.h1 = (r == p) ? 16w1 : 16w0;
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
