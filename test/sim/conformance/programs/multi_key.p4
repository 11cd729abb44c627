// Exact keys of mixed widths (48 and 16 bits) plus an LPM key in one table.
#include "include/data.p4"
header mac_t { bit<48> addr; }
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action set(bit<9> port) { sm.egress_spec = port; }
    table t {
        key = { hdr.data.f1 ++ hdr.data.h1 : exact @name("wide"); hdr.data.b1: exact; hdr.data.f2: lpm; }
        actions = { set; }
        default_action = set(9);
    }
    apply { t.apply(); }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
