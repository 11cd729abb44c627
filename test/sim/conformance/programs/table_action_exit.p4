// exit and return inside actions run by a table; a table without default_action defaults to NoAction.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action stop() { sm.egress_spec = 3; exit; }
    action early() { sm.egress_spec = 4; return; }
    table t { key = { hdr.data.b1: exact; } actions = { stop; early; } }
    apply {
        sm.egress_spec = 2;
        t.apply();
        hdr.data.b2 = 0xbb;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
