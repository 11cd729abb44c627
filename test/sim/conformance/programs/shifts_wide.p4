// Shifts by the width or more give 0; wide (bit<64>, bit<128>) arithmetic goes through bigints.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        bit<8> b = hdr.data.b1;
        hdr.data.b1 = b << 8;
        hdr.data.b2 = b >> 9;
        bit<64> wide = (bit<64>)hdr.data.f1 << 32 | (bit<64>)hdr.data.f2;
        wide = wide + 64w0xffffffff;
        bit<128> huge = (bit<128>)wide * 128w0x100000000;
        hdr.data.f1 = wide[63:32];
        hdr.data.f2 = huge[95:64];
        hdr.data.h1 = (bit<16>)(huge >> 120);
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
