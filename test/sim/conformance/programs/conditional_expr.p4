// Nested ?: expressions, if/else chains and block-scoped locals.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        bit<8> v = hdr.data.b1;
        hdr.data.b2 = v < 10 ? 8w1 : v < 100 ? 8w2 : 8w3;
        if (v == 0) { sm.egress_spec = 1; }
        else if (v < 50) { bit<9> p = 2; sm.egress_spec = p; }
        else { bit<9> p = 3; sm.egress_spec = p; }
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
