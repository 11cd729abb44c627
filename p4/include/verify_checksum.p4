/*
 * Corelb data plane: IPv4 header checksum verification. A mismatch sets
 * standard_metadata.checksum_error; ingress drops such packets (DROP_IPV4_CHECKSUM).
 * Headers with options are not verified here (their options are not parsed); they never take the
 * load-balancing path.
 * TNA: verification moves into the ingress parser with the Checksum extern (verify()).
 */
#ifndef CORELB_VERIFY_CHECKSUM_P4
#define CORELB_VERIFY_CHECKSUM_P4

#include "headers.p4"

control LbVerifyChecksum(inout headers_t hdr, inout local_metadata_t meta) {
    apply {
        verify_checksum(
            hdr.ipv4.isValid() && hdr.ipv4.ihl == IPV4_IHL_NO_OPTIONS,
            { hdr.ipv4.version, hdr.ipv4.ihl, hdr.ipv4.dscp, hdr.ipv4.ecn, hdr.ipv4.total_len,
              hdr.ipv4.identification, hdr.ipv4.reserved_flag, hdr.ipv4.dont_fragment,
              hdr.ipv4.more_fragments, hdr.ipv4.frag_offset, hdr.ipv4.ttl, hdr.ipv4.protocol,
              hdr.ipv4.src_addr, hdr.ipv4.dst_addr },
            hdr.ipv4.hdr_checksum,
            HashAlgorithm.csum16);
    }
}

#endif
