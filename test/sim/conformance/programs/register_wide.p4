// Register cells wider than 32 bits (bit<48>) and signed cells (int<8>).
#include "include/data.p4"
header wide_t { bit<48> value; }
struct headers { data_t data; wide_t wide; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    register<bit<48>>(2) stamps;
    register<int<8>>(1) signed_cell;
    apply {
        bit<48> v;
        stamps.read(v, 0);
        v = v + 48w0x100000001;
        stamps.write(0, v);
        hdr.wide.setValid();
        hdr.wide.value = v;
        int<8> s;
        signed_cell.read(s, 0);
        s = s - 1;
        signed_cell.write(0, s);
        hdr.data.b1 = (bit<8>)s;
        sm.egress_spec = 1;
    }
}
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.data); pkt.emit(hdr.wide); } }
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), MyDeparser()) main;
