// apply().hit / .miss and switch (t.apply().action_run).
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action a1() { hdr.data.b2 = 1; }
    action a2() { hdr.data.b2 = 2; }
    table t1 { key = { hdr.data.b1: exact; } actions = { a1; a2; NoAction; } default_action = NoAction(); }
    table t2 { key = { hdr.data.h1: exact; } actions = { a1; a2; } default_action = a2(); }
    apply {
        sm.egress_spec = 1;
        if (t1.apply().hit) { hdr.data.f1 = 1; } else { hdr.data.f1 = 2; }
        if (t2.apply().miss) { hdr.data.f2 = 0xaa; }
        switch (t1.apply().action_run) {
            a1: { sm.egress_spec = 2; }
            a2: { sm.egress_spec = 3; }
            default: { sm.egress_spec = 4; }
        }
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
