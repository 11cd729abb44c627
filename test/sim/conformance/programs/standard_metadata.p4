// ingress_port, packet_length and instance_type as ingress and egress see them; egress_spec
// reads 0 in egress (BMv2 sets it to 512 there, which its 9-bit field holds as 0).
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.data.f1 = (bit<32>)sm.ingress_port;
        hdr.data.f2 = sm.packet_length;
        sm.egress_spec = sm.ingress_port + 1;
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.data.h1 = (bit<16>)sm.egress_port;
        hdr.data.b1 = (bit<8>)sm.instance_type;
        hdr.data.b2 = (bit<8>)sm.egress_spec;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), DataDeparser()) main;
