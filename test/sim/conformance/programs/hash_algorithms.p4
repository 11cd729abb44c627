// v1model hash() with every deterministic algorithm over {f1, h1}, plus base + (hash mod max).
#include "include/data.p4"
header out_t {
    bit<32> crc32;
    bit<16> crc16;
    bit<16> csum16;
    bit<16> xor16;
    bit<48> identity;
    bit<16> mod;
    bit<16> base_only;
}
struct headers { data_t data; out_t out; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.out.setValid();
        hash(hdr.out.crc32, HashAlgorithm.crc32, 32w0, { hdr.data.f1, hdr.data.h1 }, 64w4294967296);
        hash(hdr.out.crc16, HashAlgorithm.crc16, 16w0, { hdr.data.f1, hdr.data.h1 }, 32w65536);
        hash(hdr.out.csum16, HashAlgorithm.csum16, 16w0, { hdr.data.f1, hdr.data.h1 }, 32w65536);
        hash(hdr.out.xor16, HashAlgorithm.xor16, 16w0, { hdr.data.f1, hdr.data.h1 }, 32w65536);
        hash(hdr.out.identity, HashAlgorithm.identity, 48w0, { hdr.data.f1, hdr.data.h1 }, 64w0x1000000000000);
        hash(hdr.out.mod, HashAlgorithm.crc16, 16w100, { hdr.data.f1, hdr.data.h1 }, 32w7);
        hash(hdr.out.base_only, HashAlgorithm.crc32, 16w9, { hdr.data.f1 }, 32w0);
        sm.egress_spec = 1;
    }
}
control MyDeparser(packet_out pkt, in headers hdr) { apply { pkt.emit(hdr.data); pkt.emit(hdr.out); } }
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), MyDeparser()) main;
