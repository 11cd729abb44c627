// const entries (earlier entries win among overlapping ternary ones) and a const default action.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action set(bit<9> port) { sm.egress_spec = port; }
    table fixed {
        key = { hdr.data.b1: ternary; }
        actions = { set; }
        const default_action = set(7);
        const entries = {
            0x01 &&& 0xff : set(1);
            0x00 &&& 0xf0 : set(2);
            0x10 &&& 0x10 : set(3);
        }
    }
    apply { fixed.apply(); }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
