// Longest-prefix match on a 32-bit key; setdefault changes the miss action.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action route(bit<9> port, bit<8> tag) { sm.egress_spec = port; hdr.data.b2 = tag; }
    action drop() { mark_to_drop(sm); }
    table routes {
        key = { hdr.data.f1: lpm; }
        actions = { route; drop; }
        default_action = drop();
    }
    apply { routes.apply(); }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
