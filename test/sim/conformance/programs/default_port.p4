// Without an egress_spec assignment a packet leaves on port 0 (BMv2).
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply { hdr.data.b2 = 0x42; }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
