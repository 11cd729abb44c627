// const entries on exact and LPM tables, with default_action set by the program.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action set(bit<9> port) { sm.egress_spec = port; }
    action tag(bit<8> v) { hdr.data.b2 = v; }
    table by_exact {
        key = { hdr.data.b1: exact; }
        actions = { set; }
        default_action = set(9);
        const entries = { 1 : set(1); 2 : set(2); }
    }
    table by_prefix {
        key = { hdr.data.f1: lpm; }
        actions = { tag; NoAction; }
        default_action = NoAction();
        const entries = {
            0x0a000000 &&& 0xff000000 : tag(8);
            0x0a0b0000 &&& 0xffff0000 : tag(16);
        }
    }
    apply { by_exact.apply(); by_prefix.apply(); }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
