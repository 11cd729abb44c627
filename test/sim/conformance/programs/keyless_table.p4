// A table without a key runs its default action (with arguments); setdefault replaces it.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action set(bit<9> port, bit<8> v) { sm.egress_spec = port; hdr.data.b2 = v; }
    table always { actions = { set; } default_action = set(2, 0x20); }
    apply { always.apply(); }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
