// select with masks (&&&), ranges (..), tuples, default and _.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { bit<8> path; }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.data);
        transition select(hdr.data.b1, hdr.data.b2) {
            (0x10 &&& 0xf0, _): masked;
            (1 .. 5, 0): ranged;
            (_, 0xff): any_first;
            default: other;
        }
    }
    state masked { meta.path = 1; transition accept; }
    state ranged { meta.path = 2; transition accept; }
    state any_first { meta.path = 3; transition accept; }
    state other { meta.path = 4; transition accept; }
}
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply { sm.egress_spec = (bit<9>)meta.path; }
}
V1Switch(MyParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
