// Indexed counters of each type; the STF checks packet and byte counts.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
NO_EGRESS(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    counter(8, CounterType.packets) by_packets;
    counter(8, CounterType.bytes) by_bytes;
    counter(8, CounterType.packets_and_bytes) by_both;
    apply {
        by_packets.count((bit<32>)hdr.data.b1);
        by_bytes.count((bit<32>)hdr.data.b1);
        by_both.count((bit<32>)hdr.data.b1);
        sm.egress_spec = 1;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), NoEgress(), NoCompute(), DataDeparser()) main;
