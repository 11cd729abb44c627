// A table with an action_profile implementation runs as a plain table (the simulator
// ignores `implementation` with a warning).
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action set(bit<9> port) { sm.egress_spec = port; }
    action_profile(32) profile;
    table t {
        key = { hdr.data.b1: exact; }
        actions = { set; }
        default_action = set(9);
        implementation = profile;
    }
    apply { t.apply(); }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
