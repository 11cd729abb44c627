// clone_preserving_field_list(I2E, ...) keeps the @field_list(2) metadata in the clone.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { @field_list(2) bit<8> keep; bit<8> drop_me; }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        meta.keep = 0x42;
        meta.drop_me = 0x43;
        sm.egress_spec = 1;
        clone_preserving_field_list(CloneType.I2E, 3, 2);
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (sm.instance_type == 1) { hdr.data.b1 = meta.keep; hdr.data.b2 = meta.drop_me; }
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), DataDeparser()) main;
