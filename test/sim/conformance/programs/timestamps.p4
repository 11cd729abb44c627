// ingress_global_timestamp and egress_global_timestamp (microseconds since the switch
// started) never run backwards within a packet; the low bits are copied out for tests
// that drive the switch with a manual clock.
#include "include/data.p4"
struct headers { data_t data; }
struct metadata { bit<48> ingress_ts; }
DATA_PARSER(headers, metadata)
NO_CHECKSUM(headers, metadata)
DATA_DEPARSER(headers)
control MyIngress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        meta.ingress_ts = sm.ingress_global_timestamp;
        hdr.data.f1 = (bit<32>)sm.ingress_global_timestamp;
        sm.egress_spec = 1;
    }
}
control MyEgress(inout headers hdr, inout metadata meta, inout standard_metadata_t sm) {
    apply {
        hdr.data.f2 = (bit<32>)sm.egress_global_timestamp;
        hdr.data.b1 = sm.egress_global_timestamp >= meta.ingress_ts ? 8w1 : 8w0;
        hdr.data.h1 = (bit<16>)sm.enq_qdepth + (bit<16>)sm.deq_qdepth;
    }
}
V1Switch(DataParser(), NoVerify(), MyIngress(), MyEgress(), NoCompute(), DataDeparser()) main;
