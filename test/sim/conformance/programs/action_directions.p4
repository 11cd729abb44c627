// Actions with directional parameters called directly: copy-in/copy-out, including swapping through two inout arguments.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    action inc(inout bit<8> x) { x = x + 1; }
    action swap(inout bit<8> a, inout bit<8> b) { bit<8> t = a; a = b; b = t; }
    action get(out bit<32> r, in bit<32> v) { r = v + 1; }
    apply {
        inc(hdr.data.b1);
        inc(hdr.data.b1);
        swap(hdr.data.b1, hdr.data.b2);
        get(hdr.data.f2, hdr.data.f1);
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
