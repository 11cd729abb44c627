// A select without a matching case raises NoMatch; reject ends parsing without an error.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.data);
        transition select(hdr.data.b1) { 1: accept; 2: reject; }
    }
}
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (sm.parser_error == error.NoMatch) { sm.egress_spec = 3; } else { sm.egress_spec = 1; }
    }
}
V1Switch(MyParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
