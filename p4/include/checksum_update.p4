/*
 * Corelb data plane: incremental update of a 16-bit one's-complement checksum when a 32-bit
 * field it covers changes (RFC 1624, eqn. 3: HC' = ~(~HC + ~m + m')). Used for the TCP/UDP
 * checksums when the IPv4 address in their pseudo-header is rewritten; a packet whose checksum
 * was wrong stays wrong, as it should. No loops: two explicit carry folds suffice for five
 * 16-bit addends.
 */
#ifndef CORELB_CHECKSUM_UPDATE_P4
#define CORELB_CHECKSUM_UPDATE_P4

bit<16> csum16_replace32(in bit<16> checksum, in bit<32> old_value, in bit<32> new_value) {
    bit<32> sum = (bit<32>)(~checksum)
                + (bit<32>)(~old_value[31:16]) + (bit<32>)(~old_value[15:0])
                + (bit<32>)new_value[31:16] + (bit<32>)new_value[15:0];
    sum = (sum & 0xFFFF) + (sum >> 16);
    sum = (sum & 0xFFFF) + (sum >> 16);
    return ~sum[15:0];
}

/* UDP: a checksum of 0 means "none" and stays 0; a computed 0 is sent as 0xFFFF (RFC 768). */
bit<16> udp_csum_replace32(in bit<16> checksum, in bit<32> old_value, in bit<32> new_value) {
    bit<16> updated = csum16_replace32(checksum, old_value, new_value);
    if (checksum == 0) {
        updated = 0;
    } else if (updated == 0) {
        updated = 0xFFFF;
    }
    return updated;
}

#endif
