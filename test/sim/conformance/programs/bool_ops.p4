// Boolean &&, || (short-circuit), ! and comparisons.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        bool small = hdr.data.b1 < 10;
        bool even = hdr.data.b1[0:0] == 0;
        hdr.data.f1 = (small && even) ? 32w1 : 32w0;
        hdr.data.f2 = (small || even) ? 32w1 : 32w0;
        hdr.data.h1 = !small ? 16w1 : 16w0;
        hdr.data.b2 = (hdr.data.b1 != 3 && !(hdr.data.b1 >= 200)) ? 8w1 : 8w0;
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
