// mcast_grp replicates to every node of the group; each copy sees its egress_rid.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply { sm.mcast_grp = hdr.data.h1; }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.data.b1 = (bit<8>)sm.egress_rid;
        hdr.data.b2 = (bit<8>)sm.instance_type;
        hdr.data.f2 = (bit<32>)sm.egress_port;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), DataDeparser()) main;
