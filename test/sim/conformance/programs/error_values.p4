// Values of type error in metadata, compared and assigned.
#include "include/data.p4"
struct headers { data_t data; }
error { Custom }
struct metadata { error e; }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)

control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        meta.e = hdr.data.b1 == 1 ? error.Custom : error.NoError;
        if (meta.e == error.Custom) { sm.egress_spec = 2; } else { sm.egress_spec = 1; }
        if (sm.parser_error == error.NoError) { hdr.data.b2 = 0xaa; }
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
