// A parser loop that counts TLVs in metadata until a terminator; transitions on a
// lookahead and a struct field.
#include <core.p4>
#include <v1model.p4>
header tlv_t { bit<8> type; bit<8> value; }
header count_t { bit<8> n; bit<8> sum; }
struct headers { count_t count; tlv_t[8] tlvs; }
struct metadata { bit<8> n; bit<8> sum; }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start { transition select(pkt.lookahead<bit<8>>()) { 0: done; default: tlv; } }
    state tlv {
        pkt.extract(hdr.tlvs.next);
        meta.n = meta.n + 1;
        meta.sum = meta.sum + hdr.tlvs.last.value;
        transition select(pkt.lookahead<bit<8>>()) { 0: done; default: tlv; }
    }
    state done { pkt.advance(8); transition accept; }
}
control MyVerify(inout headers hdr, inout metadata meta) { apply { } }
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.count.setValid();
        hdr.count.n = meta.n;
        hdr.count.sum = meta.sum;
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) { apply { } }
control MyCompute(inout headers hdr, inout metadata meta) { apply { } }
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.count); pkt.emit(hdr.tlvs); } }
V1Switch(MyParser(), MyVerify(), MyIngress(), MyEgress(), MyCompute(), MyDeparser()) main;
