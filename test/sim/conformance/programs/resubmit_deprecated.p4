// The deprecated resubmit(data) with the whole user-metadata struct keeps all of it; with a
// list of fields (whose l-values the simulator cannot see) it keeps nothing.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { bit<8> a; bit<8> b; }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        if (sm.instance_type == 0) {
            meta.a = 0x0a;
            meta.b = 0x0b;
            if (hdr.data.h1 == 1) { resubmit(meta); } else { resubmit({ meta.a }); }
        } else {
            hdr.data.b1 = meta.a;
            hdr.data.b2 = meta.b;
            sm.egress_spec = 1;
        }
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
