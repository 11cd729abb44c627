// clone(E2E) copies the packet as egress left it; the copy runs egress again as EGRESS_CLONE.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply { sm.egress_spec = 1; }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (sm.instance_type == 0) {
            hdr.data.f1 = 0x11111111;
            clone(CloneType.E2E, 7);
        } else {
            hdr.data.b2 = (bit<8>)sm.instance_type;
        }
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), DataDeparser()) main;
