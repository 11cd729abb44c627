// int<W>: sign extension, arithmetic shift right, signed compare, wrapping multiply.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        int<8> a = (int<8>)hdr.data.b1;
        hdr.data.b1 = (bit<8>)(a >> 1);
        hdr.data.b2 = (bit<8>)(a * 3);
        hdr.data.h1 = (bit<16>)((int<16>)a);
        hdr.data.f1 = a < 0 ? 32w1 : 32w0;
        hdr.data.f2 = (bit<32>)(int<32>)(a - 8s127);
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
