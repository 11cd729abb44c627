// A parser value_set: with no members configured, select falls through to default.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { bit<8> path; }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    value_set<bit<8>>(4) special;
    state start {
        pkt.extract(hdr.data);
        transition select(hdr.data.b1) { special: marked; 5: five; default: accept; }
    }
    state marked { meta.path = 1; transition accept; }
    state five { meta.path = 5; transition accept; }
}
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply { sm.egress_spec = 1; hdr.data.b2 = meta.path; }
}
V1Switch(MyParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
