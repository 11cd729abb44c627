// recirculate called in ingress takes effect after egress (BMv2 keeps the request with the
// packet); with multicast, a recirculate called in one copy's egress affects only that copy.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (sm.instance_type == 4) {
            sm.egress_spec = 5;
            hdr.data.b2 = 0x44;
        } else if (hdr.data.b1 == 1) {
            recirculate_preserving_field_list(0);
            sm.egress_spec = 1;
        } else {
            sm.mcast_grp = 1;
        }
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.data.h1 = hdr.data.h1 + 1;
        if (sm.egress_rid == 2) { recirculate_preserving_field_list(0); }
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), DataDeparser()) main;
