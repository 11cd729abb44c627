// Functions with return values and inout parameters.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

bit<8> max8(in bit<8> a, in bit<8> b) { return a > b ? a : b; }
void bump(inout bit<16> x, in bit<16> by) { x = x + by; }
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.data.b1 = max8(hdr.data.b1, hdr.data.b2);
        bump(hdr.data.h1, 16w0x100);
        bump(hdr.data.h1, 16w1);
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
