// Unsigned arithmetic wraps modulo 2^W; saturating |+| |-|; shifts; concatenation.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        bit<8> a = hdr.data.b1;
        bit<8> b = hdr.data.b2;
        hdr.data.f1 = (bit<32>)(a + b);
        hdr.data.h1 = a ++ b;
        hdr.data.f2 = ((bit<32>)a << 4) | (bit<32>)(b >> 4);
        hdr.data.b1 = a |+| b;
        hdr.data.b2 = b |-| a;
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
