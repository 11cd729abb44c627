// A control instantiated inside ingress and applied with an inout argument; its table is
// named after the instance path (MyIngress.lookup.t).
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control Lookup(inout bit<8> value) {
    action set(bit<8> v) { value = v; }
    table t { key = { value: exact; } actions = { set; NoAction; } default_action = NoAction(); }
    apply { t.apply(); }
}
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    Lookup() lookup;
    apply {
        lookup.apply(hdr.data.b1);
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
