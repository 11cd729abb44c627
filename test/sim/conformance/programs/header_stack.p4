// Header stacks: extract(next) in a loop, last/lastIndex (in the parser), push_front/pop_front, emit.
#include <core.p4>
#include <v1model.p4>
header label_t { bit<7> value; bit<1> bos; }
header info_t { bit<8> count; bit<8> last; }
struct headers { info_t info; label_t[4] labels; }
struct metadata { bit<8> count; bit<8> last; }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start { pkt.extract(hdr.info); transition labels; }
    state labels {
        pkt.extract(hdr.labels.next);
        meta.count = (bit<8>)hdr.labels.lastIndex;
        meta.last = (bit<8>)hdr.labels.last.value;
        transition select(hdr.labels.last.bos) { 1: accept; default: labels; }
    }
}
control MyVerify(inout headers hdr, inout metadata meta) { apply { } }
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        // last and lastIndex are parser-only (P4_16 spec): the parser saved them.
        hdr.info.count = meta.count;
        hdr.info.last = meta.last;
        if (hdr.info.count == 0) {
            hdr.labels.push_front(1);
            hdr.labels[0].setValid();
            hdr.labels[0].value = 0x55;
            hdr.labels[0].bos = 0;
        } else {
            hdr.labels.pop_front(1);
        }
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) { apply { } }
control MyCompute(inout headers hdr, inout metadata meta) { apply { } }
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.info); pkt.emit(hdr.labels); } }
V1Switch(MyParser(), MyVerify(), MyIngress(), MyEgress(), MyCompute(), MyDeparser()) main;
