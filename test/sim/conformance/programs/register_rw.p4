// A register read-modify-write per packet; the control plane reads and writes cells.
// An index past the end reads 0 and a write there is ignored (BMv2).
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    register<bit<32>>(4) totals;
    apply {
        bit<32> current;
        totals.read(current, (bit<32>)hdr.data.b1);
        current = current + hdr.data.f2;
        totals.write((bit<32>)hdr.data.b1, current);
        hdr.data.f1 = current;
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
