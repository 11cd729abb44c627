/*
 * Corelb data plane: IPv4 header checksum, recomputed for the headers ingress rewrote
 * (VIP->DIP, DIP->VIP, TTL, DSCP). TCP/UDP checksums are updated incrementally in ingress
 * (checksum_update.p4), so payload bytes never need to be summed.
 * TNA: the deparser's Checksum extern computes the same list.
 */
#ifndef CORELB_COMPUTE_CHECKSUM_P4
#define CORELB_COMPUTE_CHECKSUM_P4

#include "headers.p4"

control LbComputeChecksum(inout headers_t hdr, inout local_metadata_t meta) {
    apply {
        update_checksum(
            hdr.ipv4.isValid() && meta.ipv4_rewritten,
            { hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.dscp, hdr.ipv4.ecn, hdr.ipv4.total_len,
              hdr.ipv4.identification, hdr.ipv4.reserved_flag, hdr.ipv4.dont_fragment,
              hdr.ipv4.more_fragments, hdr.ipv4.frag_offset, hdr.ipv4.ttl, hdr.ipv4.protocol,
              hdr.ipv4.src_addr, hdr.ipv4.dst_addr },
            hdr.ipv4.hdr_checksum,
            HashAlgorithm.csum16);
    }
}

#endif
