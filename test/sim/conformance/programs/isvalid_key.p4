// A table keyed on a header's validity (isValid() as an exact bool key).
#include "include/data.p4"
header opt_t { bit<8> v; }
struct headers { data_t data; opt_t opt; }
struct metadata { }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.data);
        transition select(hdr.data.b1) { 1: opt; default: accept; }
    }
    state opt { pkt.extract(hdr.opt); transition accept; }
}
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action set(bit<9> port) { sm.egress_spec = port; }
    table t { key = { hdr.opt.isValid(): exact @name("opt_valid"); } actions = { set; } default_action = set(9); }
    apply { t.apply(); }
}
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.data); pkt.emit(hdr.opt); } }
V1Switch(MyParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), MyDeparser()) main;
