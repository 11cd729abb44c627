// Emitting a header stack writes only its valid elements, in index order.
#include "include/data.p4"
header e_t { bit<8> v; }
struct headers { data_t data; e_t[3] s; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.s[0].setValid(); hdr.s[0].v = 0xa0;
        hdr.s[2].setValid(); hdr.s[2].v = 0xa2;
        hdr.s[1].v = 0xa1;
        sm.egress_spec = 1;
    }
}
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.data); pkt.emit(hdr.s); } }
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), MyDeparser()) main;
