// truncate(n) keeps the first n bytes of the packet that leaves.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        sm.egress_spec = 1;
        if (hdr.data.b1 == 1) { truncate(6); }
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
