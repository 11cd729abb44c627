// Nested structs in metadata: struct initializers, whole-struct copies (by value) and field access.
#include "include/data.p4"
struct headers { data_t data; }
struct pair_t { bit<8> x; bit<8> y; }
struct metadata { pair_t a; pair_t b; bit<8> n; }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        meta.a = { hdr.data.b1, hdr.data.b2 };
        meta.b = meta.a;
        meta.a.x = 0x99;
        hdr.data.b1 = meta.b.x;
        hdr.data.b2 = meta.a.x;
        hdr.data.h1 = meta.b.x ++ meta.b.y;
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
