/*
 * Corelb: a load-aware, CPU-core-level L4 load balancer (DESIGN.md section 3), for v1model
 * (BMv2 simple_switch_grpc and Corelb's simulator). Names, register layouts and digest field
 * orders are documented in docs/dataplane.md.
 *
 * Tofino readiness: no loops; each register is accessed at most once per packet (one read, one
 * write, or one read-modify-write); every table and sub-control is applied at most once on any
 * path; hashes are CRC16/CRC32; arithmetic is 8/16/32-bit add, compare, shift and slice (no
 * multiply, divide or modulo). Places that need a different TNA construct say so.
 */
#include <core.p4>
#include <v1model.p4>

#include "include/constants.p4"
#include "include/headers.p4"
#include "include/parser.p4"
#include "include/verify_checksum.p4"
#include "include/ingress.p4"
#include "include/egress.p4"
#include "include/compute_checksum.p4"
#include "include/deparser.p4"

V1Switch(
    LbParser(),
    LbVerifyChecksum(),
    LbIngress(),
    LbEgress(),
    LbComputeChecksum(),
    LbDeparser()
) main;
