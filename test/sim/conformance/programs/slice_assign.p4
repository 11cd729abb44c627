// Assignments to bit slices replace exactly those bits.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.data.h1[7:0] = 0xff;
        hdr.data.f1[31:28] = 4w0xa;
        hdr.data.f1[3:0] = hdr.data.b1[7:4];
        hdr.data.b2[0:0] = 1;
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
