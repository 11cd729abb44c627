// Whole-header assignment (copies fields and validity) and header initialised from a list.
#include "include/data.p4"
header pair_t { bit<8> a; bit<8> b; }
struct headers { data_t data; pair_t p; pair_t q; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.p = { hdr.data.b1, hdr.data.b2 };
        hdr.q = hdr.p;
        hdr.q.b = 0xff;
        sm.egress_spec = 1;
    }
}
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.data); pkt.emit(hdr.p); pkt.emit(hdr.q); } }
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), MyDeparser()) main;
