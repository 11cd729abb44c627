// A varbit extract whose run-time size is not a whole number of bytes ends the parser with
// ParserInvalidArgument, as BMv2 does; a size over the field's maximum is HeaderTooShort.
// The error's index is written into the first header's last byte so the STF can see it.
#include <core.p4>
#include <v1model.p4>

header len_t {
    bit<8> bits;
    bit<8> err;
}
header opt_t {
    varbit<16> data;
}
struct headers_t {
    len_t len;
    opt_t opt;
}
struct meta_t {}

parser VarParser(packet_in pkt, out headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    state start {
        pkt.extract(hdr.len);
        pkt.extract(hdr.opt, (bit<32>) hdr.len.bits);
        transition accept;
    }
}

control NoVerify(inout headers_t hdr, inout meta_t meta) { apply { } }

control VarIngress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) {
    apply {
        sm.egress_spec = 1;
        if (sm.parser_error == error.ParserInvalidArgument) {
            hdr.len.err = 1;
        } else if (sm.parser_error == error.HeaderTooShort) {
            hdr.len.err = 2;
        }
    }
}

control NoEgress(inout headers_t hdr, inout meta_t meta, inout standard_metadata_t sm) { apply { } }
control NoCompute(inout headers_t hdr, inout meta_t meta) { apply { } }

control VarDeparser(packet_out pkt, in headers_t hdr) {
    apply {
        pkt.emit(hdr.len);
        pkt.emit(hdr.opt);
    }
}

V1Switch(VarParser(), NoVerify(), VarIngress(), NoEgress(), NoCompute(), VarDeparser()) main;
