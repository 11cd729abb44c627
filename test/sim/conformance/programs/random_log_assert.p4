// random() with lo == hi is deterministic; a wide range stays in bounds; log_msg, assert,
// assume and digest run without changing the packet.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
struct learn_t { bit<32> f1; bit<9> port; }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        bit<8> fixed;
        random(fixed, 8w7, 8w7);
        hdr.data.b1 = fixed;
        bit<16> r;
        random(r, 16w10, 16w20);
        hdr.data.b2 = (r >= 10 && r <= 20) ? 8w1 : 8w0;
        log_msg("f1={} b1={}", { hdr.data.f1, hdr.data.b1 });
        log_msg("plain message");
        assert(hdr.data.b1 == 7);
        assume(true);
        digest<learn_t>(1, { hdr.data.f1, sm.ingress_port });
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
