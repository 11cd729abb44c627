// Multiplication wraps, bitwise not/xor, slices of fields and slice concatenation.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        bit<32> f1 = hdr.data.f1;
        bit<16> h1 = hdr.data.h1;
        hdr.data.f1 = f1 * 3;
        hdr.data.f2 = ~hdr.data.f2;
        hdr.data.h1 = h1 ^ 0x00ff;
        hdr.data.b1 = f1[31:24];
        hdr.data.b2 = h1[3:0] ++ 4w0xa;
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
