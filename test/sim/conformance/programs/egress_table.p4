// A table applied in egress, keyed on egress_port, rewriting the packet per port.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply { sm.egress_spec = (bit<9>)hdr.data.b1; }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action rewrite(bit<32> v) { hdr.data.f2 = v; }
    table per_port { key = { sm.egress_port: exact; } actions = { rewrite; NoAction; } default_action = NoAction(); }
    apply { per_port.apply(); }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), DataDeparser()) main;
