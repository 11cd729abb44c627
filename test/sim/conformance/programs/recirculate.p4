// recirculate_preserving_field_list: the deparsed packet re-enters ingress as RECIRC (and,
// leaving by unicast, is NORMAL again in egress, as in BMv2).
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { @field_list(0) bit<8> passes; }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.data.b1 = hdr.data.b1 + 1;
        meta.passes = meta.passes + 1;
        if (sm.instance_type == 4) { hdr.data.h1 = hdr.data.h1 + 1; }
        sm.egress_spec = 3;
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (meta.passes < 3) {
            recirculate_preserving_field_list(0);
        }
        hdr.data.b2 = (bit<8>)sm.instance_type;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), DataDeparser()) main;
