// exit ends ingress at once (egress still runs); return leaves the apply block.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action stop() { sm.egress_spec = 2; exit; }
    apply {
        sm.egress_spec = 1;
        if (hdr.data.b1 == 1) { stop(); }
        if (hdr.data.b1 == 2) { hdr.data.b2 = 0x22; return; }
        hdr.data.b2 = 0x33;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
