/*
 * Corelb data plane: egress. Everything is decided in ingress (one pass, no replication), so
 * egress has nothing to do; it exists because v1model requires it.
 * TNA: the egress pipeline stays empty too.
 */
#ifndef CORELB_EGRESS_P4
#define CORELB_EGRESS_P4

#include "headers.p4"

control LbEgress(inout headers_t hdr,
                 inout local_metadata_t meta,
                 inout standard_metadata_t standard_metadata) {
    apply { }
}

#endif
