// A parser instantiated and called from a state of the top-level parser.
#include "include/data.p4"
header tail_t { bit<16> v; }
struct headers { data_t data; tail_t tail; }
struct metadata { }
parser TailParser(packet_in pkt, out tail_t tail) {
    state start { pkt.extract(tail); transition accept; }
}
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    TailParser() tp;
    state start {
        pkt.extract(hdr.data);
        transition select(hdr.data.b1) { 1: more; default: accept; }
    }
    state more { tp.apply(pkt, hdr.tail); transition accept; }
}
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        sm.egress_spec = 1;
        if (hdr.tail.isValid()) { hdr.tail.v = hdr.tail.v + 1; }
    }
}
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.data); pkt.emit(hdr.tail); } }
V1Switch(MyParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), MyDeparser()) main;
