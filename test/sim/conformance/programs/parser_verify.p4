// verify() in a parser raises the given error: parser_error holds it in ingress.
#include "include/data.p4"
error { BadVersion }
struct headers { data_t data; }
struct metadata { }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.data);
        verify(hdr.data.b1 == 4, error.BadVersion);
        transition accept;
    }
}
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (sm.parser_error == error.BadVersion) { sm.egress_spec = 2; }
        else if (sm.parser_error == error.NoMatch) { sm.egress_spec = 3; }
        else { sm.egress_spec = 1; }
    }
}
V1Switch(MyParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
