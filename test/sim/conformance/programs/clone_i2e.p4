// clone(I2E) sends a copy of the received packet (not the ingress-modified one) to the session port.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.data.f1 = 0xffffffff;
        sm.egress_spec = 1;
        clone(CloneType.I2E, 5);
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply { hdr.data.b2 = (bit<8>)sm.instance_type; }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), DataDeparser()) main;
