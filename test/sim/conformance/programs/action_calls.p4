// Actions calling other actions, and actions with arguments from the table entry and direct calls.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action mark(bit<8> v) { hdr.data.b2 = v; }
    action fwd(bit<9> port, bit<8> v) { mark(v); sm.egress_spec = port; }
    table t { key = { hdr.data.b1: exact; } actions = { fwd; } default_action = fwd(7, 0x77); }
    apply { t.apply(); mark(hdr.data.b2 + 1); }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
