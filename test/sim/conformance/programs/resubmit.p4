// resubmit_preserving_field_list: ingress runs again on the original packet; only the
// @field_list(1) metadata survives. As in BMv2, the resubmitted pass sees ingress_port 0
// (its standard metadata is reset but for instance_type and packet_length).
#include "include/data.p4"
struct headers { data_t data; }
struct metadata {
    @field_list(1) bit<8> kept;
    bit<8> lost;
}
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (sm.instance_type == 0) {
            meta.kept = 0x5a;
            meta.lost = 0x77;
            hdr.data.f1 = 0;
            resubmit_preserving_field_list(1);
        } else {
            hdr.data.b1 = meta.kept;
            hdr.data.b2 = meta.lost;
            hdr.data.h1 = (bit<16>)sm.instance_type;
            hdr.data.f2 = (bit<16>)sm.ingress_port ++ sm.packet_length[15:0];
            sm.egress_spec = 2;
        }
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
