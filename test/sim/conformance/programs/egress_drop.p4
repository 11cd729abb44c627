// mark_to_drop in egress drops at the end of egress; with multicast it prunes one replica.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (hdr.data.b1 == 1) { sm.mcast_grp = 1; } else { sm.egress_spec = 2; }
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (sm.egress_rid == 2 || hdr.data.b1 == 9) { mark_to_drop(sm); }
        hdr.data.b2 = (bit<8>)sm.egress_port;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), DataDeparser()) main;
