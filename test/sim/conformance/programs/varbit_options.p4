// varbit: IPv4 options extracted with a length computed from ihl, emitted back unchanged.
#include <core.p4>
#include <v1model.p4>
header ipv4_t {
    bit<4> version; bit<4> ihl; bit<8> diffserv; bit<16> totalLen;
    bit<16> identification; bit<3> flags; bit<13> fragOffset;
    bit<8> ttl; bit<8> protocol; bit<16> hdrChecksum;
    bit<32> srcAddr; bit<32> dstAddr;
}
header options_t { varbit<320> options; }
struct headers { ipv4_t ipv4; options_t opts; }
struct metadata { }
parser MyParser(packet_in pkt, out headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.ipv4);
        transition select(hdr.ipv4.ihl) { 5: accept; default: options; }
    }
    state options {
        pkt.extract(hdr.opts, ((bit<32>)hdr.ipv4.ihl - 5) * 32);
        transition accept;
    }
}
control MyVerify(inout headers hdr, inout metadata meta) { apply { } }
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        sm.egress_spec = hdr.opts.isValid() ? 9w2 : 9w1;
        hdr.ipv4.ttl = hdr.ipv4.ttl - 1;
        if (sm.parser_error != error.NoError) { sm.egress_spec = 3; }
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) { apply { } }
control MyCompute(inout headers hdr, inout metadata meta) { apply { } }
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.ipv4); pkt.emit(hdr.opts); } }
V1Switch(MyParser(), MyVerify(), MyIngress(), MyEgress(), MyCompute(), MyDeparser()) main;
