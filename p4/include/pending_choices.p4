/*
 * Corelb data plane: the pending-flow choice array, parallel to pending_signature. A claiming
 * flow stores the (server, core) KSetSlots picked; a pending hit reads it back, so every packet
 * of a new flow lands on the same core until the controller's redirect entry exists.
 *
 * A pending hit also counts itself in the slot's top byte (8 bits, wrapping) and, when the count
 * becomes 4, 8, 16, 32, 64, 128 or 0 (256), asks for the new-flow digest again: if the first
 * digest was lost (the digest queue overflowed), the controller still learns the flow, while a
 * flow whose entry lands within a few packets adds no digests, and a long-pending one adds at
 * most 7 per 256 packets.
 *
 * Register layout: pending_choice[pending index] = hits(8) ++ server(16) ++ core(8), hits 0 on
 * the claim.
 * One write (claim) or one read-modify-write (hit) per packet. TNA: one RegisterAction per
 * direction; the hit's RegisterAction increments the top byte and returns the old word, and the
 * power-of-two test on the new count goes to a small exact-match table on it (or the hash unit).
 */
#ifndef CORELB_PENDING_CHOICES_P4
#define CORELB_PENDING_CHOICES_P4

#include "headers.p4"

control PendingChoices(inout headers_t hdr, inout local_metadata_t meta) {

    register<bit<32>>(PENDING_FLOW_SLOTS) pending_choice;

    apply {
        if (meta.pending_claim) {
            pending_choice.write(meta.pending_index, 8w0 ++ meta.server ++ meta.core);
        } else if (meta.pending_hit) {
            bit<32> choice;
            pending_choice.read(choice, meta.pending_index);
            bit<8> hits = choice[31:24] + 1;
            pending_choice.write(meta.pending_index, hits ++ choice[23:0]);
            meta.server = choice[23:8];
            meta.core = choice[7:0];
            meta.flow_chosen = true;
            meta.pending_resend = (hits & (hits - 1)) == 0 && (hits & PENDING_RESEND_MIN_HITS_MASK) == 0;
        }
    }
}

#endif
