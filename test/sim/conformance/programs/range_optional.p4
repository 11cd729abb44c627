// range and optional match kinds.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action set(bit<9> port) { sm.egress_spec = port; }
    table ports {
        key = { hdr.data.h1: range; hdr.data.b1: optional; }
        actions = { set; }
        default_action = set(9);
    }
    apply { ports.apply(); }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
