// Division and modulo of unsigned values, signed saturating arithmetic, signed shifts.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.data.f1 = hdr.data.f1 / 7;
        hdr.data.f2 = hdr.data.f2 % 7;
        int<8> s = (int<8>)hdr.data.b1;
        hdr.data.b1 = (bit<8>)(s |+| 8s100);
        hdr.data.b2 = (bit<8>)(s |-| 8s100);
        hdr.data.h1 = (bit<16>)((int<16>)s << 4);
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
