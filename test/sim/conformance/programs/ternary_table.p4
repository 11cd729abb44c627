// Ternary matches with priorities (a higher STF priority wins) on two keys.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action set(bit<9> port) { sm.egress_spec = port; }
    table classify {
        key = { hdr.data.h1: ternary; hdr.data.b1: ternary; }
        actions = { set; }
        default_action = set(9);
    }
    apply { classify.apply(); }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
