// Casts between widths and to/from bool; literal forms 8w5, 0b, 0o, width-prefixed hex, underscores.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        bit<1> is5 = (bit<1>)(hdr.data.b1 == 5);
        bool flag = (bool)is5;
        hdr.data.f1 = (bit<32>)is5 + 32w0b1010 + 32w0o17 + 1_000;
        hdr.data.f2 = (bit<32>)(bit<4>)8w0xab;
        hdr.data.h1 = (bit<16>)(bit<8>)16w0x1234;
        hdr.data.b2 = flag ? 8w5 : 8w6;
        hdr.data.b1 = (bit<8>)-1;
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
