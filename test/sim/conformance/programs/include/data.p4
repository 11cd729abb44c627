// Shared by the conformance programs: a 12-byte test header and the usual empty blocks.
#ifndef CONFORMANCE_DATA_P4
#define CONFORMANCE_DATA_P4
#include <core.p4>
#include <v1model.p4>

header data_t {
    bit<32> f1;
    bit<32> f2;
    bit<16> h1;
    bit<8>  b1;
    bit<8>  b2;
}

// Parses one data_t header.
#define DATA_PARSER(H, M) \
parser DataParser(packet_in pkt, out H hdr, inout M meta, inout standard_metadata_t sm) { \
    state start { pkt.extract(hdr.data); transition accept; } \
}

#define NO_CHECKSUM(H, M) \
control NoVerify(inout H hdr, inout M meta) { apply { } } \
control NoCompute(inout H hdr, inout M meta) { apply { } }

#define NO_EGRESS(H, M) \
control NoEgress(inout H hdr, inout M meta, inout standard_metadata_t sm) { apply { } }

#define DATA_DEPARSER(H) \
control DataDeparser(packet_out pkt, in H hdr) { apply { pkt.emit(hdr.data); } }

#endif
